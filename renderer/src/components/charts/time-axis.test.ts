import { describe, expect, it } from 'vitest';
import { bucketLabel, formatPointTime, timeTickFormatter, timeTicks } from './time-axis';

const at = (d: number, h: number, m = 0) => new Date(2025, 2, d, h, m).getTime();
const HOUR = 3_600_000;

describe('timeTicks', () => {
  it('puts ticks on round local times, at most the count asked for', () => {
    const ticks = timeTicks(at(14, 9, 7), at(14, 10, 7));
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks[0]).toBe(at(14, 9, 10));
    for (const t of ticks) expect(new Date(t).getMinutes() % 10).toBe(0);
  });

  it('falls on 00/06/12/18 for a day and on midnights for a month', () => {
    const day = timeTicks(at(13, 10), at(14, 10));
    expect(day.map((t) => new Date(t).getHours())).toEqual([12, 18, 0, 6]);
    const month = timeTicks(at(1, 10), at(31, 10));
    expect(month.length).toBeLessThanOrEqual(7);
    for (const t of month) expect([new Date(t).getHours(), new Date(t).getMinutes()]).toEqual([0, 0]);
    expect(month[0]).toBeGreaterThan(at(1, 10));
  });

  it('gives nothing for an empty range', () => {
    expect(timeTicks(at(14, 9), at(14, 9))).toEqual([]);
  });
});

describe('labels', () => {
  it('shows clock times within a day, the weekday within a week, the date beyond', () => {
    expect(timeTickFormatter(HOUR)(at(14, 9, 5))).toBe('09:05');
    expect(timeTickFormatter(7 * 24 * HOUR)(at(14, 18))).toBe('Fri 18:00');
    expect(timeTickFormatter(30 * 24 * HOUR)(at(14, 0))).toBe('Mar 14');
  });

  it('names the bucket a point stands for', () => {
    expect(formatPointTime(at(14, 9, 26))).toBe('Mar 14 09:26');
    expect(bucketLabel(60_000)).toBe('minute');
    expect(bucketLabel(5 * 60_000)).toBe('5 minutes');
    expect(bucketLabel(HOUR)).toBe('hour');
    expect(bucketLabel(24 * HOUR)).toBe('day');
    expect(bucketLabel(5_000)).toBe('5 s');
  });
});
