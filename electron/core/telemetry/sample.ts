// A DeploymentSample from two consecutive readings of one engine. Pure: counters become rates
// over the interval, histogram deltas become percentiles, gauges are taken from the newer reading.
//
// Reset detection follows Prometheus's rate(): a counter lower than before means the engine
// restarted, and everything it counted since then (its current value) is the increase. A changed
// process_start_time_seconds is a restart too, caught even when the counters have already grown
// past their old values.
import type { DeploymentSample } from '../../../shared/telemetry-schemas';
import type { CumulativeHistogram, EngineReading } from './vllm-reading';

/** The increase of a counter between two readings; null when either lacks it. */
export function counterIncrease(prev: number | null, curr: number | null, restarted = false): number | null {
  if (prev === null || curr === null || !Number.isFinite(prev) || !Number.isFinite(curr)) return null;
  return restarted || curr < prev ? curr : curr - prev;
}

/** The observations between two readings of a histogram, as a cumulative histogram. */
export function histogramDelta(
  prev: CumulativeHistogram | null,
  curr: CumulativeHistogram | null,
  restarted = false,
): CumulativeHistogram | null {
  if (!prev || !curr) return null;
  const sameBuckets = prev.bounds.length === curr.bounds.length && prev.bounds.every((b, i) => b === curr.bounds[i]);
  const reset =
    restarted || !sameBuckets || curr.count < prev.count || curr.cumulative.some((c, i) => c < prev.cumulative[i]);
  if (reset) return curr;
  return {
    bounds: curr.bounds,
    cumulative: curr.cumulative.map((c, i) => c - prev.cumulative[i]),
    sum: curr.sum - prev.sum,
    count: curr.count - prev.count,
  };
}

/**
 * The q-quantile (0 < q < 1) of a cumulative histogram, interpolated linearly inside its bucket as
 * Prometheus's histogram_quantile does: the lowest bucket starts at 0, and a rank that falls in
 * the +Inf bucket answers the highest finite bound. Null when there are no observations.
 */
export function histogramQuantile(q: number, h: CumulativeHistogram | null): number | null {
  if (!h || h.bounds.length < 2) return null;
  const total = h.cumulative[h.cumulative.length - 1];
  if (!(total > 0)) return null;
  const rank = q * total;
  let b = 0;
  while (b < h.cumulative.length - 1 && h.cumulative[b] < rank) b++;
  if (b === h.bounds.length - 1) return h.bounds[h.bounds.length - 2];
  const start = b === 0 ? 0 : h.bounds[b - 1];
  const below = b === 0 ? 0 : h.cumulative[b - 1];
  const inBucket = h.cumulative[b] - below;
  if (inBucket <= 0) return h.bounds[b];
  return start + (h.bounds[b] - start) * ((rank - below) / inBucket);
}

const ms = (seconds: number | null) => (seconds === null ? null : seconds * 1000);

/**
 * The sample for `curr`, with rates since `prev` (the same target's previous reading, or null on
 * its first scrape). A non-positive interval gives null rates.
 */
export function sampleBetween(target: string, prev: EngineReading | null, curr: EngineReading): DeploymentSample {
  const seconds = prev ? (curr.at - prev.at) / 1000 : 0;
  const usable = prev !== null && seconds > 0;
  const restarted =
    usable && prev.processStart !== null && curr.processStart !== null && prev.processStart !== curr.processStart;
  const rate = (pick: (r: EngineReading) => number | null): number | null => {
    if (!usable) return null;
    const increase = counterIncrease(pick(prev), pick(curr), restarted);
    return increase === null ? null : increase / seconds;
  };
  const ttft = usable ? histogramDelta(prev.ttft, curr.ttft, restarted) : null;
  const e2e = usable ? histogramDelta(prev.e2e, curr.e2e, restarted) : null;
  const queries = usable ? counterIncrease(prev.prefixQueries, curr.prefixQueries, restarted) : null;
  const hits = usable ? counterIncrease(prev.prefixHits, curr.prefixHits, restarted) : null;
  // Finished requests: vLLM's request_success counter, else the e2e histogram's count.
  const requestsPs = rate((r) => r.requests) ?? (e2e && usable ? e2e.count / seconds : null);
  return {
    at: curr.at,
    target,
    kvCacheUsage: curr.kvCacheUsage,
    running: curr.running,
    waiting: curr.waiting,
    promptTps: rate((r) => r.promptTokens),
    generationTps: rate((r) => r.generationTokens),
    requestsPs,
    ttftP50Ms: ms(histogramQuantile(0.5, ttft)),
    ttftP95Ms: ms(histogramQuantile(0.95, ttft)),
    ttftP99Ms: ms(histogramQuantile(0.99, ttft)),
    e2eP50Ms: ms(histogramQuantile(0.5, e2e)),
    e2eP95Ms: ms(histogramQuantile(0.95, e2e)),
    e2eP99Ms: ms(histogramQuantile(0.99, e2e)),
    preemptionsPs: rate((r) => r.preemptions),
    // Hit rate only when something was queried; a hit count above the queries (mixed counters) is capped.
    prefixHitRate: queries !== null && hits !== null && queries > 0 ? Math.min(1, hits / queries) : null,
  };
}
