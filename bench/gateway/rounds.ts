// The bench's measurements, taken in rounds: every cell (path × concurrency × workload) runs once
// per round, in the same order, so slow spells of a shared machine fall on every path alike.
// Figures are medians over rounds; ratios are taken within each round (the two cells ran
// seconds apart) and then their median.
import type { LoadResult } from './load-spec';

export interface CellKey {
  path: string;
  concurrency: number;
  stream: boolean;
}

/** One cell's run: what the load generator saw, and the CPU the server under test spent. */
export interface Measured extends LoadResult {
  /** CPU time of the server under test's process group per answered request, µs. */
  cpuUsPerRequest: number;
}

export interface CellSummary extends CellKey {
  rounds: number;
  requestsPerS: number;
  minRequestsPerS: number;
  maxRequestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerRequest: number;
  ok: number;
  errors: number;
  firstError: string | null;
}

export const cellId = (k: CellKey) => `${k.path}|${k.concurrency}|${k.stream ? 'stream' : 'complete'}`;

export function median(values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export class RoundResults {
  /** cellId → one result per round, in round order. */
  private readonly byCell = new Map<string, { key: CellKey; results: Measured[] }>();

  add(key: CellKey, result: Measured): void {
    const id = cellId(key);
    const entry = this.byCell.get(id) ?? { key, results: [] };
    entry.results.push(result);
    this.byCell.set(id, entry);
  }

  has(key: CellKey): boolean {
    return this.byCell.has(cellId(key));
  }

  summary(key: CellKey): CellSummary | undefined {
    const entry = this.byCell.get(cellId(key));
    if (!entry) return undefined;
    const r = entry.results;
    const rps = r.map((x) => x.requestsPerS);
    return {
      ...entry.key,
      rounds: r.length,
      requestsPerS: median(rps),
      minRequestsPerS: Math.min(...rps),
      maxRequestsPerS: Math.max(...rps),
      p50Ms: median(r.map((x) => x.p50Ms)),
      p99Ms: median(r.map((x) => x.p99Ms)),
      cpuUsPerRequest: median(r.map((x) => x.cpuUsPerRequest)),
      ok: r.reduce((s, x) => s + x.ok, 0),
      errors: r.reduce((s, x) => s + x.errors, 0),
      firstError: r.find((x) => x.firstError)?.firstError ?? null,
    };
  }

  summaries(filter: (k: CellKey) => boolean): CellSummary[] {
    return [...this.byCell.values()].filter((e) => filter(e.key)).map((e) => this.summary(e.key)!);
  }

  /**
   * `f(a, b)` for each round in which both cells ran, then the median and range of those values;
   * null when either cell never ran (a skipped peer).
   */
  paired(
    a: CellKey,
    b: CellKey,
    f: (a: Measured, b: Measured) => number,
  ): { median: number; min: number; max: number } | null {
    const ra = this.byCell.get(cellId(a))?.results;
    const rb = this.byCell.get(cellId(b))?.results;
    if (!ra || !rb) return null;
    const values = ra
      .slice(0, rb.length)
      .map((x, i) => f(x, rb[i]))
      .filter(Number.isFinite);
    if (values.length === 0) return null;
    return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
  }
}
