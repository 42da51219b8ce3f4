import { createServer } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTestServers } from '../../../test/support/net';
import { askChatUpstream, chatChunk as chunk, usageChunk as usage } from '../../../test/support/chat-upstream';
import type { GatewayRuntime } from './runtime';
import type { Target } from './routing/table';
import { relayStream } from './stream-response';
import { relayStreamLeg } from './pipeline/relay';
import { responsesDialect } from './pipeline/responses-dialect';

const { listen } = useTestServers();

type Relay = 'chat' | 'responses';

/** A gateway relaying a chat or Responses stream from a target that sends its first token after `firstTokenMs`. */
async function gatewayWith(relay: Relay, firstTokenMs: number, headHoldMs: number): Promise<number> {
  const upstream = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    setTimeout(() => {
      res.write(chunk({ role: 'assistant', content: 'Hel' }));
      setTimeout(() => res.end(chunk({ content: 'lo' }, 'stop') + usage + 'data: [DONE]\n\n'), 150);
    }, firstTokenMs);
  });
  const upstreamPort = await listen(upstream);
  const rt = {
    store: { responses: { newId: () => `resp_${'0'.repeat(48)}`, put() {} } },
    clock: { now: Date.now },
  } as unknown as GatewayRuntime;
  const request = responsesDialect.parse({ model: 'm', input: 'hi', stream: true }, rt, { isMaster: true } as never);
  const gateway = createServer(async (req, res) => {
    req.resume();
    const up = await askChatUpstream(upstreamPort);
    const common = {
      res,
      upstream: up,
      headers: {},
      maxCostUsd: 0,
      priceOf: () => 0,
      promptEstimate: 5,
      promptFloor: 5,
      clientGone: () => false,
      requestStartedAt: Date.now(),
      onDone: async () => {},
      headHoldMs,
    };
    if (relay === 'chat') return relayStream({ ...common, rt, clientWantsUsage: false });
    await relayStreamLeg({
      ...common,
      now: Date.now,
      leg: request.answer.streamLeg({
        rt,
        target: { provider: 'openai' } as Target,
        startedAt: Date.now(),
        promptEstimate: 5,
      })!,
    });
  });
  return listen(gateway);
}

/** The client's reads of one raw HTTP exchange, each with its time since the request was sent. */
function reads(port: number, path: string): Promise<Array<{ atMs: number; text: string }>> {
  return new Promise((resolve, reject) => {
    const got: Array<{ atMs: number; text: string }> = [];
    const socket = connect(port, '127.0.0.1');
    const sentAt = Date.now();
    socket.on('data', (b) => {
      got.push({ atMs: Date.now() - sentAt, text: b.toString('utf8') });
      if (/response\.completed|\[DONE\]/.test(b.toString('utf8'))) socket.end();
    });
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
    socket.write(`POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`);
  });
}

describe('relayStreamLeg: the response head waits briefly for the first token (a stand-in runtime, a real upstream and socket)', () => {
  it('a target that answers within the hold: head, response.created and the first delta arrive in one read', async () => {
    const got = await reads(await gatewayWith('responses', 100, 1_000), '/v1/responses');
    const first = got[0].text;
    expect(first.startsWith('HTTP/1.1 200')).toBe(true);
    expect(first).toContain('event: response.created');
    expect(first).toContain('event: response.in_progress');
    expect(first).toContain('"delta":"Hel"');
    // Not held past the first token: it came with it, not with the rest 150 ms later.
    expect(first).not.toContain('"delta":"lo"');
    expect(got[0].atMs).toBeLessThan(1_000);
  });

  it('a slow prefill: the head and response.created go out when the hold ends, before the first token', async () => {
    const got = await reads(await gatewayWith('responses', 800, 200), '/v1/responses');
    const first = got[0].text;
    expect(first).toContain('event: response.created');
    expect(first).not.toContain('response.output_text.delta');
    expect(got[0].atMs).toBeGreaterThanOrEqual(190);
    expect(got[0].atMs).toBeLessThan(700);
    const delta = got.find((r) => r.text.includes('"delta":"Hel"'));
    expect(delta?.atMs).toBeGreaterThanOrEqual(790);
  });
});

describe('relayStream (chat): the same hold (a stand-in runtime, a real upstream and socket)', () => {
  it('a target that answers within the hold: the head and the first chunk arrive in one read', async () => {
    const got = await reads(await gatewayWith('chat', 100, 1_000), '/v1/chat/completions');
    expect(got[0].text.startsWith('HTTP/1.1 200')).toBe(true);
    expect(got[0].text).toContain('"content":"Hel"');
    expect(got[0].text).not.toContain('"content":"lo"');
  });

  it('a slow prefill: the head goes out alone when the hold ends', async () => {
    const got = await reads(await gatewayWith('chat', 800, 200), '/v1/chat/completions');
    expect(got[0].text.startsWith('HTTP/1.1 200')).toBe(true);
    expect(got[0].text).not.toContain('"content":"Hel"');
    expect(got[0].atMs).toBeGreaterThanOrEqual(190);
    expect(got[0].atMs).toBeLessThan(700);
  });
});
