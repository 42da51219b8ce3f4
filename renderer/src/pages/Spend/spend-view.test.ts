import { describe, expect, it } from 'vitest';
import type { SpendReport } from '../../lib/dashboard-types';
import { localCostView, spendChartView, spendTableRows } from './spend-view';

const total = (id: string, costUsd: number, requests = 10, errors = 1) => ({
  id,
  label: id,
  requests,
  errors,
  promptTokens: 100,
  completionTokens: 50,
  costUsd,
});

const report = (ids: string[], over: Partial<SpendReport> = {}): SpendReport => ({
  range: { fromMs: 0, toMs: 120_000 },
  groupBy: 'deployment',
  bucketMs: 60_000,
  series: ids.map((id) => ({ id, label: id })),
  points: [
    { at: 0, costUsd: Object.fromEntries(ids.map((id, i) => [id, i + 1])) },
    { at: 60_000, costUsd: { [ids[0]]: 5 } },
  ],
  totals: ids.map((id, i) => total(id, 10 - i)),
  totalUsd: ids.reduce((s, _, i) => s + 10 - i, 0),
  local: { energyUsd: 0.1, cloudEquivalentUsd: 0.4, savingUsd: 0.3, tokens: 1000 },
  ...over,
});

describe('spend chart', () => {
  it('keys series safely (ids with dots), fills a bucket where a series spent nothing with 0', () => {
    const view = spendChartView(report(['demo-qwen3-0.6b-a', '']));
    expect(view.series.map((s) => [s.key, s.label])).toEqual([
      ['s0', 'demo-qwen3-0.6b-a'],
      ['s1', 'Cloud / no deployment'],
    ]);
    expect(view.rows).toEqual([
      { at: 0, s0: 1, s1: 2 },
      { at: 60_000, s0: 5, s1: 0 },
    ]);
  });

  it('folds series beyond the palette into "Other", adding up their spend', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const view = spendChartView(report(ids), 3);
    expect(view.series.map((s) => s.label)).toEqual(['a', 'b', 'Other (2)']);
    expect(view.rows[0]).toEqual({ at: 0, s0: 1, s1: 2, other: 3 + 4 });
  });

  it('starts one bucket before the first spend, and has no rows without any', () => {
    const points: SpendReport['points'] = [
      { at: 0, costUsd: {} },
      { at: 60_000, costUsd: { a: 0 } },
      { at: 120_000, costUsd: { a: 2 } },
      { at: 180_000, costUsd: {} },
    ];
    expect(spendChartView(report(['a'], { points })).rows).toEqual([
      { at: 60_000, s0: 0 },
      { at: 120_000, s0: 2 },
      { at: 180_000, s0: 0 },
    ]);
    expect(spendChartView(report(['a'], { points: points.slice(0, 2) })).rows).toEqual([]);
  });
});

describe('spend table', () => {
  it('sorts by cost, with error rate, share of the total and the chart colour', () => {
    const rows = spendTableRows(report(['a', 'b']));
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
    expect(rows[0].errorRate).toBeCloseTo(0.1);
    expect(rows[0].share).toBeCloseTo(10 / 19);
    expect(rows[0].color).toBe('var(--chart-1)');
  });
});

describe('local vs cloud', () => {
  it('shows energy beside the cloud price and the saving as a share of it', () => {
    const v = localCostView({ energyUsd: 0.1, cloudEquivalentUsd: 0.4, savingUsd: 0.3, tokens: 1000 });
    expect(v.bars.map((b) => b.usd)).toEqual([0.1, 0.4]);
    expect(v.savingShare).toBeCloseTo(0.75);
    expect(localCostView({ energyUsd: 0, cloudEquivalentUsd: 0, savingUsd: 0, tokens: 0 }).savingShare).toBeNull();
  });
});
