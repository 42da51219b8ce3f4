// What the load generator is asked to do and what it answers, shared by the bench and its worker
// process (they talk JSON over argv and stdout).

export interface LoadSpec {
  /** Full URL of the endpoint under test (loopback only). */
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Open connections, each with one request in flight at a time. */
  concurrency: number;
  /** Seconds of load before measuring starts (not recorded). */
  warmupS: number;
  /** Seconds measured. */
  durationS: number;
  /**
   * `complete`: latency is until the whole response has arrived.
   * `first-token`: the request streams; latency is until the first generated token's SSE event.
   */
  measure: 'complete' | 'first-token';
}

export interface LoadResult {
  /** Requests that started and finished inside the measured window with a good answer. */
  ok: number;
  /** Non-2xx answers, broken connections and malformed answers inside the measured window. */
  errors: number;
  /** Every request answered during the whole run, warm-up included (for CPU per request). */
  completed: number;
  /** Seconds actually measured. */
  windowS: number;
  requestsPerS: number;
  /** Latency percentiles, ms (until first token in `first-token` mode). */
  p50Ms: number;
  p99Ms: number;
  /** The first error seen, for the report (null when none). */
  firstError: string | null;
}
