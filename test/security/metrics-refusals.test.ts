// /metrics counts refusals by reason: each way the gateway refuses a request (no or unknown key,
// a model or route the key may not use, each rate limit, the budget, bad input, a body over the
// limit, an unknown model or route, a wrong method) is provoked against a real gateway, and
// switchyard_refusals_total read back from /metrics with a stable reason label for each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MASTER_KEY,
  simEndpoint,
  simGroup,
  startGatewayFixture,
  startSims,
  type GatewayFixture,
} from '../support/gateway-fixture';

let f: GatewayFixture;

beforeAll(async () => {
  const sims = await startSims({
    fast: { model: 'fast', ttftMs: 1, itlMs: 1 },
    slow: { model: 'slow', ttftMs: 400, itlMs: 1 },
  });
  f = await startGatewayFixture(
    (fx) => {
      simEndpoint(fx, 'fast', { inputCostPerToken: 1e-6, outputCostPerToken: 1e-6 });
      simEndpoint(fx, 'slow');
      return { groups: [simGroup('chat', [{ sim: 'fast' }]), simGroup('slow', [{ sim: 'slow' }])] };
    },
    sims,
    { maxBodyBytes: 64 * 1024 },
  );
});
afterAll(() => f?.close());

const post = (path: string, body: unknown, key?: string, method = 'POST') =>
  fetch(`${f.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { error?: { code?: string } }).error?.code }));

const chat = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content: 'hello there' }],
  max_tokens: 8,
  ...extra,
});

async function refusals(): Promise<Map<string, number>> {
  const text = await fetch(`${f.url}/metrics`).then((r) => r.text());
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^switchyard_refusals_total\{status="(\d+)",reason="([\w-]+)"\} (\d+)$/gm))
    out.set(`${m[1]} ${m[2]}`, Number(m[3]));
  return out;
}

describe('/metrics counts refusals by reason', () => {
  it('every refusal path, each with its status and reason', async () => {
    const key = (spec: Parameters<GatewayFixture['store']['keys']['create']>[0]) => f.store.keys.create(spec).key;
    const embedOnly = key({ models: ['embed'] });
    const rpm = key({ models: [], rpmLimit: 1 });
    const tpm = key({ models: [], tpmLimit: 20 });
    const parallel = key({ models: [], maxParallelRequests: 1 });
    const broke = key({ models: [], maxBudgetUsd: 1e-9 });
    const plain = key({ models: [] });
    f.rt.reload();
    const before = await refusals();

    const expected: Array<[string, Promise<{ status: number; code?: string }>]> = [];
    const expect1 = (label: string, p: Promise<{ status: number; code?: string }>) => expected.push([label, p]);

    expect1('401 invalid_api_key', post('/v1/chat/completions', chat('chat')));
    expect1('401 invalid_api_key', post('/v1/chat/completions', chat('chat'), 'sk-not-a-key'));
    expect1('403 model_not_allowed', post('/v1/chat/completions', chat('chat'), embedOnly));
    expect1('403 master_key_required', post('/key/generate', {}, plain));
    expect1('400 invalid_json', post('/v1/chat/completions', '{"model": "chat", ', plain));
    expect1('400 missing_model', post('/v1/chat/completions', { messages: [] }, plain));
    expect1('413 request_too_large', post('/v1/chat/completions', chat('chat', { pad: 'x'.repeat(100_000) }), plain));
    expect1('404 model_not_found', post('/v1/chat/completions', chat('no-such-group'), plain));
    expect1('404 route_not_found', post('/v2/nothing', {}, plain));
    expect1('405 method_not_allowed', post('/v1/chat/completions', {}, plain, 'GET'));
    expect1('429 budget_exceeded', post('/v1/chat/completions', chat('chat'), broke));
    for (const [label, p] of expected) {
      const [status, code] = label.split(' ');
      expect(await p, label).toEqual({ status: Number(status), code });
    }

    // Rate limits, one of each kind.
    expect((await post('/v1/chat/completions', chat('chat'), rpm)).status).toBe(200);
    expect(await post('/v1/chat/completions', chat('chat'), rpm)).toMatchObject({
      status: 429,
      code: 'rate_limit_exceeded',
    });
    expect((await post('/v1/chat/completions', chat('chat', { max_tokens: 10 }), tpm)).status).toBe(200);
    expect((await post('/v1/chat/completions', chat('chat', { max_tokens: 10 }), tpm)).status).toBe(429);
    const both = await Promise.all([
      post('/v1/chat/completions', chat('slow'), parallel),
      new Promise((r) => setTimeout(r, 100)).then(() => post('/v1/chat/completions', chat('slow'), parallel)),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 429]);

    const after = await refusals();
    const delta = (label: string) => (after.get(label) ?? 0) - (before.get(label) ?? 0);
    expect(delta('401 invalid_api_key')).toBe(2);
    for (const label of [
      '403 model_not_allowed',
      '403 master_key_required',
      '400 invalid_json',
      '400 missing_model',
      '413 request_too_large',
      '404 model_not_found',
      '404 route_not_found',
      '405 method_not_allowed',
      '429 budget_exceeded',
      '429 rate_limit_rpm',
      '429 rate_limit_tpm',
      '429 rate_limit_parallel',
    ])
      expect(delta(label), label).toBe(1);
    // Nothing else was counted as a refusal: the successful requests are not in it.
    const total = [...after.values()].reduce((a, b) => a + b, 0) - [...before.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(14);
  });

  it('/metrics declares the counter with its help text', async () => {
    const text = await fetch(`${f.url}/metrics`, { headers: { authorization: `Bearer ${MASTER_KEY}` } }).then((r) =>
      r.text(),
    );
    expect(text).toMatch(/# HELP switchyard_refusals_total Requests the gateway refused, by HTTP status and reason/);
    expect(text).toMatch(/# TYPE switchyard_refusals_total counter/);
  });
});
