// Budgets that never overspend, charging for what was generated, and per-key limits — against
// simulators with per-token prices set on their endpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import {
  MASTER_KEY,
  simEndpoint,
  simGroup,
  startGatewayFixture,
  startSims,
  type GatewayFixture,
} from '../support/gateway-fixture';
import { waitFor } from '../support/net';

const PRICE = { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 };
let f: GatewayFixture;

beforeAll(async () => {
  const sims = await startSims({
    fast: { model: 'fast', ttftMs: 2, itlMs: 1, maxNumSeqs: 512 },
    slow: { model: 'slow', ttftMs: 5, itlMs: 15 },
  });
  f = await startGatewayFixture((fx) => {
    simEndpoint(fx, 'fast', PRICE);
    simEndpoint(fx, 'slow', PRICE);
    return { groups: [simGroup('chat', [{ sim: 'fast' }]), simGroup('chat-slow', [{ sim: 'slow' }])] };
  }, sims);
});
afterAll(() => f?.close());

const keyWith = (spec: Parameters<GatewayFixture['store']['keys']['create']>[0]) => {
  const created = f.store.keys.create(spec);
  f.rt.reload();
  return created;
};
const spendOf = (id: string) => {
  f.rt.writer.flush();
  return f.store.keys.get(id)!.spendUsd;
};

describe('budgets', () => {
  it('200 concurrent requests against a budget for ~20: spend stays within it, every refusal is 429 budget_exceeded', async () => {
    // Worst case of one request: ~40 prompt tokens (upper bound) × $1e-6 + 50 output tokens × $2e-6 ≈ $0.00014.
    const budget = 0.0028;
    const { key, info } = keyWith({ models: [], maxBudgetUsd: budget });
    const client = new OpenAI({ baseURL: `${f.url}/v1`, apiKey: key, maxRetries: 0 });
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () =>
        client.chat.completions.create({
          model: 'chat',
          messages: [{ role: 'user', content: 'hello' }],
          max_tokens: 50,
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(ok).toBeGreaterThanOrEqual(20);
    expect(refused.length).toBeGreaterThan(100);
    for (const err of refused) {
      expect(err.status).toBe(429);
      expect(err.error.type).toBe('budget_exceeded');
      expect(err.error.message).toMatch(/remains and this request could cost up to \$/);
    }
    const spent = spendOf(info.id);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(budget);
    // The request log adds up to the same spend.
    const logged = (
      f.store.db.prepare(`SELECT sum(cost_usd) AS s FROM request_logs WHERE key_id = ?`).get(info.id) as { s: number }
    ).s;
    expect(logged).toBeCloseTo(spent, 10);
  });

  it('a client that disconnects mid-stream is charged for the tokens generated', async () => {
    const { key, info } = keyWith({ models: [] });
    const controller = new AbortController();
    const client = new OpenAI({ baseURL: `${f.url}/v1`, apiKey: key, maxRetries: 0 });
    const stream = await client.chat.completions.create(
      { model: 'chat-slow', messages: [{ role: 'user', content: 'tell a long story' }], max_tokens: 400, stream: true },
      { signal: controller.signal },
    );
    let chunks = 0;
    try {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta?.content) chunks += 1;
        if (chunks === 8) controller.abort();
      }
    } catch {
      // the abort
    }
    await waitFor('the request to be logged', () => {
      f.rt.writer.flush();
      return f.store.db.prepare(`SELECT * FROM request_logs WHERE key_id = ?`).get(info.id) as
        | { status: number; completion_tokens: number; cost_usd: number }
        | undefined;
    });
    const row = f.store.db.prepare(`SELECT * FROM request_logs WHERE key_id = ?`).get(info.id) as {
      status: number;
      completion_tokens: number;
      cost_usd: number;
    };
    expect(row.status).toBe(499);
    expect(row.completion_tokens).toBeGreaterThanOrEqual(8);
    expect(row.completion_tokens).toBeLessThan(400);
    expect(row.cost_usd).toBeGreaterThan(row.completion_tokens * PRICE.outputCostPerToken - 1e-12);
    expect(spendOf(info.id)).toBeCloseTo(row.cost_usd, 12);
  });
});

