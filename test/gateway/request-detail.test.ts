// The request log's detail, recorded by a real gateway in front of real simulators: the attempt
// chain of a fallback (each target's outcome, message, duration and the cooldown it caused), the
// latency split, the reservation and the headers sent back; and body capture — off by default,
// per key and global, redaction, the size cap, streams — stored beside the row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedBodies, CaptureSettings, RequestTrace } from '../../shared/contract-capture';
import { setKeyCapture, updateCaptureSettings } from '../../electron/core/capture/capture-settings';
import { logTrace } from '../../electron/core/capture/log-trace';
import { ChangeNotice } from '../../electron/core/changes';
import { EventBus } from '../../electron/core/events';
import { newKey } from '../support/gateway-calls';
import { type GatewayFixture, simEndpoint, simGroup, startGatewayFixture, startSims } from '../support/gateway-fixture';
import { waitFor } from '../support/net';

const PRICE = { inputCostPerToken: 1e-7, outputCostPerToken: 1e-6 };
const COOLDOWN_MS = 60_000;
let f: GatewayFixture;
let changes: ChangeNotice;
let keyA: { key: string; id: string };
let keyB: { key: string; id: string };
let sequence = 0;

beforeAll(async () => {
  const sims = await startSims({
    broken: { model: 'm-broken', failureRate: 1, failureTypes: ['server_error'] },
    broken2: { model: 'm-broken2', failureRate: 1, failureTypes: ['server_error'] },
    backup: { model: 'm-backup', ttftMs: 40, itlMs: 3 },
  });
  f = await startGatewayFixture((fx) => {
    simEndpoint(fx, 'broken', PRICE);
    simEndpoint(fx, 'broken2', PRICE);
    simEndpoint(fx, 'backup', PRICE);
    return {
      groups: [
        simGroup('chat', [{ sim: 'broken' }], {
          fallbacks: ['chat-backup'],
          settings: { numRetries: 0, allowedFails: 1, cooldownMs: COOLDOWN_MS },
        }),
        simGroup('chat-backup', [{ sim: 'backup' }]),
        simGroup('dead', [{ sim: 'broken2' }], { settings: { numRetries: 1, allowedFails: 5, cooldownMs: 1000 } }),
        simGroup('direct', [{ sim: 'backup' }]),
      ],
    };
  }, sims);
  changes = new ChangeNotice(f.store, new EventBus(), () => f.rt.reload());
  const a = newKey(f, { models: [], maxBudgetUsd: 1, alias: 'key-a' });
  const b = newKey(f, { models: [], alias: 'key-b' });
  keyA = { key: a.key, id: a.info.id };
  keyB = { key: b.key, id: b.info.id };
}, 30_000);
afterAll(() => f?.close());

