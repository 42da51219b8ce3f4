// The widths rollups are kept in. Request, spend, deployment-sample and GPU rollups all bucket by
// these (a bucket starts at a multiple of its width, epoch ms, so in UTC); the dashboards pick one
// per chart and the renderer labels its axes with the same widths.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Milliseconds per bucket of each rollup width. */
export const GRANULARITY_MS = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS } as const;

/** A rollup width: the `granularity` column of the rollup tables. */
export type Granularity = keyof typeof GRANULARITY_MS;

/** Every width, finest first. */
export const GRANULARITIES: readonly Granularity[] = ['minute', 'hour', 'day'];

/** The start of the bucket of `granularity` that holds `ms`. */
export const bucketStart = (granularity: Granularity, ms: number): number =>
  Math.floor(ms / GRANULARITY_MS[granularity]) * GRANULARITY_MS[granularity];
