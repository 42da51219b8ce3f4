// Issue 11's money findings, each as it was reproduced: request shapes that overspent a budget
// (finding 2), tokens per minute counted only after requests finished (finding 5), and chat
// without max_tokens refused by every engine (finding 9) — against real simulators through a
// real gateway. The pass-through (finding 3) has its own suite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MASTER_KEY,
  simEndpoint,
  simGroup,
  startGatewayFixture,
  startSims,
  type GatewayFixture,
} from '../support/gateway-fixture';
import { call, errorOf, keySpend, loggedRow, loggedRowsOfKey, newKey, teamSpend } from '../support/gateway-calls';

const PRICE = { inputCostPerToken: 1e-7, outputCostPerToken: 1e-6 };
let f: GatewayFixture;

beforeAll(async () => {
  const fast = { ttftMs: 0, itlMs: 0, maxNumSeqs: 4096, numGpuBlocks: 200_000 };
  const sims = await startSims({
    gen: { model: 'gen', maxModelLen: 4096, ...fast },
    short: { model: 'short', maxModelLen: 512, ...fast },
  });
  f = await startGatewayFixture((fx) => {
    simEndpoint(fx, 'gen', { ...PRICE, maxModelLen: 4096 });
    simEndpoint(fx, 'short', { ...PRICE, maxModelLen: 512 });
    // The same engine, registered without its context length.
    fx.endpoint('open', `${fx.sims.gen.url}/v1`, { model: 'gen', ...PRICE });
    return {
      groups: [
        simGroup('chat', [{ sim: 'gen' }]),
        simGroup('short', [{ sim: 'short' }]),
        simGroup('open', [{ sim: 'open' }]),
      ],
    };
  }, sims);
});
afterAll(() => f?.close());

/** One request's worst case as the gateway reserves it, read from a master-key call (no budget applies). */
async function worstOf(path: string, body: Record<string, unknown>): Promise<number> {
  const probe = await call(f.url, path, MASTER_KEY, body);
  expect(probe.status).toBe(200);
  expect(probe.reservedUsd).toBeGreaterThan(0);
  expect(loggedRow(f, probe.requestId)!.cost_usd).toBeLessThanOrEqual(probe.reservedUsd!);
  return probe.reservedUsd!;
}

/** 300 concurrent copies of one request against a fresh key whose budget covers 2.5 worst cases. */
async function flood(path: string, body: Record<string, unknown>) {
  const worst = await worstOf(path, body);
  const budget = worst * 2.5;
  const { key, info } = newKey(f, { models: [], maxBudgetUsd: budget });
  const results = await Promise.all(Array.from({ length: 300 }, () => call(f.url, path, key, body)));
  const spent = keySpend(f, info.id);
  const ok = results.filter((r) => r.status === 200).length;
  for (const r of results.filter((r) => r.status !== 200)) {
    expect(r.status).toBe(429);
    expect(errorOf(r).type).toBe('budget_exceeded');
  }
  console.log(
    `${path} ${JSON.stringify(body).slice(0, 80)}: ${ok}/300 served, spend ${((100 * spent) / budget).toFixed(1)} % of the budget`,
  );
  return { ok, spent, budget };
}

describe('finding 2: budgets are not overspent by request shape', () => {
  it('finding 2: chat n=64, max_tokens=16 — every choice is held', async () => {
    const { ok, spent, budget } = await flood('/v1/chat/completions', {
      model: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
      n: 64,
      max_tokens: 16,
      ignore_eos: true,
    });
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(spent).toBeLessThanOrEqual(budget);
    expect(spent).toBeGreaterThan(0);
  });

  it('finding 2: completions max_completion_tokens=1, max_tokens=2000 — the field the engine obeys', async () => {
    const { ok, spent, budget } = await flood('/v1/completions', {
      model: 'chat',
      prompt: 'hi',
      max_completion_tokens: 1,
      max_tokens: 2000,
      ignore_eos: true,
    });
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(spent).toBeLessThanOrEqual(budget);
  });

  it('finding 2: prompt ["hi"] × 64 — every prompt is held', async () => {
    const { ok, spent, budget } = await flood('/v1/completions', {
      model: 'chat',
      prompt: Array(64).fill('hi'),
      max_tokens: 16,
      ignore_eos: true,
    });
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(spent).toBeLessThanOrEqual(budget);
  });

  it('finding 2: prompt [[1] × 3000] — token ids count, and the remaining context bounds the output', async () => {
    const { ok, spent, budget } = await flood('/v1/completions', {
      model: 'chat',
      prompt: [Array(3000).fill(1)],
      max_tokens: null,
      ignore_eos: true,
    });
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(spent).toBeLessThanOrEqual(budget);
  });

  it('finding 2: a team budget holds across its keys under 300 mixed concurrent requests', async () => {
    const team = f.store.teams.create({ alias: 'mixed', maxBudgetUsd: 0.0004 });
    const keys = [newKey(f, { models: [], teamId: team.id }), newKey(f, { models: [], teamId: team.id })];
    const shapes: Array<[string, Record<string, unknown>]> = [
      ['/v1/chat/completions', { model: 'chat', messages: [{ role: 'user', content: 'hi' }], n: 8, max_tokens: 16 }],
      ['/v1/completions', { model: 'chat', prompt: Array(8).fill('hi'), max_tokens: 8, ignore_eos: true }],
      ['/v1/completions', { model: 'chat', prompt: 'hi', max_completion_tokens: 1, max_tokens: 64, ignore_eos: true }],
    ];
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => {
        const [path, body] = shapes[i % shapes.length];
        return call(f.url, path, keys[i % 2].key, { ...body, ignore_eos: true });
      }),
    );
    const spent = teamSpend(f, team.id);
    console.log(
      `team: ${results.filter((r) => r.status === 200).length}/300 served, spend ${((100 * spent) / 0.0004).toFixed(1)} %`,
    );
    expect(results.some((r) => r.status === 200)).toBe(true);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(0.0004);
  });

  it('finding 2: a request whose worst case has no bound is refused with a 400 that says what to send', async () => {
    const { key } = newKey(f, { models: [], maxBudgetUsd: 1 });
    const body = { model: 'open', messages: [{ role: 'user', content: 'hi' }] };
    const refused = await call(f.url, '/v1/chat/completions', key, body);
    expect(refused.status).toBe(400);
    const error = errorOf(refused);
    expect(error.code).toBe('unbounded_cost');
    expect(error.param).toBe('max_tokens');
    expect(error.message).toMatch(/open has no known context length.*Send "max_tokens"/);
    // With a bound it goes through; without a budget to protect, so does the unbounded one.
    expect((await call(f.url, '/v1/chat/completions', key, { ...body, max_tokens: 4 })).status).toBe(200);
    expect((await call(f.url, '/v1/chat/completions', MASTER_KEY, body)).status).toBe(200);
  });
});

