// LiteLLM's probes and paths against a real gateway, store and simulators: /health/liveliness and
// /health/readiness (200 and 503 as documented), models.retrieve with the official SDK, the routes
// without /v1 and with a trailing slash, /v2/rerank in Cohere's shape, /tokenize and /detokenize
// on the group's vLLM target, and every header LiteLLM reads a key from.
import OpenAI, { NotFoundError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GatewayFixture,
  MASTER_KEY,
  simEndpoint,
  simGroup,
  startGatewayFixture,
  startSims,
} from '../support/gateway-fixture';
import { call } from './support';

let f: GatewayFixture;
let chatOnly: string;

beforeAll(async () => {
  const sims = await startSims({
    fast: { model: 'fast', ttftMs: 1, itlMs: 1, maxNumSeqs: 64, maxModelLen: 8192 },
    embedder: { model: 'embedder', runner: 'pooling', ttftMs: 1, itlMs: 1 },
  });
  f = await startGatewayFixture((fx) => {
    simEndpoint(fx, 'fast', { maxModelLen: 8192 });
    simEndpoint(fx, 'embedder');
    return { groups: [simGroup('chat', [{ sim: 'fast' }]), simGroup('embed', [{ sim: 'embedder' }])] };
  }, sims);
  chatOnly = (await call(f, '/key/generate', { key_alias: 'chat-only', models: ['chat'] })).body.key;
});
afterAll(() => f?.close());

