import { describe, expect, it } from 'vitest';
import type { GpuSeries, PerformancePoint } from '../../lib/dashboard-types';
import { ENGINE_CHARTS, engineRows, gpuMemoryTop, gpuRows } from './performance-view';

const point = (at: number, over: Partial<PerformancePoint> = {}): PerformancePoint => ({
  at,
  promptTps: null,
  generationTps: null,
  requestsPs: null,
  e2eP50Ms: null,
  e2eP95Ms: null,
  e2eP99Ms: null,
  ttftP50Ms: null,
  ttftP95Ms: null,
  ttftP99Ms: null,
  kvCacheUsage: null,
  running: null,
  waiting: null,
  preemptionsPs: null,
  prefixHitRate: null,
  ...over,
});

describe('performance view', () => {
  it('turns the 0–1 fractions into percentages and keeps unknown figures unknown', () => {
    const [row] = engineRows([point(1, { kvCacheUsage: 0.42, prefixHitRate: 0.5, generationTps: 120 })]);
    expect(row).toMatchObject({ at: 1, kvPct: 42, prefixPct: 50, generationTps: 120, promptTps: null });
  });

  it('every engine chart reads fields the rows have', () => {
    const keys = Object.keys(engineRows([point(1)])[0]);
    for (const chart of ENGINE_CHARTS) for (const s of chart.series) expect(keys).toContain(s.key);
    expect(ENGINE_CHARTS.map((c) => c.name)).toEqual([
      'tokens',
      'requests',
      'latency',
      'ttft',
      'kv',
      'queue',
      'preemptions',
      'prefix',
    ]);
  });

  it('puts every GPU in its own series on a shared time axis', () => {
    const gpus: GpuSeries[] = [
      {
        hostId: 'h',
        gpuIndex: 0,
        label: 'GPU 0',
        points: [
          { at: 1, utilizationPct: 10, memoryUsedMib: 100, memoryTotalMib: 8192, powerW: 50 },
          { at: 2, utilizationPct: 20, memoryUsedMib: 100, memoryTotalMib: 8192, powerW: 60 },
        ],
      },
      {
        hostId: 'h',
        gpuIndex: 1,
        label: 'GPU 1',
        points: [{ at: 2, utilizationPct: 90, memoryUsedMib: 200, memoryTotalMib: 24576, powerW: 300 }],
      },
    ];
    const util = gpuRows(gpus, 'utilizationPct');
    expect(util.rows).toEqual([
      { at: 1, g0: 10 },
      { at: 2, g0: 20, g1: 90 },
    ]);
    expect(util.series.map((s) => s.label)).toEqual(['GPU 0', 'GPU 1']);
    expect(gpuMemoryTop(gpus)).toBe(24576);
    expect(gpuMemoryTop([])).toBe('auto');
  });
});
