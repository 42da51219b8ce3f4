// A Spend chart bucket click opens the Logs page on exactly the rows the bucket sums: from
// inclusive, to exclusive, the last partial bucket clipped to the report's range.
import { describe, expect, it } from 'vitest';
import { filterFromParams, logsLink } from '../Logs/log-filter';
import { bucketLogFilter } from './spend-view';

const HOUR = 3_600_000;
const report = { bucketMs: HOUR, range: { fromMs: 10 * HOUR, toMs: 14 * HOUR + 1_800_000 } };

describe('spend bucket → logs filter', () => {
  it('a middle bucket is [start, start + bucket)', () => {
    expect(bucketLogFilter(11 * HOUR, report)).toEqual({ fromMs: 11 * HOUR, toMs: 12 * HOUR });
  });

  it('adjacent buckets share their boundary once: a row at the boundary belongs to the later one', () => {
    const a = bucketLogFilter(11 * HOUR, report);
    const b = bucketLogFilter(12 * HOUR, report);
    const boundaryRow = 12 * HOUR;
    const inside = (f: { fromMs: number; toMs: number }, t: number) => t >= f.fromMs && t < f.toMs;
    expect(inside(a, boundaryRow)).toBe(false);
    expect(inside(b, boundaryRow)).toBe(true);
    expect(inside(a, boundaryRow - 1)).toBe(true);
  });

  it('the last, partial bucket ends where the report does', () => {
    expect(bucketLogFilter(14 * HOUR, report)).toEqual({ fromMs: 14 * HOUR, toMs: 14 * HOUR + 1_800_000 });
  });

  it('never starts before the range, and survives the trip through the Logs link', () => {
    const f = bucketLogFilter(9 * HOUR + 5, report);
    expect(f.fromMs).toBe(10 * HOUR);
    const link = logsLink(bucketLogFilter(13 * HOUR, report));
    expect(filterFromParams(new URLSearchParams(link.split('?')[1]))).toEqual({ fromMs: 13 * HOUR, toMs: 14 * HOUR });
  });
});
