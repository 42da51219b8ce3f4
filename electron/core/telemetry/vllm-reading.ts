// One scrape of a vLLM /metrics page, reduced to the figures telemetry keeps: gauges as read,
// counters and histograms as cumulative totals (turned into rates by sample.ts). Pure.
// Both metric generations of docs/vllm.md are read; where a page prints both (vLLM before
// 0.12 printed old and new side by side) the new name wins, and a pair that forms a ratio
// (prefix-cache hits/queries) is always taken from the same generation. Several label sets of one
// metric (data-parallel engines, finished reasons) are summed; the KV-cache fraction is averaged.
import type { PromExposition, PromSample } from './prom-parse';

/** Cumulative histogram: `bounds` ascending and ending at +Infinity, `cumulative[i]` = observations ≤ bounds[i]. */
export interface CumulativeHistogram {
  bounds: number[];
  cumulative: number[];
  sum: number;
  count: number;
}

export interface EngineReading {
  /** When it was scraped, epoch ms. */
  at: number;
  /** 0–1 fraction of the KV-cache pool in use. */
  kvCacheUsage: number | null;
  running: number | null;
  waiting: number | null;
  promptTokens: number | null;
  generationTokens: number | null;
  /** Finished requests of every finished_reason. */
  requests: number | null;
  preemptions: number | null;
  /** Tokens on 0.12+, blocks before (a ratio of the two is meaningful either way). */
  prefixQueries: number | null;
  prefixHits: number | null;
  /** Seconds. */
  ttft: CumulativeHistogram | null;
  e2e: CumulativeHistogram | null;
  /** process_start_time_seconds, epoch s: a change means the engine restarted. */
  processStart: number | null;
}

const samplesOf = (page: PromExposition, family: string, sampleName = family): PromSample[] =>
  page.families.get(family)?.samples.filter((s) => s.name === sampleName) ?? [];

/** A counter's total over its label sets; accepts the family named with or without `_total`. */
function counter(page: PromExposition, name: string): number | null {
  const samples = [...samplesOf(page, `${name}_total`), ...samplesOf(page, name, `${name}_total`)];
  return samples.length ? samples.reduce((a, s) => a + s.value, 0) : null;
}

function gauge(page: PromExposition, name: string, combine: 'sum' | 'mean' = 'sum'): number | null {
  const samples = samplesOf(page, name).filter((s) => !Number.isNaN(s.value));
  if (!samples.length) return null;
  const total = samples.reduce((a, s) => a + s.value, 0);
  return combine === 'sum' ? total : total / samples.length;
}

/** A histogram's buckets, summed over label sets other than `le`. */
export function histogram(page: PromExposition, name: string): CumulativeHistogram | null {
  const family = page.families.get(name);
  if (family?.type !== 'histogram') return null;
  const byBound = new Map<number, number>();
  let sum = 0;
  let count = 0;
  let seen = false;
  for (const s of family.samples) {
    if (s.name === `${name}_bucket`) {
      const le = s.labels.le === undefined ? NaN : Number(s.labels.le.replace(/^\+?inf$/i, 'Infinity'));
      if (Number.isNaN(le)) continue;
      byBound.set(le, (byBound.get(le) ?? 0) + s.value);
      seen = true;
    } else if (s.name === `${name}_sum`) sum += s.value;
    else if (s.name === `${name}_count`) count += s.value;
  }
  if (!seen) return null;
  const bounds = [...byBound.keys()].sort((a, b) => a - b);
  if (bounds[bounds.length - 1] !== Infinity) {
    bounds.push(Infinity);
    byBound.set(Infinity, count);
  }
  return { bounds, cumulative: bounds.map((b) => byBound.get(b)!), sum, count };
}

const first = <T>(...values: Array<T | null>): T | null => values.find((v) => v !== null) ?? null;

export function readVllmMetrics(page: PromExposition, at: number): EngineReading {
  const newPrefix = {
    queries: counter(page, 'vllm:prefix_cache_queries'),
    hits: counter(page, 'vllm:prefix_cache_hits'),
  };
  const oldPrefix = {
    queries: counter(page, 'vllm:gpu_prefix_cache_queries'),
    hits: counter(page, 'vllm:gpu_prefix_cache_hits'),
  };
  const prefix = newPrefix.queries !== null && newPrefix.hits !== null ? newPrefix : oldPrefix;
  return {
    at,
    kvCacheUsage: first(
      gauge(page, 'vllm:kv_cache_usage_perc', 'mean'),
      gauge(page, 'vllm:gpu_cache_usage_perc', 'mean'),
    ),
    running: gauge(page, 'vllm:num_requests_running'),
    waiting: gauge(page, 'vllm:num_requests_waiting'),
    promptTokens: counter(page, 'vllm:prompt_tokens'),
    generationTokens: counter(page, 'vllm:generation_tokens'),
    requests: counter(page, 'vllm:request_success'),
    preemptions: counter(page, 'vllm:num_preemptions'),
    prefixQueries: prefix.queries,
    prefixHits: prefix.hits,
    ttft: histogram(page, 'vllm:time_to_first_token_seconds'),
    e2e: histogram(page, 'vllm:e2e_request_latency_seconds'),
    processStart: gauge(page, 'process_start_time_seconds'),
  };
}

/** True when the page is a vLLM engine's (any generation): it has at least the request gauges. */
export function isVllmPage(reading: EngineReading): boolean {
  return reading.running !== null || reading.waiting !== null || reading.generationTokens !== null;
}
