// What the load generator is asked to do and what it answers, shared by the bench and its worker
// process (they talk JSON over Node's IPC channel).

/** One kind of request of a mixed load (see `LoadSpec.mix`). */
export interface MixRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Streamed answers are read to their last event (`streamEnd`); others to their end. */
  stream: boolean;
}

/** What the last event of a stream carries: `data: [DONE]` for OpenAI's routes. */
export const DEFAULT_STREAM_END = 'data: [DONE]';

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
   * `chunks`: the request streams; every SSE event arriving inside the window is counted, and for
   * each read that brings events, the gap since the stream's previous such read; latency is until
   * the last event. Reading stops when the window ends.
   * `mix`: each request is drawn from `mix` (seeded, the same sequence for every path); latency
   * is until the whole answer.
   */
  measure: 'complete' | 'first-token' | 'chunks' | 'mix';
  mix?: MixRequest[];
  /**
   * `chunks` mode: text the stream's last event carries, any of them (Anthropic's `message_stop`;
   * Responses' `response.completed`, or `response.incomplete` when max_output_tokens cut it).
   */
  streamEnd?: string | string[];
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
  /** `chunks` mode: SSE events received in the measured window, and over the whole run. */
  chunks?: number;
  chunksTotal?: number;
  /** `chunks` mode: percentiles of the gap between consecutive events of one stream, ms. */
  gapP50Ms?: number;
  gapP99Ms?: number;
}
