import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatRelative, formatUsd } from './format';

describe('formatUsd', () => {
  it('shows dollars and cents', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(1234.567)).toBe('$1,234.57');
  });
  it('keeps sub-cent token costs readable instead of rounding them to $0.00', () => {
    expect(formatUsd(0.00123)).toBe('$0.0012');
    expect(formatUsd(0.001)).toBe('$0.001');
    expect(formatUsd(4.6e-7)).toBe('$0.00000046');
  });
});

describe('formatDuration', () => {
  it('picks the unit a person would', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(2 * 3_600_000 + 10 * 60_000)).toBe('2 h 10 min');
    expect(formatDuration(3 * 86_400_000)).toBe('3 d');
  });
  it('treats negative spans as zero', () => {
    expect(formatDuration(-5)).toBe('0 ms');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2025-03-14T12:00:00Z');
  it('says how long ago or from now, to the largest unit', () => {
    expect(formatRelative('2025-03-14T11:59:50Z', now)).toBe('just now');
    expect(formatRelative('2025-03-14T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelative('2025-03-14T09:30:00Z', now)).toBe('2 h ago');
    expect(formatRelative('2025-03-16T12:00:00Z', now)).toBe('in 2 d');
  });
  it('falls back to the date beyond a week, and to the input when it is not a date', () => {
    expect(formatRelative('2025-01-02T12:00:00Z', now)).toBe('2025-01-02');
    expect(formatRelative('soon', now)).toBe('soon');
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});
