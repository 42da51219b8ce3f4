// Bucket plans (pure): which rollup a range reads, how ranges widen to whole buckets, when points
// merge, and the pieces that sum an exact range.
import { describe, expect, it } from 'vitest';
import { exactPieces, planBuckets, pointStarts, type RangePiece } from '../../electron/core/dashboards/buckets';
import { MAX_POINTS } from '../../shared/contract-dashboards';
import { GRANULARITY_MS } from '../../shared/granularity';
import { seeded } from './support';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

describe('planBuckets', () => {
  it('picks the finest rollup that fits MAX_POINTS', () => {
    expect(planBuckets(T0, T0 + HOUR)).toEqual({ granularity: 'minute', bucketMs: MIN, fromMs: T0, toMs: T0 + HOUR });
    expect(planBuckets(T0, T0 + 1000 * MIN).granularity).toBe('minute');
    expect(planBuckets(T0, T0 + 1001 * MIN).granularity).toBe('hour');
    expect(planBuckets(T0, T0 + 1000 * HOUR).granularity).toBe('hour');
    expect(planBuckets(T0, T0 + 1001 * HOUR).granularity).toBe('day');
    expect(planBuckets(T0, T0 + 400 * DAY)).toMatchObject({ granularity: 'day', bucketMs: DAY });
  });

  it('widens to whole buckets and never plans more than MAX_POINTS points', () => {
    const rnd = seeded(7);
    for (let i = 0; i < 500; i++) {
      const from = T0 + Math.floor(rnd() * 365 * DAY);
      const to = from + 1 + Math.floor(rnd() * 400 * DAY * rnd() ** 3);
      const plan = planBuckets(from, to);
      expect(plan.fromMs).toBeLessThanOrEqual(from);
      expect(plan.toMs).toBeGreaterThanOrEqual(to);
      expect(plan.fromMs % GRANULARITY_MS[plan.granularity]).toBe(0);
      expect(pointStarts(plan).length).toBeLessThanOrEqual(MAX_POINTS);
    }
  });

  it('merges rollup buckets into wider points when told to keep fewer', () => {
    const plan = planBuckets(T0, T0 + 30 * DAY, 7);
    expect(plan).toMatchObject({ granularity: 'day', bucketMs: 5 * DAY });
    expect(pointStarts(plan)).toHaveLength(6);
  });
});

describe('exactPieces', () => {
  const covered = (pieces: RangePiece[]) => {
    // Each piece is whole buckets; together they must tile [floor-to-minute(from), to) without overlap.
    const sorted = [...pieces].sort((a, b) => a.fromMs - b.fromMs);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].fromMs).toBe(sorted[i - 1].toMs);
    for (const p of pieces) expect(p.fromMs % GRANULARITY_MS[p.granularity]).toBe(0);
    for (const p of pieces.filter((x) => x.granularity !== 'minute'))
      expect(p.toMs % GRANULARITY_MS[p.granularity]).toBe(0);
    return [sorted[0]?.fromMs, sorted.at(-1)?.toMs];
  };

  it('tiles a range with days in the middle, hours beside them and minutes at the edges', () => {
    const from = T0 + 3 * DAY + 5 * HOUR + 17 * MIN + 999;
    const to = T0 + 20 * DAY + 2 * HOUR + 3 * MIN + 1;
    const pieces = exactPieces(from, to);
    expect(pieces.map((p) => p.granularity).sort()).toEqual(['day', 'hour', 'hour', 'minute', 'minute']);
    expect(covered(pieces)).toEqual([T0 + 3 * DAY + 5 * HOUR + 17 * MIN, to]);
  });

  it('uses minutes alone within an hour and hours alone within a day', () => {
    expect(exactPieces(T0 + 5 * MIN, T0 + 50 * MIN)).toEqual([
      { granularity: 'minute', fromMs: T0 + 5 * MIN, toMs: T0 + 50 * MIN },
    ]);
    const pieces = exactPieces(T0 + 30 * MIN, T0 + 5 * HOUR + MIN);
    expect(pieces.map((p) => p.granularity).sort()).toEqual(['hour', 'minute', 'minute']);
    expect(covered(pieces)).toEqual([T0 + 30 * MIN, T0 + 5 * HOUR + MIN]);
  });
});