const post = (
  path: string,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${MASTER_KEY}` },
) =>
  fetch(`${f.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('probes', () => {
  it('/health/liveliness (and /health/liveness) answers "I\'m alive!" without a key', async () => {
    for (const path of ['/health/liveliness', '/health/liveness', '/health/liveliness/']) {
      const res = await fetch(`${f.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toBe("I'm alive!");
    }
  });

  it('/health/readiness is 200 with the store connected and healthy targets, 503 once none can serve', async () => {
    const ready = await fetch(`${f.url}/health/readiness`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'healthy', db: 'connected', healthy_targets: 2, targets: 2 });
    // Both targets cooling down (briefly): nothing can take traffic, so a load balancer should stop sending.
    for (const t of f.rt.table().targets()) f.rt.cooldowns.coolDownFor(t.key, 300, 'test');
    const notReady = await fetch(`${f.url}/health/readiness`);
    expect(notReady.status).toBe(503);
    const body = (await notReady.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'unhealthy', db: 'connected', healthy_targets: 0 });
    expect(body.error).toMatch(/None of the 2 targets can take traffic/);
    await new Promise((r) => setTimeout(r, 350));
    expect((await fetch(`${f.url}/health/readiness`)).status).toBe(200);
  });

  it('/health/readiness is 503 when no group has a target, and when the store does not answer', async () => {
    const empty = await startGatewayFixture(() => ({ groups: [] }));
    try {
      const res = await fetch(`${empty.url}/health/readiness`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toMatch(/No model group has a target/);
      empty.store.db.close();
      const down = await fetch(`${empty.url}/health/readiness`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'unhealthy', db: 'unreachable' });
    } finally {
      await empty.gateway.close();
    }
  });
});

describe('models.retrieve', () => {
  it('the SDK retrieves a group; an unknown one, or one the key may not use, is a 404 in OpenAI shape', async () => {
    const model = await f.client().models.retrieve('chat');
    expect(model).toMatchObject({ id: 'chat', object: 'model', owned_by: 'switchyard' });
    const err = await f
      .client()
      .models.retrieve('nope')
      .catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.error).toMatchObject({ code: 'model_not_found', param: 'model', type: 'invalid_request_error' });
    expect(err.message).toMatch(/`nope` does not exist/);
    await expect(f.client(chatOnly).models.retrieve('embed')).rejects.toBeInstanceOf(NotFoundError);
    expect((await f.client(chatOnly).models.retrieve('chat')).id).toBe('chat');
  });
});

describe('paths as LiteLLM serves them', () => {
  it('the OpenAI routes answer without /v1 and with a trailing slash', async () => {
    const root = new OpenAI({ baseURL: f.url, apiKey: MASTER_KEY, maxRetries: 0 });
    const completion = await root.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 3,
    });
    expect(completion.choices[0].message.role).toBe('assistant');
    expect((await root.models.list()).data.map((m) => m.id).sort()).toEqual(['chat', 'embed']);
    const embedded = await root.embeddings.create({ model: 'embed', input: 'hello' });
    expect(embedded.data[0].embedding.length).toBeGreaterThan(0);
    const completions = await post('/completions', { model: 'chat', prompt: 'hi', max_tokens: 2 });
    expect(completions.status).toBe(200);
    const slash = await post('/v1/chat/completions/', { model: 'chat', messages: [{ role: 'user', content: 'x' }] });
    expect(slash.status).toBe(200);
    const responses = await post('/responses', { model: 'chat', input: 'hi', max_output_tokens: 16 });
    expect(responses.status).toBe(200);
    expect(((await responses.json()) as { object: string }).object).toBe('response');
  });

  it('/messages answers in Anthropic shape, errors included', async () => {
    const ok = await post('/messages', { model: 'chat', max_tokens: 4, messages: [{ role: 'user', content: 'hi' }] });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { type: string }).type).toBe('message');
    const bad = await post('/messages', { model: 'nope', max_tokens: 4, messages: [{ role: 'user', content: 'hi' }] });
    expect(bad.status).toBe(404);
    expect(await bad.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('an unknown path still names the routes, in OpenAI shape', async () => {
    const res = await fetch(`${f.url}/v3/whatever`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/without \/v1/);
  });
});

describe('rerank', () => {
  const docs = ['Paris is the capital of France.', 'Bananas are yellow.', 'France borders Spain.'];

  it('/v2/rerank answers in Cohere shape: results with index and relevance_score, meta.billed_units', async () => {
    const res = await post('/v2/rerank', { model: 'embed', query: 'capital of France', documents: docs, top_n: 2 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      id: string;
      results: Array<{ index: number; relevance_score: number; document?: { text: string } }>;
      meta: { billed_units: { search_units: number; total_tokens: number } };
    };
    expect(body.results).toHaveLength(2);
    for (const r of body.results) {
      expect(docs[r.index]).toBeDefined();
      expect(typeof r.relevance_score).toBe('number');
      expect(r.document?.text).toBe(docs[r.index]);
    }
    expect(body.results[0].relevance_score).toBeGreaterThanOrEqual(body.results[1].relevance_score);
    expect(body.meta.billed_units.search_units).toBe(1);
    expect(body.meta.billed_units.total_tokens).toBeGreaterThan(0);
    expect(body).not.toHaveProperty('usage');
    const bare = await post('/v2/rerank', { model: 'embed', query: 'q', documents: docs, return_documents: false });
    const bareBody = (await bare.json()) as { results: Array<Record<string, unknown>> };
    expect(bareBody.results.every((r) => !('document' in r))).toBe(true);
  });

  it("/rerank (no /v1) is vLLM's rerank; the allow-list applies", async () => {
    const res = await post('/rerank', { model: 'embed', query: 'capital', documents: docs });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: unknown[] }).results).toHaveLength(3);
    const denied = await post(
      '/v2/rerank',
      { model: 'embed', query: 'q', documents: docs },
      {
        authorization: `Bearer ${chatOnly}`,
      },
    );
    expect(denied.status).toBe(403);
  });
});

describe('tokenize', () => {
  it("/tokenize and /detokenize go to the group's vLLM target and round-trip", async () => {
    const res = await post(
      '/tokenize',
      { model: 'chat', prompt: 'hello tokenizer world' },
      {
        authorization: `Bearer ${chatOnly}`,
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-deployment')).toBe('fast');
    const tokens = (await res.json()) as { count: number; tokens: number[] };
    expect(tokens.count).toBe(tokens.tokens.length);
    expect(tokens.count).toBeGreaterThan(0);
    const back = await post('/detokenize', { model: 'chat', tokens: tokens.tokens });
    expect(back.status).toBe(200);
    expect(((await back.json()) as { prompt: string }).prompt).toContain('tokenizer');
  });

  it('needs a key, a group the key may use, and the field to work on', async () => {
    expect((await post('/tokenize', { model: 'chat', prompt: 'x' }, {})).status).toBe(401);
    const denied = await post('/tokenize', { model: 'embed', prompt: 'x' }, { authorization: `Bearer ${chatOnly}` });
    expect(denied.status).toBe(403);
    const missing = await post('/detokenize', { model: 'chat' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { param: string } }).error.param).toBe('tokens');
  });
});

describe('auth headers LiteLLM accepts', () => {
  const forms: Array<[string, (k: string) => Record<string, string>]> = [
    ['Authorization: Bearer', (k) => ({ authorization: `Bearer ${k}` })],
    ['bare Authorization', (k) => ({ authorization: k })],
    ['x-api-key', (k) => ({ 'x-api-key': k })],
    ['api-key (Azure)', (k) => ({ 'api-key': k })],
    ['x-litellm-api-key', (k) => ({ 'x-litellm-api-key': k })],
  ];
  for (const [name, header] of forms) {
    it(`${name}: the key is read, and a wrong one refused`, async () => {
      const ok = await fetch(`${f.url}/v1/models`, { headers: header(chatOnly) });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id)).toEqual(['chat']);
      const wrong = await fetch(`${f.url}/v1/models`, { headers: header('sk-not-a-key') });
      expect(wrong.status).toBe(401);
    });
  }
});
