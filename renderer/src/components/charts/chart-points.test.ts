import { describe, expect, it } from 'vitest';
import { MAX_POINTS } from '../../../../shared/contract-dashboards';
import { areaRows, capPoints, countPoints, type ChartRow } from './chart-points';

const rows = (n: number): ChartRow[] =>
  Array.from({ length: n }, (_, i) => ({ at: i * 1000, a: i % 2 === 0 ? 1 : null, b: 2 }));

describe('capPoints', () => {
  it('leaves a chart within the limit alone', () => {
    const r = rows(10);
    expect(capPoints(r, 'mean')).toEqual(r);
  });

  it('never returns more than MAX_POINTS, keeping the newest time last', () => {
    const r = rows(MAX_POINTS * 3 + 7);
    const capped = capPoints(r, 'mean');
    expect(capped.length).toBe(MAX_POINTS);
    expect(capped[capped.length - 1].at).toBe(r[r.length - 1].at);
    expect(capped.every((p) => p.b === 2)).toBe(true);
  });

  it('sums amounts and averages levels, skipping unknown figures', () => {
    const r = rows(4);
    expect(capPoints(r, 'sum', 2)).toEqual([
      { at: 1000, a: 1, b: 4 },
      { at: 3000, a: 1, b: 4 },
    ]);
    expect(capPoints(r, 'mean', 2)).toEqual([
      { at: 1000, a: 1, b: 2 },
      { at: 3000, a: 1, b: 2 },
    ]);
    expect(
      capPoints(
        [
          { at: 1, a: null },
          { at: 2, a: null },
        ],
        'mean',
        1,
      ),
    ).toEqual([{ at: 2, a: null }]);
  });
});

describe('countPoints', () => {
  it('counts rows with at least one known figure of the chart', () => {
    expect(countPoints(rows(5), ['a'])).toBe(3);
    expect(countPoints(rows(5), ['a', 'b'])).toBe(5);
    expect(countPoints(rows(5), ['c'])).toBe(0);
  });
});

describe('areaRows', () => {
  it('holds a lone bucket flat over two points (an area of one point draws nothing); leaves others alone', () => {
    const one: ChartRow[] = [{ at: 3_600_000, costUsd: 0.002 }];
    expect(areaRows(one)).toEqual([
      { at: 3_600_000, costUsd: 0.002 },
      { at: 3_600_001, costUsd: 0.002 },
    ]);
    const two = rows(2);
    expect(areaRows(two)).toEqual(two);
    expect(areaRows([])).toEqual([]);
  });
});
