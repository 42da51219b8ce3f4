import { describe, expect, it } from 'vitest';
import { customFrom, customRangeProblem, fromLocalInput, resolveRange, toLocalInput } from './time-range';

const now = new Date(2025, 2, 14, 9, 26).getTime();

describe('time ranges', () => {
  it('presets end now', () => {
    expect(resolveRange({ preset: '1h' }, now)).toEqual({ fromMs: now - 3_600_000, toMs: now });
    expect(resolveRange({ preset: '30d' }, now)).toEqual({ fromMs: now - 30 * 86_400_000, toMs: now });
  });

  it('a custom range is what was picked, and starts as the preset in view', () => {
    expect(customFrom({ preset: '24h' }, now)).toEqual({ preset: 'custom', fromMs: now - 86_400_000, toMs: now });
    expect(resolveRange({ preset: 'custom', fromMs: 5, toMs: 10 }, now)).toEqual({ fromMs: 5, toMs: 10 });
  });

  it('round-trips datetime-local values in local time', () => {
    expect(toLocalInput(now)).toBe('2025-03-14T09:26');
    expect(fromLocalInput('2025-03-14T09:26')).toBe(now);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('yesterday')).toBeNull();
  });

  it('says what is wrong with a custom range', () => {
    expect(customRangeProblem(null, now)).toMatch(/both/);
    expect(customRangeProblem(now, now)).toMatch(/after the start/);
    expect(customRangeProblem(0, 401 * 86_400_000)).toMatch(/400 days/);
    expect(customRangeProblem(now - 1, now)).toBeNull();
  });
});
