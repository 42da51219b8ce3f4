// A deployment's recent engine samples, as the Deployments cards keep and draw them: merged from
// the `telemetry.recent` call and the `telemetry.samples` event, capped to a window and a point
// count, thinned for a tiny chart, and the latest figures as text. Pure.
import type { DeploymentSample } from './types';

/** How far back a card's sparkline reaches. */
export const SPARK_WINDOW_MS = 15 * 60_000;
/** At most this many samples kept per deployment (15 min at a 5 s scrape is 180). */
export const SPARK_MAX_SAMPLES = 200;
/** At most this many points drawn (a ~120 px chart gains nothing from more). */
export const SPARK_MAX_POINTS = 60;

/**
 * `existing` and `incoming` merged, oldest first, one sample per time (a newer copy wins), capped
 * to the window before the newest sample and to `maxSamples`. The window is measured from the
 * newest sample (the core's clock), not the renderer's, so a skewed clock loses nothing.
 */
export function mergeSamples(
  existing: readonly DeploymentSample[],
  incoming: readonly DeploymentSample[],
  windowMs = SPARK_WINDOW_MS,
  maxSamples = SPARK_MAX_SAMPLES,
): DeploymentSample[] {
  const byTime = new Map<number, DeploymentSample>();
  for (const s of existing) byTime.set(s.at, s);
  for (const s of incoming) byTime.set(s.at, s);
  const sorted = [...byTime.values()].sort((a, b) => a.at - b.at);
  if (!sorted.length) return sorted;
  const from = sorted[sorted.length - 1].at - windowMs;
  const inWindow = sorted.filter((s) => s.at >= from);
  return inWindow.length > maxSamples ? inWindow.slice(inWindow.length - maxSamples) : inWindow;
}

/** One drawn point: KV-cache usage in percent and generation tokens per second (null: not known). */
export interface SparkPoint {
  at: number;
  kvPct: number | null;
  tps: number | null;
}

export const toSparkPoint = (s: DeploymentSample): SparkPoint => ({
  at: s.at,
  kvPct: s.kvCacheUsage === null ? null : s.kvCacheUsage * 100,
  tps: s.generationTps,
});

const mean = (values: (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
};

/**
 * At most `maxPoints` points: consecutive samples averaged in equal buckets (nulls ignored; a
 * bucket with none known stays null), each at its newest sample's time, so the last point is
 * always the newest sample's time.
 */
export function downsample(points: readonly SparkPoint[], maxPoints = SPARK_MAX_POINTS): SparkPoint[] {
  if (points.length <= maxPoints) return [...points];
  const out: SparkPoint[] = [];
  for (let i = 0; i < maxPoints; i++) {
    const bucket = points.slice(
      Math.floor((i * points.length) / maxPoints),
      Math.floor(((i + 1) * points.length) / maxPoints),
    );
    out.push({
      at: bucket[bucket.length - 1].at,
      kvPct: mean(bucket.map((p) => p.kvPct)),
      tps: mean(bucket.map((p) => p.tps)),
    });
  }
  return out;
}

export interface SparkView {
  points: SparkPoint[];
  /** The newest known figure of each (a first scrape has no rate yet, so it may be older). */
  latest: { kvPct: number | null; tps: number | null };
  /** The largest known figure of each over the window (the chart's scale for tok/s). */
  peak: { kvPct: number | null; tps: number | null };
  samples: number;
}

const newest = (points: readonly SparkPoint[], key: 'kvPct' | 'tps'): number | null => {
  for (let i = points.length - 1; i >= 0; i--) if (points[i][key] !== null) return points[i][key];
  return null;
};

const largest = (points: readonly SparkPoint[], key: 'kvPct' | 'tps'): number | null => {
  const known = points.map((p) => p[key]).filter((v): v is number => v !== null);
  return known.length ? Math.max(...known) : null;
};

export function sparkView(samples: readonly DeploymentSample[], maxPoints = SPARK_MAX_POINTS): SparkView {
  const all = samples.map(toSparkPoint);
  return {
    points: downsample(all, maxPoints),
    latest: { kvPct: newest(all, 'kvPct'), tps: newest(all, 'tps') },
    peak: { kvPct: largest(all, 'kvPct'), tps: largest(all, 'tps') },
    samples: samples.length,
  };
}

/** "0 %", "3.4 %", "57 %"; "—" when not known. */
export function formatPct(pct: number | null): string {
  if (pct === null) return '—';
  return `${pct > 0 && pct < 10 ? pct.toFixed(1) : Math.round(pct)} %`;
}

/** "0 tok/s", "7.5 tok/s", "1,234 tok/s"; "—" when not known. */
export function formatTps(tps: number | null): string {
  if (tps === null) return '—';
  if (tps > 0 && tps < 10) return `${tps.toFixed(1)} tok/s`;
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(tps)} tok/s`;
}
