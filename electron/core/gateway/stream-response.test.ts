import { createServer, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useTestServers } from '../../../test/support/net';
import { askChatUpstream } from '../../../test/support/chat-upstream';
import { systemClock } from '../clock';
import type { GatewayRuntime } from './runtime';
import { relayStream } from './stream-response';

/** One SSE event of about 8 KiB: a chat chunk with one long token. */
const EVENT = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'x'.repeat(8192) } }] })}\n\n`;
/** What the upstream can send in all: far more than any buffer on the way. */
const OFFERED_BYTES = 512 * 2 ** 20;

const { listen } = useTestServers();
const rt = { clock: systemClock } as unknown as GatewayRuntime;

/** relayStream of a free answer with no budget, a client that stays, and `options` changed. */
function relay(
  res: import('node:http').ServerResponse,
  upstream: Parameters<typeof relayStream>[0]['upstream'],
  options: Partial<Parameters<typeof relayStream>[0]>,
): Promise<void> {
  return relayStream({
    rt,
    res,
    upstream,
    headers: {},
    clientWantsUsage: true,
    maxCostUsd: 0,
    priceOf: () => 0,
    promptEstimate: 0,
    promptFloor: 0,
    clientGone: () => false,
    requestStartedAt: Date.now(),
    onDone: async () => {},
    ...options,
  });
}

describe('relayStream back-pressure (a stand-in runtime that has only the clock)', () => {
  it('reads the upstream no faster than a paused client takes it: the gateway buffers a bounded amount', async () => {
    // The upstream writes as fast as its socket takes it, and counts what it got rid of.
    let upstreamSent = 0;
    const upstream = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const pump = () => {
        while (upstreamSent < OFFERED_BYTES && !res.destroyed) {
          upstreamSent += EVENT.length;
          if (!res.write(EVENT)) return void res.once('drain', pump);
        }
        res.end('data: [DONE]\n\n');
      };
      req.resume();
      pump();
    });
    const upstreamPort = await listen(upstream);

    let relayDone: Promise<void> = Promise.resolve();
    let gatewayBuffered = 0;
    const gateway = createServer((req, res) => {
      req.resume();
      let gone = false;
      res.on('close', () => {
        if (!res.writableFinished) gone = true;
      });
      const sampler = setInterval(() => {
        gatewayBuffered = Math.max(gatewayBuffered, res.writableLength);
      }, 10);
      relayDone = askChatUpstream(upstreamPort).then((up) =>
        relay(res, up, { clientGone: () => gone, onDone: async () => clearInterval(sampler) }),
      );
    });
    const gatewayPort = await listen(gateway);

    // The client reads the first bytes, then stops reading for a second.
    let clientGot = 0;
    const client = request({ host: '127.0.0.1', port: gatewayPort, method: 'POST', path: '/' });
    client.end('{}');
    const response = await new Promise<import('node:http').IncomingMessage>((resolve) =>
      client.on('response', resolve),
    );
    await new Promise<void>((resolve) =>
      response.once('data', (d: Buffer) => {
        clientGot += d.length;
        response.pause();
        resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const sentWhilePaused = upstreamSent;
    response.destroy();
    await relayDone;

    // Socket buffers on loopback hold a few MiB each way; without back-pressure the relay would
    // have pulled the upstream's whole offer into the client's response buffer.
    expect(clientGot).toBeGreaterThan(0);
    expect(sentWhilePaused).toBeLessThan(32 * 2 ** 20);
    expect(gatewayBuffered).toBeLessThan(4 * 2 ** 20);
  });
});

describe('relayStream budget check (a stand-in runtime that has only the clock)', () => {
  it('does not cut an answer within its reservation when the likely prompt count is above the fewest tokens it can hold', async () => {
    // A one-token prompt, one token out: its text, then (in a read of its own) the usage and [DONE].
    const text = `data: ${JSON.stringify({ choices: [{ index: 0, text: 'Sing', finish_reason: 'length' }], usage: null })}\n\n`;
    const usage = `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1 } })}\n\n`;
    const upstream = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(text);
      setTimeout(() => res.end(`${usage}data: [DONE]\n\n`), 30);
    });
    const upstreamPort = await listen(upstream);
    // $1 a prompt token, $2 an output token: the reservation is 1 + 2 = $3; the likely count (5 tokens) would make $7.
    const priceOf = (p: number, c: number) => p + 2 * c;
    let done: { prompt: number; completion: number; status: number } | null = null;
    const gateway = createServer((req, res) => {
      req.resume();
      void askChatUpstream(upstreamPort).then((up) =>
        relay(res, up, {
          maxCostUsd: 3,
          priceOf,
          promptEstimate: 5,
          promptFloor: 1,
          onDone: async (r) => {
            done = r;
          },
        }),
      );
    });
    const gatewayPort = await listen(gateway);
    const body = await new Promise<string>((resolve, reject) => {
      const client = request({ host: '127.0.0.1', port: gatewayPort, method: 'POST', path: '/' }, (response) => {
        let got = '';
        response.setEncoding('utf8');
        response.on('data', (d: string) => (got += d));
        response.on('end', () => resolve(got));
      });
      client.on('error', reject);
      client.end('{}');
    });
    expect(body).toContain('"prompt_tokens":1');
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(done).toEqual({ prompt: 1, completion: 1, ttftMs: expect.any(Number), status: 200 });
    expect(priceOf(done!.prompt, done!.completion)).toBeLessThanOrEqual(3);
  });
});
