// Failing engines: a simulator killed mid-load, cooldown and recovery, context-window fallback.
import { afterEach, describe, expect, it } from 'vitest';
import { simEndpoint, simGroup, startGatewayFixture, startSims, type GatewayFixture } from '../support/gateway-fixture';
import { waitFor } from '../support/net';

let f: GatewayFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

describe('gateway resilience', () => {
  it('a simulator killed mid-load: every non-streaming request still succeeds, through the fallback', async () => {
    const sims = await startSims({
      primary: { model: 'm-primary', ttftMs: 5, itlMs: 2 },
      backup: { model: 'm-backup', ttftMs: 5, itlMs: 2 },
    });
    f = await startGatewayFixture((fx) => {
      simEndpoint(fx, 'primary');
      simEndpoint(fx, 'backup');
      return {
        groups: [
          simGroup('chat', [{ sim: 'primary' }], { fallbacks: ['chat-backup'], settings: { numRetries: 1 } }),
          simGroup('chat-backup', [{ sim: 'backup' }]),
        ],
      };
    }, sims);
    const client = f.client();
    const served: Record<string, number> = {};
    const requests = Array.from({ length: 60 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 10));
      const { data, response } = await client.chat.completions
        .create({ model: 'chat', messages: [{ role: 'user', content: `q${i}` }], max_tokens: 16 })
        .withResponse();
      served[response.headers.get('x-switchyard-deployment')!] =
        (served[response.headers.get('x-switchyard-deployment')!] ?? 0) + 1;
      return data;
    });
    await waitFor('some requests served by the primary', () => (served.primary ?? 0) >= 3, 10_000, 2);
    await sims.primary.close(); // the engine dies with requests in flight and more arriving
    const results = await Promise.allSettled(requests);
    expect(
      results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
    ).toEqual([]);
    expect(served.backup).toBeGreaterThan(0);
    expect(served.primary).toBeGreaterThan(0);
  });

  it('cools a failing target down, routes around it, and takes it back after the cooldown', async () => {
    const sims = await startSims({
      flaky: { model: 'flaky', ttftMs: 1, itlMs: 0 },
      steady: { model: 'steady', ttftMs: 1, itlMs: 0 },
    });
    f = await startGatewayFixture((fx) => {
      simEndpoint(fx, 'flaky');
      simEndpoint(fx, 'steady');
      return {
        groups: [
          simGroup('chat', [{ sim: 'flaky' }, { sim: 'steady' }], {
            settings: { allowedFails: 2, cooldownMs: 800, numRetries: 2 },
          }),
        ],
      };
    }, sims);
    const headers = (h: Headers) => h.get('x-switchyard-deployment');
    await sims.flaky.close(); // its connections are now refused
    const key = 'endpoint:flaky';
    // Random picks reach the dead target sooner or later; every request is still served by the other.
    for (let i = 0; i < 40 && f.rt.cooldowns.remainingMs(key) === 0; i++) {
      const { response } = await f
        .client()
        .chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], max_tokens: 2 })
        .withResponse();
      expect(headers(response.headers)).toBe('steady');
    }
    expect(f.rt.cooldowns.remainingMs(key)).toBeGreaterThan(0);
    const metrics = await (await fetch(`${f.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_deployment_cooldown\{deployment="flaky"\} 1/);
    // Bring it back on the same port; after the cooldown it takes traffic again.
    const port = new URL(sims.flaky.url).port;
    const [revived] = Object.values(
      await startSims({ flaky2: { model: 'flaky', port: Number(port), ttftMs: 1, itlMs: 0 } }),
    );
    f.sims.flaky2 = revived;
    await waitFor('the cooldown to end', () => f!.rt.cooldowns.remainingMs(key) === 0, 3_000);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const { response } = await f
        .client()
        .chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], max_tokens: 2 })
        .withResponse();
      seen.add(headers(response.headers)!);
    }
    expect(seen.has('flaky')).toBe(true);
  });

  it('a hanging engine times out (the group timeout) and the request is served by another', async () => {
    const sims = await startSims({
      hang: { model: 'hang', failureRate: 1, failureTypes: ['timeout'] },
      ok: { model: 'ok', ttftMs: 1, itlMs: 0 },
    });
    f = await startGatewayFixture((fx) => {
      simEndpoint(fx, 'hang');
      simEndpoint(fx, 'ok');
      return {
        groups: [
          simGroup(
            'chat',
            [
              { sim: 'hang', order: 0 },
              { sim: 'ok', order: 1 },
            ],
            { settings: { timeoutMs: 300, numRetries: 1, allowedFails: 5 } },
          ),
        ],
      };
    }, sims);
    const started = Date.now();
    const { response } = await f
      .client()
      .chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], max_tokens: 2 })
      .withResponse();
    expect(response.headers.get('x-switchyard-deployment')).toBe('ok');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('every target down: 502/503 with what was tried', async () => {
    const sims = await startSims({ only: { model: 'only' } });
    f = await startGatewayFixture((fx) => {
      simEndpoint(fx, 'only');
      return { groups: [simGroup('chat', [{ sim: 'only' }], { settings: { numRetries: 1 } })] };
    }, sims);
    await sims.only.close();
    const err = await f
      .client()
      .chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect([502, 503]).toContain(err.status);
    expect(err.error.message).toMatch(/No deployment could serve `chat`\. Tried: only: connection failed/);
  });

  it('context-window fallback: a prompt longer than the small model goes to the large one', async () => {
    const sims = await startSims({
      small: { model: 'small', maxModelLen: 256 },
      large: { model: 'large', maxModelLen: 32768 },
    });
    f = await startGatewayFixture((fx) => {
      simEndpoint(fx, 'small', { maxModelLen: 256 });
      simEndpoint(fx, 'large', { maxModelLen: 32768 });
      return {
        groups: [
          simGroup('chat', [{ sim: 'small' }], { contextWindowFallbacks: ['chat-long'] }),
          simGroup('chat-long', [{ sim: 'large' }]),
        ],
      };
    }, sims);
    const short = await f
      .client()
      .chat.completions.create({
        model: 'chat',
        messages: [{ role: 'user', content: 'short question' }],
        max_tokens: 8,
      })
      .withResponse();
    expect(short.response.headers.get('x-switchyard-deployment')).toBe('small');
    const long = 'word '.repeat(3_000);
    const { response } = await f
      .client()
      .chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: long }], max_tokens: 8 })
      .withResponse();
    expect(response.headers.get('x-switchyard-deployment')).toBe('large');
  });

  it("context-window fallback also follows the engine's own context-length error", async () => {
    const sims = await startSims({
      small: { model: 'small', maxModelLen: 128 },
      large: { model: 'large', maxModelLen: 32768 },
    });
    f = await startGatewayFixture((fx) => {
      // The endpoint does not declare its context, so only the engine's 400 reveals it.
      simEndpoint(fx, 'small');
      simEndpoint(fx, 'large');
      return {
        groups: [
          simGroup('chat', [{ sim: 'small' }], { contextWindowFallbacks: ['chat-long'] }),
          simGroup('chat-long', [{ sim: 'large' }]),
        ],
      };
    }, sims);
    const { response } = await f
      .client()
      .chat.completions.create({
        model: 'chat',
        messages: [{ role: 'user', content: 'word '.repeat(400) }],
        max_tokens: 8,
      })
      .withResponse();
    expect(response.headers.get('x-switchyard-deployment')).toBe('large');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
  });
});
