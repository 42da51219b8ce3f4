// The relay stage for translated dialects (Anthropic Messages, OpenAI Responses): the target's
// stream (decoded to chat SSE by its provider where needed) goes through the dialect's stream leg
// event by event. As on chat: a client that goes away is charged for what was generated; a
// stream whose running cost would pass its reservation is ended; the closing events are held
// back until the request's log row is durable.
import type { ServerResponse } from 'node:http';
import { drained, holdHead } from '../stream-response';
import type { UpstreamResponse } from '../upstream';
import { eachText, STOP } from '../upstream-text';
import type { StreamLeg } from './inbound';

export interface LegRelayOptions {
  res: ServerResponse;
  upstream: UpstreamResponse;
  headers: Record<string, string>;
  leg: StreamLeg;
  /** The provider's decoder to chat SSE (an Anthropic target), or undefined. */
  decoder?: { push(chunk: string | Uint8Array): string };
  maxCostUsd: number;
  priceOf: (promptTokens: number, completionTokens: number) => number;
  promptEstimate: number;
  /** The request's fewest prompt tokens (worst-case.ts promptFloor): what the budget check counts until the usage arrives. */
  promptFloor: number;
  clientGone: () => boolean;
  now: () => number;
  requestStartedAt: number;
  onDone: (result: { prompt: number; completion: number; ttftMs: number | null; status: number }) => Promise<void>;
  /** Silence after which the leg's keep-alive is sent (ms; checked every half of it). */
  keepAliveMs?: number;
  /** How long the head and opening wait for the first token (ms; HEAD_HOLD_MS in stream-response.ts). */
  headHoldMs?: number;
}

/** Anthropic's streams send `ping` every 10–15 s without other events; so does this relay. */
const KEEP_ALIVE_MS = 10_000;

export async function relayStreamLeg(o: LegRelayOptions): Promise<void> {
  const { res, upstream, leg } = o;
  res.writeHead(200, {
    ...o.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // The head and the opening events go with the first token, or on their own after a short hold.
  const head = holdHead(res, o.headHoldMs);
  const opening = leg.begin();
  if (opening) res.write(opening);
  res.flushHeaders();

  let lastWriteAt = Date.now();
  const keepAliveMs = o.keepAliveMs ?? KEEP_ALIVE_MS;
  const keepAlive = leg.keepAlive
    ? setInterval(() => {
        if (Date.now() - lastWriteAt < keepAliveMs || res.destroyed || res.writableNeedDrain) return;
        const ping = leg.keepAlive!();
        if (ping) res.write(ping);
        lastWriteAt = Date.now();
      }, keepAliveMs / 2)
    : null;

  let status = 200;
  let firstAt: number | null = null;
  let tail = '';
  let ended = false;
  let cut = false;
  try {
    await eachText(upstream.body, (chunk) => {
      // The leg has finished: the rest (`[DONE]`) is read to the end rather than cut off, which
      // would destroy the body with an AbortError (a stack trace per request) and maybe the connection.
      if (ended) return;
      if (o.clientGone()) {
        status = 499;
        return STOP;
      }
      if (firstAt === null) firstAt = o.now();
      const out = leg.write(o.decoder ? o.decoder.push(chunk) : chunk);
      if (leg.finished()) {
        tail = out;
        ended = true;
        return;
      }
      let room = true;
      if (out) {
        lastWriteAt = Date.now();
        room = res.write(out);
        head.send();
      }
      const used = leg.usage();
      if (o.maxCostUsd > 0 && o.priceOf(used.prompt ?? o.promptFloor, used.completion) > o.maxCostUsd) {
        tail = leg.fail('The answer was cut off: it reached the cost reserved for it against the budget.');
        cut = true;
        return STOP;
      }
      return room ? undefined : drained(res);
    });
    if (status === 200 && !ended && !tail) tail = leg.end();
  } catch (err) {
    // After the leg's end the answer is whole: a connection that breaks while its rest is read changes nothing.
    if (!ended) {
      status = o.clientGone() ? 499 : 502;
      if (status === 502) tail = leg.fail(`The upstream stream broke off: ${(err as Error).message}`);
    }
  } finally {
    // Still held (the answer came whole in the target's first bytes): res.end below sends the head,
    // the opening and the whole answer in one write.
    head.cancel();
    if (keepAlive) clearInterval(keepAlive);
    if (!upstream.body.destroyed) upstream.body.destroy();
  }
  if (status === 200 && !leg.finished() && !cut) status = 502;

  const used = leg.usage();
  await o.onDone({
    prompt: used.prompt ?? o.promptEstimate,
    completion: used.completion,
    ttftMs: firstAt == null ? null : firstAt - o.requestStartedAt,
    status,
  });
  leg.settle?.();
  if (res.destroyed) return;
  res.end(tail);
}
