// Summaries of a window of logged requests (the most recent N), for Spend and Performance until
// the rollup-backed dashboards arrive. Pure.
import type { RequestLogRow } from './types';

export interface RequestSummary {
  count: number;
  errors: number;
  costUsd: number;
  promptTokens: number;
  completionTokens: number;
  /** null when there are no rows (or, for TTFT, no streamed rows). */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  ttftP50Ms: number | null;
}

/** Nearest-rank percentile (p in 0–100) of unsorted values; null for none. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function summarizeRequests(rows: RequestLogRow[]): RequestSummary {
  const latencies = rows.map((r) => r.latencyMs);
  const ttfts = rows.flatMap((r) => (r.ttftMs === null ? [] : [r.ttftMs]));
  return {
    count: rows.length,
    errors: rows.filter((r) => r.status >= 400).length,
    costUsd: rows.reduce((sum, r) => sum + r.costUsd, 0),
    promptTokens: rows.reduce((sum, r) => sum + r.promptTokens, 0),
    completionTokens: rows.reduce((sum, r) => sum + r.completionTokens, 0),
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
    ttftP50Ms: percentile(ttfts, 50),
  };
}
