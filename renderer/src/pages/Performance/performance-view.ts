// What the Performance page draws: one chart per engine figure (which fields, in which unit, on
// which scale) from a PerformanceReport's points, and the GPU charts with one series per GPU. Pure.
import type { ChartRow } from '../../components/charts/chart-points';
import type { ChartSeries } from '../../components/charts/ChartLegend';
import { PERCENTILE_COLORS, seriesColor } from '../../components/charts/palette';
import {
  formatCompact,
  formatMibAxis,
  formatMsAxis,
  formatPctAxis,
  formatPerSecondAxis,
  formatRateAxis,
  formatWattsAxis,
} from '../../components/charts/value-format';
import type { GpuSeries, PerformancePoint } from '../../lib/dashboard-types';

export interface EngineChart {
  name: string;
  title: string;
  subtitle: string;
  kind: 'line' | 'area';
  series: ChartSeries[];
  formatValue: (value: number) => string;
  yDomain?: [number, number | 'auto'];
}

const pct = (v: number | null) => (v === null ? null : v * 100);

/** Engine points as chart rows; the 0–1 fractions become percentages. */
export function engineRows(points: readonly PerformancePoint[]): ChartRow[] {
  return points.map((p) => ({
    at: p.at,
    promptTps: p.promptTps,
    generationTps: p.generationTps,
    requestsPs: p.requestsPs,
    e2eP50Ms: p.e2eP50Ms,
    e2eP95Ms: p.e2eP95Ms,
    e2eP99Ms: p.e2eP99Ms,
    ttftP50Ms: p.ttftP50Ms,
    ttftP95Ms: p.ttftP95Ms,
    ttftP99Ms: p.ttftP99Ms,
    kvPct: pct(p.kvCacheUsage),
    running: p.running,
    waiting: p.waiting,
    preemptionsPs: p.preemptionsPs,
    prefixPct: pct(p.prefixHitRate),
  }));
}

const percentiles = (prefix: 'e2e' | 'ttft'): ChartSeries[] => [
  { key: `${prefix}P50Ms`, label: 'p50', color: PERCENTILE_COLORS.p50 },
  { key: `${prefix}P95Ms`, label: 'p95', color: PERCENTILE_COLORS.p95 },
  { key: `${prefix}P99Ms`, label: 'p99', color: PERCENTILE_COLORS.p99, dashed: true },
];

export const ENGINE_CHARTS: EngineChart[] = [
  {
    name: 'tokens',
    title: 'Throughput',
    subtitle: 'Prompt and generation tokens per second',
    kind: 'line',
    formatValue: formatRateAxis('tok/s'),
    series: [
      { key: 'promptTps', label: 'Prompt', color: seriesColor(1) },
      { key: 'generationTps', label: 'Generation', color: seriesColor(0) },
    ],
  },
  {
    name: 'requests',
    title: 'Requests',
    subtitle: 'Finished requests per second',
    kind: 'area',
    formatValue: formatRateAxis('req/s'),
    series: [{ key: 'requestsPs', label: 'Requests/s', color: seriesColor(2) }],
  },
  {
    name: 'latency',
    title: 'Latency',
    subtitle: 'End-to-end request time, percentiles per bucket',
    kind: 'line',
    formatValue: formatMsAxis,
    series: percentiles('e2e'),
  },
  {
    name: 'ttft',
    title: 'Time to first token',
    subtitle: 'Percentiles per bucket',
    kind: 'line',
    formatValue: formatMsAxis,
    series: percentiles('ttft'),
  },
  {
    name: 'kv',
    title: 'KV-cache usage',
    subtitle: "Share of the engine's KV blocks in use",
    kind: 'area',
    formatValue: formatPctAxis,
    yDomain: [0, 100],
    series: [{ key: 'kvPct', label: 'KV cache used', color: seriesColor(3) }],
  },
  {
    name: 'queue',
    title: 'Running vs waiting',
    subtitle: 'Requests the scheduler runs and queues',
    kind: 'line',
    formatValue: formatCompact,
    series: [
      { key: 'running', label: 'Running', color: seriesColor(0) },
      { key: 'waiting', label: 'Waiting', color: seriesColor(5) },
    ],
  },
  {
    name: 'preemptions',
    title: 'Preemptions',
    subtitle: 'Sequences preempted per second (KV cache full)',
    kind: 'area',
    formatValue: formatPerSecondAxis,
    series: [{ key: 'preemptionsPs', label: 'Preemptions/s', color: seriesColor(5) }],
  },
  {
    name: 'prefix',
    title: 'Prefix-cache hit rate',
    subtitle: 'Prompt tokens served from cached blocks',
    kind: 'area',
    formatValue: formatPctAxis,
    yDomain: [0, 100],
    series: [{ key: 'prefixPct', label: 'Hit rate', color: seriesColor(4) }],
  },
];

export type GpuFigure = 'utilizationPct' | 'memoryUsedMib' | 'powerW';

export const GPU_CHARTS: {
  name: string;
  figure: GpuFigure;
  title: string;
  subtitle: string;
  formatValue: (v: number) => string;
  yDomain?: [number, number | 'auto'];
}[] = [
  {
    name: 'gpu-util',
    figure: 'utilizationPct',
    title: 'GPU utilisation',
    subtitle: 'Per GPU',
    formatValue: formatPctAxis,
    yDomain: [0, 100],
  },
  {
    name: 'gpu-memory',
    figure: 'memoryUsedMib',
    title: 'GPU memory',
    subtitle: 'Used, per GPU',
    formatValue: formatMibAxis,
  },
  { name: 'gpu-power', figure: 'powerW', title: 'GPU power', subtitle: 'Draw, per GPU', formatValue: formatWattsAxis },
];

/** One row per sample time, one field per GPU (g0, g1 …), oldest first. */
export function gpuRows(gpus: readonly GpuSeries[], figure: GpuFigure): { rows: ChartRow[]; series: ChartSeries[] } {
  const byTime = new Map<number, ChartRow>();
  gpus.forEach((gpu, i) => {
    for (const p of gpu.points) {
      const row = byTime.get(p.at) ?? { at: p.at };
      row[`g${i}`] = p[figure];
      byTime.set(p.at, row);
    }
  });
  return {
    rows: [...byTime.values()].sort((a, b) => a.at - b.at),
    series: gpus.map((gpu, i) => ({ key: `g${i}`, label: gpu.label, color: seriesColor(i) })),
  };
}

/** The largest memory any GPU reports having, MiB (the memory chart's top), or 'auto'. */
export function gpuMemoryTop(gpus: readonly GpuSeries[]): number | 'auto' {
  const totals = gpus.flatMap((g) => g.points.map((p) => p.memoryTotalMib)).filter((v): v is number => v !== null);
  return totals.length ? Math.max(...totals) : 'auto';
}
