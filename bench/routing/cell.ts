// One cell of the routing bench: open-loop Poisson arrivals at a fixed rate for a fixed time, each
// a streamed chat completion with its own prompt and output length, through one model group (one
// strategy). The arrival times and request shapes come from a seeded generator: every strategy
// sees the very same sequence. A request still unanswered `drainS` after the last arrival is
// aborted and counted as unfinished (its latency is then at least the cut-off, and percentiles
// count it as infinite).
import { performance } from 'node:perf_hooks';
import type { Gateway } from './replicas';

export interface PlannedRequest {
  atMs: number;
  promptWords: number;
  outputTokens: number;
}

/** mulberry32: small, seeded, good enough for arrival times. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const OUTPUT_MIN = 16;
export const OUTPUT_MAX = 112;
export const MEAN_OUTPUT = (OUTPUT_MIN + OUTPUT_MAX) / 2;

/** Exponential gaps at `ratePerS` for `durationS`; prompts of 16–768 words (most short: the square of a uniform draw), outputs of 16–112 tokens. */
export function planArrivals(ratePerS: number, durationS: number, seed: number): PlannedRequest[] {
  const random = seeded(seed);
  const plan: PlannedRequest[] = [];
  for (let t = 0; ; ) {
    t += (-Math.log(1 - random()) / ratePerS) * 1000;
    if (t >= durationS * 1000) return plan;
    plan.push({
      atMs: t,
      promptWords: 16 + Math.floor(random() ** 2 * 753),
      outputTokens: OUTPUT_MIN + Math.floor(random() * (OUTPUT_MAX - OUTPUT_MIN + 1)),
    });
  }
}

export interface RequestRecord {
  sentMs: number;
  /** The tokens asked for (max_tokens with ignore_eos: the tokens streamed). */
  outputTokens: number;
  /** Until the answer ended (or the cut-off, for unfinished ones). */
  doneMs: number;
  ttftMs: number | null;
  e2eMs: number | null;
  /** Which replica served it (the gateway's x-switchyard-deployment header); null when none answered. */
  target: string | null;
  error: string | null;
}

