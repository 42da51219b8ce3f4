// Bucket plans for the dashboards' charts (pure). A range is read from the finest rollup that keeps
// a series within MAX_POINTS points (minute up to ~16 h, hour up to ~41 days, day beyond), widened
// to whole buckets of that width, and merged further (k rollup buckets per point) only when even
// that would be too many. Totals over exact ranges (today, this month) are summed from pieces:
// whole days in the middle, whole hours beside them, minutes at the edges.
import { MAX_POINTS } from '../../../shared/contract-dashboards';
import { GRANULARITIES, GRANULARITY_MS, type Granularity } from '../../../shared/granularity';

export interface BucketPlan {
  /** The rollup read. */
  granularity: Granularity;
  /** Width of one point, ms: the rollup's width × how many rollup buckets each point merges. */
  bucketMs: number;
  /** The range covered: the asked range widened to whole rollup buckets (UTC), epoch ms, `toMs` exclusive. */
  fromMs: number;
  toMs: number;
}

const floorTo = (ms: number, width: number) => Math.floor(ms / width) * width;
const ceilTo = (ms: number, width: number) => Math.ceil(ms / width) * width;

export function planBuckets(fromMs: number, toMs: number, maxPoints = MAX_POINTS): BucketPlan {
  for (const granularity of GRANULARITIES) {
    const unit = GRANULARITY_MS[granularity];
    const from = floorTo(fromMs, unit);
    const to = Math.max(ceilTo(toMs, unit), from + unit);
    const count = (to - from) / unit;
    if (count <= maxPoints || granularity === 'day') {
      return { granularity, bucketMs: unit * Math.ceil(count / maxPoints), fromMs: from, toMs: to };
    }
  }
  throw new Error('unreachable');
}

/** The start of the plan's point that a rollup bucket starting at `bucket` falls in. */
export const pointOf = (plan: BucketPlan, bucket: number): number =>
  plan.fromMs + Math.floor((bucket - plan.fromMs) / plan.bucketMs) * plan.bucketMs;

/** Every point start of the plan, oldest first. */
export function pointStarts(plan: BucketPlan): number[] {
  const starts: number[] = [];
  for (let at = plan.fromMs; at < plan.toMs; at += plan.bucketMs) starts.push(at);
  return starts;
}

export interface RangePiece {
  granularity: Granularity;
  /** Buckets of `granularity` starting in [fromMs, toMs). */
  fromMs: number;
  toMs: number;
}

/**
 * Pieces whose buckets together cover [fromMs, toMs) to the minute (the minute holding `fromMs` is
 * counted whole; the one holding `toMs` up to what it holds): at most two minute pieces, two hour
 * pieces and one day piece, so a month costs a few hundred rollup rows.
 */
export function exactPieces(fromMs: number, toMs: number): RangePiece[] {
  const from = floorTo(fromMs, GRANULARITY_MS.minute);
  const pieces: RangePiece[] = [];
  const add = (granularity: Granularity, a: number, b: number) => {
    if (a < b) pieces.push({ granularity, fromMs: a, toMs: b });
  };
  const h0 = ceilTo(from, GRANULARITY_MS.hour);
  const h1 = floorTo(toMs, GRANULARITY_MS.hour);
  if (h0 >= h1) {
    add('minute', from, toMs);
    return pieces;
  }
  add('minute', from, h0);
  add('minute', h1, toMs);
  const d0 = ceilTo(h0, GRANULARITY_MS.day);
  const d1 = floorTo(h1, GRANULARITY_MS.day);
  if (d0 >= d1) {
    add('hour', h0, h1);
    return pieces;
  }
  add('hour', h0, d0);
  add('hour', d1, h1);
  add('day', d0, d1);
  return pieces;
}

/** Midnight of `ms`'s day in the machine's local time zone. */
export function localDayStart(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Midnight of the first of `ms`'s month in the machine's local time zone. */
export function localMonthStart(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}