async function send(model: string, key: string, body: Record<string, unknown> = {}, headers = {}) {
  const requestId = `detail-${process.pid}-${++sequence}`;
  const res = await fetch(`${f.url}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'x-request-id': requestId,
      ...headers,
    },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello there' }], max_tokens: 12, ...body }),
  });
  const text = await res.text();
  return { res, text, requestId };
}

function loggedRow(requestId: string) {
  f.rt.writer.flush();
  return f.store.db.prepare(`SELECT * FROM request_logs WHERE id = ?`).get(requestId) as
    | { seq: number; at: number; latency_ms: number; ttft_ms: number | null; cost_usd: number; error_class: string }
    | undefined;
}

async function detailOf(requestId: string): Promise<{ trace: RequestTrace | null; bodies: CapturedBodies | null }> {
  const row = await waitFor(`the log row of ${requestId}`, () => loggedRow(requestId), 5000, 10);
  return logTrace(f.store, row.seq);
}

/** Bodies are queued once the answer has ended: waits for them (or for a later request's batch, when none come). */
async function bodiesOf(requestId: string): Promise<CapturedBodies | null> {
  await detailOf(requestId);
  await new Promise((r) => setTimeout(r, 30));
  return (await detailOf(requestId)).bodies;
}

const capture = (change: Partial<CaptureSettings>) => updateCaptureSettings({ store: f.store, changes }, change);

describe('the attempt chain, latency split and reservation', () => {
  it('a failing target then its fallback: both attempts, the cooldown, the split and the reservation', async () => {
    const { res, text, requestId } = await send('chat', keyA.key, { stream: true });
    expect(res.status).toBe(200);
    expect(text).toContain('data: [DONE]');
    const row = loggedRow(requestId)!;
    const { trace, bodies } = await detailOf(requestId);
    expect(bodies).toBeNull(); // capture is off by default
    expect(trace).not.toBeNull();
    const [failed, served] = trace!.attempts;
    expect(trace!.attempts).toHaveLength(2);
    expect(failed).toMatchObject({
      target: 'broken',
      group: 'chat',
      step: 'first',
      outcome: 'status',
      status: 500,
      cooldownMs: COOLDOWN_MS,
    });
    expect(failed.message).toMatch(/HTTP 500: .*injected by the simulator/);
    expect(served).toMatchObject({
      target: 'backup',
      group: 'chat-backup',
      step: 'fallback',
      outcome: 'ok',
      status: null,
      message: null,
      cooldownMs: null,
    });
    expect(served.startMs).toBeGreaterThanOrEqual(failed.startMs + failed.durationMs);
    expect(trace!.queuedMs).toBe(failed.startMs);
    // The split: the simulator's 40 ms to the first token is upstream time, counted from the serving attempt's send.
    expect(trace!.upstreamTtftMs!).toBeGreaterThanOrEqual(35);
    expect(row.ttft_ms!).toBeCloseTo(served.startMs + trace!.upstreamTtftMs!, 5);
    expect(trace!.generationMs!).toBeCloseTo(row.latency_ms - row.ttft_ms!, 5);
    expect(trace!.generationMs!).toBeGreaterThan(0);
    // The reservation as the client was told it, and the settled cost within it.
    const reserved = Number(res.headers.get('x-switchyard-reserved-usd'));
    expect(reserved).toBeGreaterThan(0);
    expect(trace!.reservedUsd).toBe(reserved);
    expect(trace!.reservedTokens).toBeGreaterThanOrEqual(0);
    expect(row.cost_usd).toBeGreaterThan(0);
    expect(row.cost_usd).toBeLessThanOrEqual(reserved);
    // The headers sent back.
    for (const name of ['x-switchyard-deployment', 'x-switchyard-model-group', 'x-switchyard-attempts'])
      expect(trace!.headers[name]).toBe(res.headers.get(name));
    expect(Object.keys(trace!.headers).every((h) => h.startsWith('x-switchyard-'))).toBe(true);
    expect(trace!.headers['x-switchyard-attempts']).toBe('2');
    // And the target really is cooling down for the time recorded.
    expect(f.rt.cooldowns.remainingMs('endpoint:broken')).toBeGreaterThan(COOLDOWN_MS - 10_000);
    expect(trace!.skipped).toEqual([]);
    // Compact: the whole chain of two attempts rides in the row's INSERT as well under 1 KiB.
    const stored = f.store.db.prepare(`SELECT length(trace) AS n FROM request_logs WHERE seq = ?`).get(row.seq) as {
      n: number;
    };
    console.log(`trace of a two-attempt fallback: ${stored.n} bytes`);
    expect(stored.n).toBeLessThan(1024);
    // While it cools, the next request goes straight to the fallback, and the chain says why.
    const next = await send('chat', keyA.key);
    const again = (await detailOf(next.requestId)).trace!;
    expect(again.attempts.map((a) => [a.target, a.step])).toEqual([['backup', 'fallback']]);
    expect(again.skipped).toEqual(['chat: nothing sent — every target was cooling down or unavailable']);
  });

  it('every target failing: the first try and the retry, and the message the client got', async () => {
    const { res, text, requestId } = await send('dead', keyB.key);
    expect(res.status).toBe(502);
    const { trace } = await detailOf(requestId);
    expect(trace!.attempts.map((a) => [a.target, a.step, a.outcome, a.status])).toEqual([
      ['broken2', 'first', 'status', 500],
      ['broken2', 'retry', 'status', 500],
    ]);
    expect(trace!.attempts.every((a) => a.cooldownMs === null)).toBe(true); // 5 fails allowed
    expect(trace!.message).toBe((JSON.parse(text) as { error: { message: string } }).error.message);
    expect(trace!.message).toMatch(/No deployment could serve `dead`/);
    expect(trace!.upstreamTtftMs).toBeNull();
    expect(trace!.headers['x-switchyard-attempts']).toBe('2');
    expect(loggedRow(requestId)!.error_class).toBe('all_targets_failed');
  });
});

describe('body capture', () => {
  it('off by default; on for one key, the other untouched; then global, with a key opted out', async () => {
    const before = await send('direct', keyA.key);
    expect(await bodiesOf(before.requestId)).toBeNull();

    setKeyCapture({ store: f.store, changes }, keyA.id, true);
    const a = await send('direct', keyA.key);
    const b = await send('direct', keyB.key);
    const bodies = await bodiesOf(a.requestId);
    expect(bodies?.route).toBe('chat/completions');
    expect(JSON.parse(bodies!.request.text)).toMatchObject({ model: 'direct', max_tokens: 12 });
    expect(bodies!.response!.text).toBe(a.text);
    expect(bodies!.response!.truncated).toBe(false);
    expect(bodies!.requestHeaders.authorization).toBe('[redacted]');
    expect(bodies!.requestHeaders['x-request-id']).toBe(a.requestId);
    expect(await bodiesOf(b.requestId)).toBeNull();

    capture({ enabled: true });
    setKeyCapture({ store: f.store, changes }, keyA.id, false);
    const a2 = await send('direct', keyA.key);
    const b2 = await send('direct', keyB.key);
    expect(await bodiesOf(a2.requestId)).toBeNull();
    expect((await bodiesOf(b2.requestId))?.response?.text).toBe(b2.text);
    expect(() => setKeyCapture({ store: f.store, changes }, 'no-such-key', true)).toThrow(/No key with id/);
    capture({ enabled: false, keys: {} });
    const off = await send('direct', keyB.key);
    expect(await bodiesOf(off.requestId)).toBeNull();
  });

  it('redacts the listed JSON paths and headers in the request, the answer and a stream', async () => {
    capture({
      enabled: true,
      redactPaths: ['messages[*].content', 'choices[*].message.content', 'choices[*].delta.content'],
      redactHeaders: ['x-trace'],
    });
    const secret = 'my card number is 4111';
    const plain = await send(
      'direct',
      keyB.key,
      { messages: [{ role: 'user', content: secret }] },
      { 'x-trace': 't1' },
    );
    const stored = (await bodiesOf(plain.requestId))!;
    expect(stored.request.text).not.toContain(secret);
    expect(JSON.parse(stored.request.text).messages[0]).toEqual({ role: 'user', content: '[redacted]' });
    const answer = JSON.parse(plain.text) as { choices: { message: { content: string } }[] };
    expect(answer.choices[0].message.content.length).toBeGreaterThan(0);
    expect(JSON.parse(stored.response!.text).choices[0].message.content).toBe('[redacted]');
    expect(stored.requestHeaders['x-trace']).toBe('[redacted]');
    expect(stored.redacted).toEqual(
      expect.arrayContaining(['header:authorization', 'header:x-trace', 'messages[*].content']),
    );

    const streamed = await send('direct', keyB.key, { stream: true });
    const events = (await bodiesOf(streamed.requestId))!.response!.text;
    expect(events).toContain('data: [DONE]'); // the closing event, sent after the row is logged, is in it
    expect(events).toMatch(/"content":"\[redacted\]"/);
    expect(events).not.toMatch(/"content":"(?!\[redacted\])[^"]+"/);
    capture({ enabled: false, redactPaths: ['api_key'], redactHeaders: [] });
  });

  it('cuts each body at the cap and flags it, with the size it had', async () => {
    capture({ enabled: true, maxBytes: 256 });
    const long = 'word '.repeat(400);
    const sent = await send('direct', keyB.key, { messages: [{ role: 'user', content: long }] });
    const stored = (await bodiesOf(sent.requestId))!;
    const rawBytes = Buffer.byteLength(
      JSON.stringify({ model: 'direct', messages: [{ role: 'user', content: long }], max_tokens: 12 }),
    );
    expect(stored.request).toMatchObject({ bytes: rawBytes, truncated: true });
    expect(Buffer.byteLength(stored.request.text)).toBeLessThanOrEqual(256);
    expect(stored.response!.bytes).toBe(Buffer.byteLength(sent.text));
    expect(stored.response!.truncated).toBe(Buffer.byteLength(sent.text) > 256);
    capture({ enabled: false, maxBytes: 65_536 });
  });
});
