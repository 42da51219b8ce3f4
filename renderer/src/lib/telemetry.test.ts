import { describe, expect, it } from 'vitest';
import {
  downsample,
  formatPct,
  formatTps,
  mergeSamples,
  sparkView,
  SPARK_MAX_SAMPLES,
  SPARK_WINDOW_MS,
  type SparkPoint,
} from './telemetry';
import type { DeploymentSample } from './types';

const T0 = Date.parse('2025-03-14T12:00:00Z');
const sample = (at: number, over: Partial<DeploymentSample> = {}): DeploymentSample => ({
  at,
  target: 'd',
  kvCacheUsage: 0.1,
  running: 0,
  waiting: 0,
  promptTps: 0,
  generationTps: 20,
  requestsPs: 0,
  ttftP50Ms: null,
  ttftP95Ms: null,
  ttftP99Ms: null,
  e2eP50Ms: null,
  e2eP95Ms: null,
  e2eP99Ms: null,
  preemptionsPs: 0,
  prefixHitRate: null,
  ...over,
});
const every5s = (n: number, from = T0) => Array.from({ length: n }, (_, i) => sample(from + i * 5000));

describe('mergeSamples', () => {
  it('merges oldest first, one sample per time, the newer copy winning', () => {
    const loaded = [sample(T0 + 5000), sample(T0)];
    const pushed = [sample(T0 + 5000, { generationTps: 99 }), sample(T0 + 10_000)];
    const merged = mergeSamples(loaded, pushed);
    expect(merged.map((s) => s.at)).toEqual([T0, T0 + 5000, T0 + 10_000]);
    expect(merged[1].generationTps).toBe(99);
  });

  it('keeps only the window before the newest sample', () => {
    const old = sample(T0 - SPARK_WINDOW_MS - 1);
    const edge = sample(T0 - SPARK_WINDOW_MS);
    expect(mergeSamples([old, edge], [sample(T0)]).map((s) => s.at)).toEqual([edge.at, T0]);
  });

  it('keeps at most the newest SPARK_MAX_SAMPLES', () => {
    const many = Array.from({ length: 250 }, (_, i) => sample(T0 + i * 1000));
    const merged = mergeSamples([], many);
    expect(merged).toHaveLength(SPARK_MAX_SAMPLES);
    expect(merged[merged.length - 1].at).toBe(T0 + 249_000);
    expect(merged[0].at).toBe(T0 + 50_000);
  });

  it('is empty for nothing', () => {
    expect(mergeSamples([], [])).toEqual([]);
  });
});

describe('downsample', () => {
  it('returns short series as they are', () => {
    const pts: SparkPoint[] = [{ at: 1, kvPct: 1, tps: null }];
    expect(downsample(pts, 10)).toEqual(pts);
  });

  it('averages equal buckets, ignores nulls, and ends at the newest time', () => {
    const pts: SparkPoint[] = Array.from({ length: 6 }, (_, i) => ({ at: i, kvPct: i * 10, tps: i % 2 ? null : i }));
    expect(downsample(pts, 3)).toEqual([
      { at: 1, kvPct: 5, tps: 0 },
      { at: 3, kvPct: 25, tps: 2 },
      { at: 5, kvPct: 45, tps: 4 },
    ]);
    const nulls: SparkPoint[] = Array.from({ length: 4 }, (_, i) => ({ at: i, kvPct: null, tps: null }));
    expect(downsample(nulls, 2)).toEqual([
      { at: 1, kvPct: null, tps: null },
      { at: 3, kvPct: null, tps: null },
    ]);
  });

  it('draws at most the limit from a full window', () => {
    expect(
      downsample(
        every5s(180).map((s) => ({ at: s.at, kvPct: 1, tps: 1 })),
        60,
      ),
    ).toHaveLength(60);
  });
});

describe('sparkView', () => {
  it('gives KV usage in percent and the newest known figure of each', () => {
    const view = sparkView([
      sample(T0, { kvCacheUsage: 0.5, generationTps: 40 }),
      sample(T0 + 5000, { kvCacheUsage: 0.25, generationTps: null }),
    ]);
    expect(view.points).toEqual([
      { at: T0, kvPct: 50, tps: 40 },
      { at: T0 + 5000, kvPct: 25, tps: null },
    ]);
    expect(view.latest).toEqual({ kvPct: 25, tps: 40 });
    expect(view.peak).toEqual({ kvPct: 50, tps: 40 });
    expect(view.samples).toBe(2);
  });

  it('knows nothing from no samples, or from a first scrape without rates', () => {
    expect(sparkView([])).toEqual({
      points: [],
      latest: { kvPct: null, tps: null },
      peak: { kvPct: null, tps: null },
      samples: 0,
    });
    expect(sparkView([sample(T0, { kvCacheUsage: null, generationTps: null })]).latest).toEqual({
      kvPct: null,
      tps: null,
    });
  });
});

describe('formatting', () => {
  it('formats percentages and token rates', () => {
    expect([formatPct(null), formatPct(0), formatPct(3.44), formatPct(57.4), formatPct(100)]).toEqual([
      '—',
      '0 %',
      '3.4 %',
      '57 %',
      '100 %',
    ]);
    expect([formatTps(null), formatTps(0), formatTps(7.53), formatTps(1234.4)]).toEqual([
      '—',
      '0 tok/s',
      '7.5 tok/s',
      '1,234 tok/s',
    ]);
  });
});
