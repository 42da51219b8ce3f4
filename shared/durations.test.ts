import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDuration, nextPeriodEnd, parseDuration } from './durations';
import { BudgetDuration } from './schemas';

describe('addDuration', () => {
  const jan31 = Date.UTC(2026, 0, 31, 12);
  it('adds seconds, minutes, hours, days and weeks', () => {
    expect(addDuration(0, '30s')).toBe(30_000);
    expect(addDuration(0, '15m')).toBe(900_000);
    expect(addDuration(0, '1h')).toBe(3_600_000);
    expect(addDuration(0, '7d')).toBe(7 * 86_400_000);
    expect(addDuration(0, '2w')).toBe(14 * 86_400_000);
  });
  it('adds calendar months for mo and y; a missing day becomes the month end', () => {
    expect(new Date(addDuration(Date.UTC(2026, 0, 15), '1mo')).toISOString()).toBe('2026-02-15T00:00:00.000Z');
    expect(new Date(addDuration(jan31, '1mo')).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(new Date(addDuration(Date.UTC(2024, 1, 29), '1y')).toISOString()).toBe('2025-02-28T00:00:00.000Z');
  });
  it('refuses malformed durations with a message saying what is expected', () => {
    expect(() => addDuration(0, '30 days')).toThrow(/such as 30s, 15m, 1h/);
    expect(() => addDuration(0, '')).toThrow();
  });
});

describe('finding 4: durations are more than 0 and at most 10 years', () => {
  it('refuses zero, over-long and absurd durations', () => {
    for (const bad of ['0s', '00d', '0mo', '0y', '11y', '121mo', '3654d', '999999w', '1e3s', '-1d', '1.5h', '1 d'])
      expect(parseDuration(bad).ok, bad).toBe(false);
    expect(parseDuration('0s')).toMatchObject({ ok: false, message: expect.stringMatching(/longer than 0/) });
    expect(parseDuration('11y')).toMatchObject({ ok: false, message: expect.stringMatching(/10 years/) });
    for (const good of ['1s', '30s', '15m', '1h', '1d', '2w', '30d', '1mo', '120mo', '10y', '3653d'])
      expect(parseDuration(good).ok, good).toBe(true);
  });
  it('the shared schema (contract, /key/*, /team/*) refuses "0s" and says why', () => {
    const r = BudgetDuration.safeParse('0s');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/longer than 0/);
    expect(BudgetDuration.safeParse('30d').success).toBe(true);
  });
});

describe('finding 4: nextPeriodEnd is O(1) and agrees with stepping one period at a time', () => {
  const stepped = (end: number, duration: string, now: number) => {
    let next = end;
    while (next <= now) next = addDuration(next, duration);
    return next;
  };
  it('fixed units: the first period end after now', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000_000 }),
        fc.constantFrom('1s', '7s', '15m', '1h', '1d', '2w'),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 999 }),
        (end, duration, periods, within) => {
          const ms = addDuration(0, duration);
          const now = end + periods * ms + Math.floor((within / 1000) * ms);
          expect(nextPeriodEnd(end, duration, now)).toBe(stepped(end, duration, now));
        },
      ),
    );
  });
  it('months and years: the same as stepping, for days every month has', () => {
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 1990, max: 2100 }),
          month: fc.integer({ min: 0, max: 11 }),
          day: fc.integer({ min: 1, max: 28 }),
          ms: fc.integer({ min: 0, max: 86_399_999 }),
        }),
        fc.constantFrom('1mo', '3mo', '1y', '2y'),
        fc.integer({ min: 0, max: 40 * 365 * 86_400_000 }),
        ({ year, month, day, ms }, duration, ahead) => {
          const end = Date.UTC(year, month, day) + ms;
          expect(nextPeriodEnd(end, duration, end + ahead)).toBe(stepped(end, duration, end + ahead));
        },
      ),
    );
  });
  it('a clock 10,000 years ahead rolls a 1s period at once', () => {
    const end = Date.UTC(2026, 0, 1);
    const now = end + 10_000 * 365 * 86_400_000 + 123;
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) nextPeriodEnd(end, '1s', now + i);
    expect(performance.now() - started).toBeLessThan(200);
    expect(nextPeriodEnd(end, '1s', now)).toBe(now - 123 + 1000);
    expect(nextPeriodEnd(end, '1mo', Date.UTC(9999, 5, 15))).toBe(Date.UTC(9999, 6, 1));
  });
  it('an invalid stored duration is no period, not a hang', () => {
    expect(nextPeriodEnd(0, '0s', 1e12)).toBeNull();
    expect(nextPeriodEnd(0, 'nonsense', 1e12)).toBeNull();
  });
});
