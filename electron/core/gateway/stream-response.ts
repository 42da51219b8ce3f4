// Streams an upstream SSE response to the client chunk by chunk. Usage is counted on the way;
// a client that goes away is charged for what was generated until then; a stream whose running
// cost would pass its budget reservation is ended cleanly; and the closing `[DONE]` is sent only
// once the request's log row is durable.
import type { ServerResponse } from 'node:http';
import type { GatewayRuntime } from './runtime';
import { SseRelay } from './sse-relay';
import { eachText, STOP } from './upstream-text';
import type { UpstreamResponse } from './upstream';

/**
 * Resolves when a response whose write returned false may be written again (its buffer drained),
 * or when it closed: a slow client holds the relay back instead of growing the gateway's memory.
 */
export function drained(res: ServerResponse): Promise<void> {
  if (res.destroyed || !res.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * How long a stream's head (and what is written before the target's first token, such as the
 * Responses opening events) waits for that token, ms: a target that answers at once gets it all in
 * one socket write with its first events (a write is a stream's costliest step here), and a slow
 * prefill still gets its head then.
 */
export const HEAD_HOLD_MS = 5;

/**
 * Holds what `res` is given (its head first) until `send()`, called with the first token, or until
 * `ms` have passed. `cancel()` stops the timer: what is still held goes with `res.end`, in one write.
 */
export function holdHead(res: ServerResponse, ms = HEAD_HOLD_MS): { send(): void; cancel(): void } {
  res.cork();
  let held = true;
  const send = () => {
    if (!held) return;
    held = false;
    clearTimeout(timer);
    res.uncork();
  };
  const timer = setTimeout(send, ms);
  return { send, cancel: () => clearTimeout(timer) };
}

export interface RelayOptions {
  rt: GatewayRuntime;
  res: ServerResponse;
  upstream: UpstreamResponse;
  headers: Record<string, string>;
  clientWantsUsage: boolean;
  /** The reservation: the stream is ended before its cost passes this (USD). */
  maxCostUsd: number;
  priceOf: (promptTokens: number, completionTokens: number) => number;
  promptEstimate: number;
  /** The request's fewest prompt tokens (worst-case.ts promptFloor): what the budget check counts until the usage arrives. */
  promptFloor: number;
  clientGone: () => boolean;
  requestStartedAt: number;
  /** Turns another provider's stream into OpenAI's SSE (Anthropic's Messages stream). */
  translate?: { push(chunk: string | Uint8Array): string };
  onDone: (result: { prompt: number; completion: number; ttftMs: number | null; status: number }) => Promise<void>;
  /** How long the head waits for the first token (ms; HEAD_HOLD_MS). */
  headHoldMs?: number;
}

export async function relayStream(o: RelayOptions): Promise<void> {
  const { res, upstream, rt } = o;
  const relay = new SseRelay(o.clientWantsUsage, () => rt.clock.now());
  res.writeHead(200, {
    ...o.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const head = holdHead(res, o.headHoldMs);
  res.flushHeaders();

  let status = 200;
  let cutForBudget = false;
  try {
    await eachText(upstream.body, (chunk) => {
      if (o.clientGone()) {
        status = 499;
        return STOP;
      }
      const out = relay.push(o.translate ? o.translate.push(chunk) : chunk);
      let room = true;
      if (out) {
        room = res.write(out);
        head.send();
      }
      const running = o.priceOf(relay.usage.promptTokens ?? o.promptFloor, relay.usage.completionTokens);
      if (o.maxCostUsd > 0 && running > o.maxCostUsd) {
        cutForBudget = true;
        return STOP;
      }
      return room ? undefined : drained(res);
    });
  } catch (err) {
    status = o.clientGone() ? 499 : 502;
    if (status === 502 && !res.destroyed) {
      const message = `The upstream stream broke off: ${(err as Error).message}`;
      res.write(
        `data: ${JSON.stringify({ error: { message, type: 'api_error', param: null, code: 'upstream_stream_error' } })}\n\n`,
      );
    }
  } finally {
    head.cancel();
    if (!upstream.body.destroyed) upstream.body.destroy();
  }

  const usage = relay.usage;
  const ttftMs = usage.firstChunkAt == null ? null : usage.firstChunkAt - o.requestStartedAt;
  await o.onDone({
    prompt: usage.promptTokens ?? o.promptEstimate,
    completion: usage.completionTokens,
    ttftMs,
    status,
  });
  if (res.destroyed) return;
  const tail = relay.end();
  if (cutForBudget || status !== 200 || !usage.finished)
    res.end(tail.includes('[DONE]') ? tail : `${tail}data: [DONE]\n\n`);
  else res.end(tail);
}