async function send(gw: Gateway, model: string, p: PlannedRequest, signal: AbortSignal): Promise<RequestRecord> {
  const sentMs = performance.now();
  const record: RequestRecord = {
    sentMs,
    outputTokens: p.outputTokens,
    doneMs: sentMs,
    ttftMs: null,
    e2eMs: null,
    target: null,
    error: null,
  };
  try {
    const response = await fetch(gw.url, {
      method: 'POST',
      headers: gw.headers,
      signal,
      body: JSON.stringify({
        model,
        messages: [{ role: 'user', content: 'lorem '.repeat(p.promptWords) }],
        max_tokens: p.outputTokens,
        ignore_eos: true,
        stream: true,
      }),
    });
    record.target = response.headers.get('x-switchyard-deployment');
    if (!response.ok || !response.body) {
      record.error = `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
    } else {
      let tail = '';
      for await (const chunk of response.body) {
        const text = Buffer.from(chunk).toString('utf8');
        if (record.ttftMs === null && /"content":"[^"]/.test(text)) record.ttftMs = performance.now() - sentMs;
        tail = (tail + text).slice(-64);
      }
      if (tail.includes('[DONE]')) record.e2eMs = performance.now() - sentMs;
      else record.error = 'stream ended without [DONE]';
    }
  } catch (err) {
    record.error = signal.aborted ? 'unfinished at the cut-off' : (err as Error).message;
  }
  record.doneMs = performance.now();
  return record;
}

/** Runs the plan against `model` (a group); resolves when every request has ended or been cut. */
export async function runCell(gw: Gateway, model: string, plan: PlannedRequest[], drainS: number) {
  const cut = new AbortController();
  const t0 = performance.now();
  const pending: Promise<RequestRecord>[] = [];
  for (const p of plan) {
    const wait = t0 + p.atMs - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(send(gw, model, p, cut.signal));
  }
  const timer = setTimeout(() => cut.abort(), drainS * 1000);
  const records = await Promise.all(pending);
  clearTimeout(timer);
  return { records, t0 };
}

/**
 * Keeps `concurrency` requests (of `outputTokens` each) in flight to `model` for `durationMs`:
 * more than a replica's max_num_seqs makes its /metrics show a queue at every scrape meanwhile.
 */
export async function closedLoop(
  gw: Gateway,
  model: string,
  concurrency: number,
  durationMs: number,
  outputTokens: number,
): Promise<RequestRecord[]> {
  const until = performance.now() + durationMs;
  const never = new AbortController().signal;
  const records: RequestRecord[] = [];
  const worker = async () => {
    while (performance.now() < until)
      records.push(await send(gw, model, { atMs: 0, promptWords: 16, outputTokens }, never));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return records;
}

/**
 * How far a replica's streams fell behind its configured inter-token latency: the median over its
 * finished requests of (end − first token) / (tokens − 1), over `itlMs`. The simulators run with
 * --itl-batch-factor 0, so on a machine with CPU to spare this is 1.0 (a little above, for the
 * relay); a starved machine stretches every step, which shows here before it shows anywhere else.
 */
export function paceVsConfigured(records: RequestRecord[], target: string, itlMs: number): number | null {
  const steps = records
    .filter((r) => r.target === target && r.e2eMs !== null && r.ttftMs !== null && r.outputTokens > 1)
    .map((r) => (r.e2eMs! - r.ttftMs!) / (r.outputTokens - 1))
    .sort((a, b) => a - b);
  return steps.length ? steps[Math.floor(steps.length / 2)] / itlMs : null;
}

/** p-th percentile; unfinished requests count as infinitely slow. */
export function percentile(values: (number | null)[], p: number): number {
  const sorted = values.map((v) => v ?? Infinity).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Requests that went to a slow replica while a fast one had a free slot, in the gateway's own
 * terms: at the moment a request was sent, a fast replica had fewer requests in flight from this
 * gateway than its max_num_seqs. In flight: requests served by it (as the answer's header says)
 * that were sent before and had not ended. Computed after the cell, from every request's send
 * and end times, so nothing is sampled and nothing is stale.
 */
export function slowWhileFastFree(records: RequestRecord[], slow: Set<string>, capacity: Map<string, number>): number {
  const fast = [...capacity.keys()].filter((name) => !slow.has(name));
  let count = 0;
  for (const r of records) {
    if (!r.target || !slow.has(r.target)) continue;
    const free = fast.some((f) => {
      let inflight = 0;
      for (const o of records) if (o !== r && o.target === f && o.sentMs < r.sentMs && o.doneMs > r.sentMs) inflight++;
      return inflight < capacity.get(f)!;
    });
    if (free) count++;
  }
  return count;
}

/** A request as the gateway logged it: when it came in, when it was sent on, when it settled, and who served it. */
export interface GatewayInterval {
  atMs: number;
  /** When the gateway chose its target and sent it there. */
  sentMs: number;
  endMs: number;
  target: string | null;
}

/**
 * The same count from the gateway's own request log, so neither the client's clock nor the order
 * in which the client's requests reached the gateway can skew it: at the moment the gateway sent
 * a request on to the slow replica (it chose the target then), a fast replica had fewer requests
 * in flight from the gateway (sent before it, not yet settled) than its max_num_seqs. The log's
 * times are whole milliseconds; a request sent within the same millisecond counts as earlier (in
 * flight), and so does one that settled within it: the gateway stops counting a request a moment
 * before it settles, so one that settled in the millisecond of the choice may have been in flight
 * when it was made (the decision trace shows such a choice made with the fast replica full).
 * Returns those requests. `moment: 'arrival'` asks the same at each request's arrival instead
 * (what the bench counted before the trace had send times): requests sent on out of arrival order
 * can then look like strays, and requests that ended before the choice like load.
 */
export function slowWhileFastFreeByGateway(
  rows: GatewayInterval[],
  slow: Set<string>,
  capacity: Map<string, number>,
  moment: 'sent' | 'arrival' = 'sent',
): GatewayInterval[] {
  const when = (r: GatewayInterval) => (moment === 'sent' ? r.sentMs : r.atMs);
  const fast = [...capacity.keys()].filter((name) => !slow.has(name));
  const strays: GatewayInterval[] = [];
  for (const r of rows) {
    if (!r.target || !slow.has(r.target)) continue;
    const free = fast.some((f) => {
      let inflight = 0;
      for (const o of rows) if (o !== r && o.target === f && when(o) <= when(r) && o.endMs >= when(r)) inflight++;
      return inflight < capacity.get(f)!;
    });
    if (free) strays.push(r);
  }
  return strays;
}
