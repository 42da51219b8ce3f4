import { describe, expect, it } from 'vitest';
import { addDuration } from './durations';

describe('addDuration', () => {
  const jan31 = Date.UTC(2026, 0, 31, 12);
  it('adds seconds, minutes, hours and days', () => {
    expect(addDuration(0, '30s')).toBe(30_000);
    expect(addDuration(0, '15m')).toBe(900_000);
    expect(addDuration(0, '1h')).toBe(3_600_000);
    expect(addDuration(0, '7d')).toBe(7 * 86_400_000);
  });
  it('adds calendar months for mo', () => {
    expect(new Date(addDuration(Date.UTC(2026, 0, 15), '1mo')).toISOString()).toBe('2026-02-15T00:00:00.000Z');
    expect(addDuration(jan31, '1mo')).toBeGreaterThan(jan31);
  });
  it('refuses malformed durations with a message saying what is expected', () => {
    expect(() => addDuration(0, '30 days')).toThrow(/such as 30s, 1h/);
    expect(() => addDuration(0, '')).toThrow();
  });
});