describe('finding 5: tokens per minute are reserved at admission', () => {
  const body = { model: 'chat', messages: [{ role: 'user', content: 'hello' }], max_tokens: 20, ignore_eos: true };
  const tokensOf = (keyId: string) =>
    loggedRowsOfKey(f, keyId)
      .filter((r) => r.status === 200)
      .reduce((sum, r) => sum + r.prompt_tokens + r.completion_tokens, 0);

  it('finding 5: 300 concurrent requests under a tpm of 500 stay within it', async () => {
    const { key, info } = newKey(f, { models: [], tpmLimit: 500 });
    const results = await Promise.all(
      Array.from({ length: 300 }, () => call(f.url, '/v1/chat/completions', key, body)),
    );
    const used = tokensOf(info.id);
    console.log(`key tpm 500: ${results.filter((r) => r.status === 200).length}/300 served, ${used} tokens`);
    expect(results.some((r) => r.status === 200)).toBe(true);
    for (const r of results.filter((r) => r.status !== 200)) {
      expect(r.status).toBe(429);
      expect(errorOf(r).message).toMatch(/500 tokens per minute/);
    }
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(500);
  });

  it("finding 5: a team's tpm of 500 holds across its keys", async () => {
    const team = f.store.teams.create({ alias: 'tpm-team', tpmLimit: 500 });
    const keys = [newKey(f, { models: [], teamId: team.id }), newKey(f, { models: [], teamId: team.id })];
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => call(f.url, '/v1/chat/completions', keys[i % 2].key, body)),
    );
    const used = tokensOf(keys[0].info.id) + tokensOf(keys[1].info.id);
    console.log(`team tpm 500: ${results.filter((r) => r.status === 200).length}/300 served, ${used} tokens`);
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(500);
  });
});

describe('finding 9: chat without max_tokens', () => {
  it('finding 9: is served, and no max_tokens is added for the engine to refuse', async () => {
    const { key, info } = newKey(f, { models: [], maxBudgetUsd: 1 });
    // ~300 tokens of digits that a 4-bytes-a-token estimate puts at ~80: a max_tokens filled in as
    // "context minus the estimate" would pass the 512-token context, and the engine would refuse it.
    const content = '1234567890 '.repeat(27);
    const answer = await call(f.url, '/v1/chat/completions', key, {
      model: 'short',
      messages: [{ role: 'user', content }],
    });
    expect(answer.status).toBe(200);
    const usage = answer.json?.usage as { prompt_tokens: number; completion_tokens: number };
    expect(usage.prompt_tokens).toBeGreaterThan(200);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    // What was held covers the whole remaining context, and the key paid the real cost.
    expect(answer.reservedUsd).toBeGreaterThanOrEqual((512 - usage.prompt_tokens) * PRICE.outputCostPerToken);
    expect(keySpend(f, info.id)).toBeCloseTo(
      usage.prompt_tokens * PRICE.inputCostPerToken + usage.completion_tokens * PRICE.outputCostPerToken,
      12,
    );
  });

  it('finding 9: a stream without max_tokens runs to its natural end, within the reservation', async () => {
    const { key } = newKey(f, { models: [], maxBudgetUsd: 1 });
    const answer = await call(f.url, '/v1/chat/completions', key, {
      model: 'chat',
      messages: [{ role: 'user', content: 'tell a story' }],
      stream: true,
    });
    expect(answer.status).toBe(200);
    expect(answer.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const row = loggedRow(f, answer.requestId)!;
    expect(row.status).toBe(200);
    expect(row.completion_tokens).toBeGreaterThan(0);
    expect(row.cost_usd).toBeLessThanOrEqual(answer.reservedUsd!);
  });
});
