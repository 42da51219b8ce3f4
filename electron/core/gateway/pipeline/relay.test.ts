import { createServer, type IncomingMessage, request as httpRequest } from 'node:http';
import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { useTestServers } from '../../../../test/support/net';
import { askChatUpstream, chatChunk as chunk, usageChunk as usage } from '../../../../test/support/chat-upstream';
import type { GatewayRuntime } from '../runtime';
import type { Target } from '../routing/table';
import { messagesDialect } from './messages-dialect';
import { relayStreamLeg } from './relay';

const { listen } = useTestServers();

describe('relayStreamLeg keep-alive (a stand-in runtime and target, a real upstream and client)', () => {
  it("sends Anthropic's ping while the target is silent, only after message_start, and none after the end", async () => {
    // A target that answers its first token, goes quiet for 450 ms, then finishes.
    const upstream = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk({ role: 'assistant', content: 'Hel' }));
      setTimeout(() => res.end(chunk({ content: 'lo' }, 'stop') + usage + 'data: [DONE]\n\n'), 450);
    });
    const upstreamPort = await listen(upstream);
    const request = messagesDialect.parse(
      { model: 'm', max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'hi' }] },
      {} as GatewayRuntime,
      { isMaster: true } as never,
    );
    const gateway = createServer(async (req, res) => {
      req.resume();
      const up = await askChatUpstream(upstreamPort);
      const leg = request.answer.streamLeg({
        rt: {} as GatewayRuntime,
        target: { provider: 'openai' } as Target,
        startedAt: Date.now(),
        promptEstimate: 5,
      })!;
      await relayStreamLeg({
        res,
        upstream: up,
        headers: {},
        leg,
        maxCostUsd: 0,
        priceOf: () => 0,
        promptEstimate: 5,
        promptFloor: 5,
        clientGone: () => false,
        now: Date.now,
        requestStartedAt: Date.now(),
        onDone: async () => {},
        keepAliveMs: 100,
      });
    });
    const port = await listen(gateway);

    const res = await fetch(`http://127.0.0.1:${port}/v1/messages`, { method: 'POST', body: '{}' });
    const names: string[] = [];
    const parser = createParser({ onEvent: (e) => names.push(e.event ?? '') });
    parser.feed(await res.text());

    expect(names[0]).toBe('message_start');
    expect(names.at(-1)).toBe('message_stop');
    // The documented ping after message_start, then the keep-alives of the 450 ms of silence.
    const firstDelta = names.indexOf('content_block_delta');
    const secondDelta = names.indexOf('content_block_delta', firstDelta + 1);
    const pingsInSilence = names.slice(firstDelta, secondDelta).filter((n) => n === 'ping').length;
    expect(pingsInSilence).toBeGreaterThanOrEqual(2);
    expect(names.filter((n) => n === 'ping').length).toBe(pingsInSilence + 1);
  });

  it('holds the translated stream back while the client does not read: the gateway buffers a bounded amount', async () => {
    // A target that streams 8 KiB tokens as fast as its socket takes them, up to 512 MiB.
    const token = chunk({ content: 'x'.repeat(8192) });
    let upstreamSent = 0;
    const upstream = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const pump = () => {
        while (upstreamSent < 512 * 2 ** 20 && !res.destroyed) {
          upstreamSent += token.length;
          if (!res.write(token)) return void res.once('drain', pump);
        }
        res.end('data: [DONE]\n\n');
      };
      pump();
    });
    const upstreamPort = await listen(upstream);
    const request = messagesDialect.parse(
      { model: 'm', max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'hi' }] },
      {} as GatewayRuntime,
      { isMaster: true } as never,
    );
    let buffered = 0;
    let relayed: Promise<void> = Promise.resolve();
    const gateway = createServer((req, res) => {
      req.resume();
      let gone = false;
      res.on('close', () => {
        gone = !res.writableFinished;
      });
      const sampler = setInterval(() => {
        buffered = Math.max(buffered, res.writableLength);
      }, 10);
      relayed = askChatUpstream(upstreamPort).then((up) =>
        relayStreamLeg({
          res,
          upstream: up,
          headers: {},
          leg: request.answer.streamLeg({
            rt: {} as GatewayRuntime,
            target: { provider: 'openai' } as Target,
            startedAt: Date.now(),
            promptEstimate: 5,
          })!,
          maxCostUsd: 0,
          priceOf: () => 0,
          promptEstimate: 5,
          promptFloor: 5,
          clientGone: () => gone,
          now: Date.now,
          requestStartedAt: Date.now(),
          onDone: async () => clearInterval(sampler),
        }),
      );
    });
    const port = await listen(gateway);

    const client = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/messages' });
    client.end('{}');
    const response = await new Promise<IncomingMessage>((resolve) => client.on('response', resolve));
    await new Promise<void>((resolve) =>
      response.once('data', () => {
        response.pause();
        resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const sentWhilePaused = upstreamSent;
    response.destroy();
    await relayed;

    expect(sentWhilePaused).toBeLessThan(32 * 2 ** 20);
    expect(buffered).toBeLessThan(4 * 2 ** 20);
  });
});
