// The dashboards' calls (Overview, Spend, Performance pages; electron/core/api/dashboards.ts).
// Every query reads rollups only (request_rollups, the sample rollups), never raw rows, so each
// answers in milliseconds after a year of traffic. Series carry at most MAX_POINTS points: the
// core picks a bucket width (minute, hour or day rollups, merged further when needed) to fit.
import { z } from 'zod';
import { call, Empty } from './contract-parts';
import { DAY_MS } from './granularity';

/** The most points a chart series carries; longer ranges use wider buckets. */
export const MAX_POINTS = 1000;

const figure = z.number().nullable();

/** A time range, epoch ms, `toMs` exclusive. The page's 1 h / 24 h / 7 d / 30 d / custom picker. */
export const TimeRange = z
  .object({
    fromMs: z.number().int().nonnegative(),
    toMs: z.number().int().positive(),
  })
  .strict()
  .refine((r) => r.toMs > r.fromMs, { message: 'toMs must be after fromMs', path: ['toMs'] })
  .refine((r) => r.toMs - r.fromMs <= 400 * DAY_MS, { message: 'at most 400 days', path: ['toMs'] });
export type TimeRange = z.infer<typeof TimeRange>;

export const SpendGroupBy = z.enum(['key', 'modelGroup', 'team', 'deployment']);
export type SpendGroupBy = z.infer<typeof SpendGroupBy>;

export const OverviewTiles = z.object({
  /** Midnight and the first of the month in the machine's local time zone, as the tiles say. */
  spendTodayUsd: z.number(),
  spendMonthUsd: z.number(),
  /** Prompt + generation tokens/s over all deployments, from their latest samples (null: none scraped in the last minute). */
  tokensPerSecondNow: figure,
  /** Gateway requests and the fraction that failed, over the last hour. */
  requestsLastHour: z.number().int(),
  errorRateLastHour: figure,
  /** Per deployment (or scraped endpoint): its latest KV-cache usage, 0–1. */
  kvUsage: z.array(z.object({ target: z.string(), kvCacheUsage: figure, at: z.number().int().nullable() })),
  /** Per GPU: its latest sample. */
  gpus: z.array(
    z.object({
      hostId: z.string(),
      gpuIndex: z.number().int(),
      utilizationPct: figure,
      memoryUsedMib: figure,
      memoryTotalMib: figure,
      powerW: figure,
      at: z.number().int(),
    }),
  ),
  /** Today's sparkline of spend (USD per bucket) for the spend tile. */
  spendSparkline: z.array(z.object({ at: z.number().int(), costUsd: z.number() })),
});
export type OverviewTiles = z.infer<typeof OverviewTiles>;

export const SpendSeries = z.object({ id: z.string(), label: z.string() });
export const SpendReport = z.object({
  range: z.object({ fromMs: z.number().int(), toMs: z.number().int() }),
  groupBy: SpendGroupBy,
  /** Width of each point's bucket, ms. */
  bucketMs: z.number().int(),
  /** One per key / group / team / deployment seen in the range, largest spend first ('' = none). */
  series: z.array(SpendSeries),
  /** Cost per series per bucket (USD); a series absent from `costUsd` spent nothing then. Oldest first, ≤ MAX_POINTS. */
  points: z.array(z.object({ at: z.number().int(), costUsd: z.record(z.string(), z.number()) })),
  /** The table under the chart: one row per series. */
  totals: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      requests: z.number().int(),
      errors: z.number().int(),
      promptTokens: z.number().int(),
      completionTokens: z.number().int(),
      costUsd: z.number(),
    }),
  ),
  totalUsd: z.number(),
  /** Local deployments: what their tokens cost in energy, what the same tokens would cost on the cloud models they stand in for, and the difference. */
  local: z.object({
    energyUsd: z.number(),
    cloudEquivalentUsd: z.number(),
    savingUsd: z.number(),
    tokens: z.number().int(),
  }),
});
export type SpendReport = z.infer<typeof SpendReport>;

export const PerformancePoint = z.object({
  at: z.number().int(),
  promptTps: figure,
  generationTps: figure,
  requestsPs: figure,
  e2eP50Ms: figure,
  e2eP95Ms: figure,
  e2eP99Ms: figure,
  ttftP50Ms: figure,
  ttftP95Ms: figure,
  ttftP99Ms: figure,
  /** 0–1 */
  kvCacheUsage: figure,
  running: figure,
  waiting: figure,
  preemptionsPs: figure,
  /** 0–1 */
  prefixHitRate: figure,
});
export type PerformancePoint = z.infer<typeof PerformancePoint>;

export const GpuSeries = z.object({
  hostId: z.string(),
  gpuIndex: z.number().int(),
  label: z.string(),
  points: z.array(
    z.object({
      at: z.number().int(),
      utilizationPct: figure,
      memoryUsedMib: figure,
      memoryTotalMib: figure,
      powerW: figure,
    }),
  ),
});

export const PerformanceReport = z.object({
  range: z.object({ fromMs: z.number().int(), toMs: z.number().int() }),
  /** Every deployment or endpoint with samples in the range (the page's picker). */
  targets: z.array(z.string()),
  /** The one shown: the requested target, else the first of `targets`; null when there are none. */
  target: z.string().nullable(),
  bucketMs: z.number().int(),
  points: z.array(PerformancePoint),
  /** The GPUs of the target's host (all hosts' GPUs when the target is not a local deployment). */
  gpus: z.array(GpuSeries),
});
export type PerformanceReport = z.infer<typeof PerformanceReport>;

export const dashboardCalls = {
  'dashboards.overview': call(Empty, OverviewTiles),
  'dashboards.spend': call(
    z.object({ range: TimeRange, groupBy: SpendGroupBy.default('modelGroup') }).strict(),
    SpendReport,
  ),
  /** The Spend table as CSV (one row per series per bucket), for the export button. */
  'dashboards.spendCsv': call(
    z.object({ range: TimeRange, groupBy: SpendGroupBy.default('modelGroup') }).strict(),
    z.object({ filename: z.string(), csv: z.string() }),
  ),
  'dashboards.performance': call(
    z.object({ range: TimeRange, target: z.string().min(1).optional() }).strict(),
    PerformanceReport,
  ),
} as const;

export const dashboardEvents = {} as const;