describe('limits', () => {
  const ask = (client: OpenAI, model = 'chat', max_tokens = 4) =>
    client.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }], max_tokens });

  it('rpm: the request past the limit gets 429 rate_limit_exceeded with Retry-After', async () => {
    const { key } = keyWith({ models: [], rpmLimit: 5 });
    const client = new OpenAI({ baseURL: `${f.url}/v1`, apiKey: key, maxRetries: 0 });
    for (let i = 0; i < 5; i++) await ask(client);
    const err = await ask(client).catch((e) => e);
    expect(err.status).toBe(429);
    expect(err.error.type).toBe('rate_limit_exceeded');
    expect(err.error.message).toMatch(/5 requests per minute/);
    expect(Number(err.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('parallel: at most N in flight', async () => {
    const { key } = keyWith({ models: [], maxParallelRequests: 2 });
    const client = new OpenAI({ baseURL: `${f.url}/v1`, apiKey: key, maxRetries: 0 });
    const results = await Promise.allSettled([
      ask(client, 'chat-slow', 20),
      ask(client, 'chat-slow', 20),
      ask(client, 'chat-slow', 20),
      ask(client, 'chat-slow', 20),
    ]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(refused).toHaveLength(2);
    expect((refused[0] as PromiseRejectedResult).reason.error.message).toMatch(/2 requests in parallel/);
    await ask(client); // free again once they finished
  });

  it('tpm: tokens used in the last minute count against the next request', async () => {
    const { key } = keyWith({ models: [], tpmLimit: 120 });
    const client = new OpenAI({ baseURL: `${f.url}/v1`, apiKey: key, maxRetries: 0 });
    await ask(client, 'chat', 90);
    const err = await ask(client, 'chat', 90).catch((e) => e);
    expect(err.status).toBe(429);
    expect(err.error.message).toMatch(/120 tokens per minute/);
  });
});

describe('LiteLLM-compatible /key routes', () => {
  const call = (path: string, body?: unknown, key = MASTER_KEY) =>
    fetch(`${f.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('generate, info, update, list, delete', async () => {
    const generated = (await (
      await call('/key/generate', {
        key_alias: 'n8n',
        models: ['chat'],
        max_budget: 5,
        budget_duration: '30d',
        rpm_limit: 60,
        metadata: { owner: 'ops' },
      })
    ).json()) as { key: string; key_alias: string; max_budget: number; budget_reset_at: string };
    expect(generated.key).toMatch(/^sk-/);
    expect(generated).toMatchObject({ key_alias: 'n8n', max_budget: 5 });
    expect(new Date(generated.budget_reset_at).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const client = new OpenAI({ baseURL: `${f.url}/v1`, apiKey: generated.key, maxRetries: 0 });
    await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], max_tokens: 5 });
    const info = (await (await call(`/key/info?key=${generated.key}`)).json()) as {
      key: string;
      info: { spend: number; models: string[]; metadata: { owner: string } };
    };
    expect(info.key).toBe(generated.key);
    expect(info.info.spend).toBeGreaterThan(0);
    expect(info.info.models).toEqual(['chat']);
    expect(info.info.metadata.owner).toBe('ops');
    // A key may read its own info, not another's.
    expect((await call('/key/info', undefined, generated.key)).status).toBe(200);

    const updated = (await (
      await call('/key/update', { key: generated.key, models: ['chat', 'chat-slow'], rpm_limit: 2 })
    ).json()) as { models: string[]; rpm_limit: number };
    expect(updated).toMatchObject({ models: ['chat', 'chat-slow'], rpm_limit: 2 }); // one request already in this minute
    await client.chat.completions.create({
      model: 'chat-slow',
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 2,
    });
    expect(
      (
        await client.chat.completions
          .create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], max_tokens: 2 })
          .catch((e) => e)
      ).status,
    ).toBe(429);

    const list = (await (await call('/key/list')).json()) as { keys: string[] };
    expect(list.keys.length).toBeGreaterThan(0);
    const deleted = (await (await call('/key/delete', { keys: [generated.key] })).json()) as { deleted_keys: string[] };
    expect(deleted.deleted_keys).toEqual([generated.key]);
    const afterDelete = await client.models.list().catch((e) => e);
    expect(afterDelete.status).toBe(401);
    expect(afterDelete.error.message).toMatch(/revoked/);
  });

  it('a team budget is shared by its keys and refuses both once spent', async () => {
    const team = (await (await call('/team/new', { team_alias: 'research', max_budget: 0.0005 })).json()) as {
      team_id: string;
      max_budget: number;
    };
    expect(team.max_budget).toBe(0.0005);
    const keys = await Promise.all(
      [1, 2].map(
        async () => ((await (await call('/key/generate', { team_id: team.team_id })).json()) as { key: string }).key,
      ),
    );
    const clients = keys.map((k) => new OpenAI({ baseURL: `${f.url}/v1`, apiKey: k, maxRetries: 0 }));
    const outcomes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const status = await clients[i % 2].chat.completions
        .create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }], max_tokens: 50 })
        .then(
          () => 200,
          (e) => (expect(e.error.type).toBe('budget_exceeded'), e.status as number),
        );
      outcomes.push(status);
    }
    expect(outcomes.filter((s) => s === 200).length).toBeGreaterThan(1);
    expect(outcomes.at(-1)).toBe(429);
    const info = (await (await call(`/team/info?team_id=${team.team_id}`)).json()) as { spend: number };
    expect(info.spend).toBeGreaterThan(0);
    expect(info.spend).toBeLessThanOrEqual(0.0005);
    expect((await call('/key/generate', { team_id: 'no-such-team' })).status).toBe(400);
  });

  it("a team's rpm limit holds across all of its keys", async () => {
    const team = (await (await call('/team/new', { team_alias: 'interns', rpm_limit: 3 })).json()) as {
      team_id: string;
    };
    const keys = await Promise.all(
      [1, 2].map(
        async () => ((await (await call('/key/generate', { team_id: team.team_id })).json()) as { key: string }).key,
      ),
    );
    const clients = keys.map((k) => new OpenAI({ baseURL: `${f.url}/v1`, apiKey: k, maxRetries: 0 }));
    for (let i = 0; i < 3; i++)
      await clients[i % 2].chat.completions.create({
        model: 'chat',
        messages: [{ role: 'user', content: 'x' }],
        max_tokens: 2,
      });
    const err = await clients[1].chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], max_tokens: 2 })
      .catch((e) => e);
    expect(err.status).toBe(429);
    expect(err.error.message).toMatch(/Team interns allows 3 requests per minute/);
  });

  it('needs the master key and validates bodies', async () => {
    const { key } = keyWith({ models: [] });
    expect((await call('/key/generate', {}, key)).status).toBe(403);
    const bad = await call('/key/generate', { max_budget: 'lots' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { param: string; message: string } };
    expect(body.error.param).toBe('max_budget');
    expect((await call('/key/info?key=sk-nope')).status).toBe(404);
  });
});
