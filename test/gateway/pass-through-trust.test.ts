// Finding 3 of issue 11: /vllm/{deployment}/… honours the key's allowed groups and holds, settles
// and logs the cost and tokens of the inference routes it recognises — against simulators, and
// against a real deployment of the simulator image on Docker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, httpHealthProbe } from '../../electron/core/docker/lifecycle';
import { planDeployment, type PlanInput } from '../../electron/core/docker/plan';
import { findFreeHostPort } from '../../electron/core/docker/ports';
import { docker, ensureSimImage, removeTestResources, TEST_RUN_LABEL, testRunId } from '../docker/support';
import { call, errorOf, keySpend, loggedRow, loggedRowsOfKey, newKey } from '../support/gateway-calls';
import {
  MASTER_KEY,
  simEndpoint,
  simGroup,
  startGatewayFixture,
  startSims,
  type GatewayFixture,
} from '../support/gateway-fixture';
import { hasDocker } from '../support/requirements';

const ENERGY = 1e-6; // USD per token, input and output alike
let f: GatewayFixture;
let seq = 0;

function addDeployment(name: string, served: string, port: number) {
  f.store.db
    .prepare(`INSERT INTO deployments (id, name, host_id, model, served_model_name, image, state, port, created_at, updated_at)
      VALUES (?, ?, 'local', 'Qwen/Qwen3-0.6B', ?, 'vllm/vllm-openai:latest', 'ready', ?, 0, 0)`)
    .run(`d${++seq}`, name, served, port);
  f.store.deployments.setEnergyPrice(name, ENERGY, 0);
  f.rt.reload();
}

beforeAll(async () => {
  const fast = { ttftMs: 0, itlMs: 0, maxNumSeqs: 1024 };
  const sims = await startSims({
    gen: { model: 'Qwen/Qwen3-0.6B', servedModelNames: ['gen-served'], maxModelLen: 4096, ...fast },
    emb: { model: 'bge', servedModelNames: ['emb-served'], runner: 'pooling', ...fast },
  });
  f = await startGatewayFixture((fx) => {
    simEndpoint(fx, 'emb', { inputCostPerToken: 1e-7 });
    return { groups: [simGroup('embed', [{ sim: 'emb' }])] };
  }, sims);
  addDeployment('gen-dep', 'gen-served', Number(new URL(sims.gen.url).port));
  addDeployment('emb-dep', 'emb-served', Number(new URL(sims.emb.url).port));
});
afterAll(() => f?.close());

const chatBody = (extra: Record<string, unknown> = {}) => ({
  model: 'gen-served',
  messages: [{ role: 'user', content: 'tell me everything' }],
  max_tokens: 1000,
  ...extra,
});

describe('finding 3: /vllm/{deployment} honours allowed groups and budgets', () => {
  it('finding 3: a key allowed only `embed` with a $0.000001 budget gets nothing through a chat deployment', async () => {
    const { key, info } = newKey(f, { models: ['embed'], maxBudgetUsd: 0.000001 });
    for (let i = 0; i < 5; i++) {
      const r = await call(f.url, '/vllm/gen-dep/v1/chat/completions', key, chatBody());
      expect(r.status).toBe(403);
      expect(errorOf(r).type).toBe('permission_error');
      expect(errorOf(r).message).toMatch(/may not use deployment `gen-dep`/);
    }
    expect((await call(f.url, '/vllm/gen-dep/metrics', key, undefined, 'GET')).status).toBe(403);
    expect(keySpend(f, info.id)).toBe(0);
    expect(loggedRowsOfKey(f, info.id).reduce((s, r) => s + r.completion_tokens, 0)).toBe(0);
  });

  it('finding 3: a key allowed a group the deployment serves reaches it; so do the master key and keys with no allow-list', async () => {
    const allowed = newKey(f, { models: ['gen-served'] });
    const open = newKey(f, { models: [] });
    for (const key of [allowed.key, open.key, MASTER_KEY]) {
      const r = await call(f.url, '/vllm/gen-dep/tokenize', key, { prompt: 'hello' });
      expect(r.status).toBe(200);
    }
  });

  it('finding 3: the worst case is held against the budget before the request is sent', async () => {
    const { key, info } = newKey(f, { models: ['gen-served'], maxBudgetUsd: 0.000001 });
    const r = await call(f.url, '/vllm/gen-dep/v1/chat/completions', key, chatBody());
    expect(r.status).toBe(429);
    expect(errorOf(r).type).toBe('budget_exceeded');
    expect(keySpend(f, info.id)).toBe(0);
  });

  it('finding 3: real tokens and cost are logged and charged (answer and stream)', async () => {
    const { key, info } = newKey(f, { models: ['gen-served'], maxBudgetUsd: 1 });
    const plain = await call(
      f.url,
      '/vllm/gen-dep/v1/chat/completions',
      key,
      chatBody({ max_tokens: 12, ignore_eos: true }),
    );
    expect(plain.status).toBe(200);
    const usage = plain.json?.usage as { prompt_tokens: number; completion_tokens: number };
    const row = loggedRow(f, plain.requestId)!;
    expect(row).toMatchObject({
      status: 200,
      deployment: 'gen-dep',
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: 12,
    });
    expect(row.cost_usd).toBeCloseTo((usage.prompt_tokens + 12) * ENERGY, 12);
    expect(plain.reservedUsd).toBeGreaterThanOrEqual(row.cost_usd);

    // A stream whose client did not ask for usage: the gateway asks, counts it, and drops the chunk again.
    const streamed = await call(
      f.url,
      '/vllm/gen-dep/v1/chat/completions',
      key,
      chatBody({ max_tokens: 9, ignore_eos: true, stream: true }),
    );
    expect(streamed.status).toBe(200);
    expect(streamed.text).not.toMatch(/"usage":\{/);
    expect(streamed.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const streamRow = loggedRow(f, streamed.requestId)!;
    expect(streamRow.completion_tokens).toBe(9);
    expect(streamRow.prompt_tokens).toBe(usage.prompt_tokens);

    // Embeddings on another deployment: prompt tokens only.
    const { key: embKey } = newKey(f, { models: ['emb-served'], maxBudgetUsd: 1 });
    const emb = await call(f.url, '/vllm/emb-dep/v1/embeddings', embKey, {
      model: 'emb-served',
      input: ['a b c', 'd e'],
    });
    expect(emb.status).toBe(200);
    const embRow = loggedRow(f, emb.requestId)!;
    expect(embRow.prompt_tokens).toBe((emb.json?.usage as { prompt_tokens: number } | undefined)?.prompt_tokens);
    expect(embRow.cost_usd).toBeCloseTo(embRow.prompt_tokens * ENERGY, 12);

    f.rt.writer.flush();
    expect(keySpend(f, info.id)).toBeCloseTo(row.cost_usd + streamRow.cost_usd, 12);
  });

  it('finding 3: 100 concurrent pass-through requests stay within a budget of 2.5 worst cases', async () => {
    const body = { model: 'gen-served', prompt: 'hi', max_tokens: 50, ignore_eos: true };
    const probe = await call(f.url, '/vllm/gen-dep/v1/completions', MASTER_KEY, body);
    expect(probe.status).toBe(200);
    const budget = probe.reservedUsd! * 2.5;
    const { key, info } = newKey(f, { models: [], maxBudgetUsd: budget });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => call(f.url, '/vllm/gen-dep/v1/completions', key, body)),
    );
    const ok = results.filter((r) => r.status === 200).length;
    console.log(
      `pass-through: ${ok}/100 served, spend ${((100 * keySpend(f, info.id)) / budget).toFixed(1)} % of the budget`,
    );
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(keySpend(f, info.id)).toBeGreaterThan(0);
    expect(keySpend(f, info.id)).toBeLessThanOrEqual(budget);
  });

  it('finding 3: tokens per minute hold on the pass-through too', async () => {
    const { key, info } = newKey(f, { models: [], tpmLimit: 300 });
    const body = { model: 'gen-served', prompt: 'hi', max_tokens: 40, ignore_eos: true };
    await Promise.all(Array.from({ length: 100 }, () => call(f.url, '/vllm/gen-dep/v1/completions', key, body)));
    const used = loggedRowsOfKey(f, info.id)
      .filter((r) => r.status === 200)
      .reduce((s, r) => s + r.prompt_tokens + r.completion_tokens, 0);
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(300);
  });

  it('finding 3: a generating route the gateway cannot bound is refused where a budget applies', async () => {
    const { key } = newKey(f, { models: [], maxBudgetUsd: 1 });
    const r = await call(f.url, '/vllm/gen-dep/v1/responses', key, { model: 'gen-served', input: 'hi' });
    expect(r.status).toBe(400);
    expect(errorOf(r).code).toBe('unbounded_cost');
    expect(errorOf(r).message).toMatch(/\/v1\/responses is not a route whose usage the gateway can bound/);
  });
});

describe.runIf(hasDocker())('finding 3: a real deployment on Docker (the simulator image)', () => {
  const name = `pt-${testRunId}`.toLowerCase();
  const volumes = { hf: `switchyard-test-hf-${testRunId}-pt`, vllm: `switchyard-test-vllm-${testRunId}-pt` };

  beforeAll(async () => {
    const image = await ensureSimImage();
    const hostPort = await findFreeHostPort({ docker, local: true });
    const plan = planDeployment({
      spec: {
        name,
        model: 'Qwen/Qwen3-0.6B',
        servedModelName: 'docker-served',
        image,
        gpus: { kind: 'none' },
        hfCache: { kind: 'volume', name: volumes.hf },
        engineArgs: ['--max-model-len', '2048', '--ttft-ms', '0', '--itl-ms', '0'],
      } as PlanInput['spec'],
      hostPort,
      vllmCacheVolume: volumes.vllm,
    });
    const final = await deploy(
      { docker, probeHealth: httpHealthProbe, pollMs: 200, readyTimeoutMs: 60_000 },
      plan,
      () => {},
      { extraLabels: { [TEST_RUN_LABEL]: testRunId } },
    );
    expect(final.phase, final.reason ?? '').toBe('ready');
    addDeployment(name, 'docker-served', hostPort);
    // What vLLM logged at startup gives the gateway the deployment's context length.
    f.store.deployments.setProgress(final, Date.now());
    f.rt.reload();
  }, 120_000);
  afterAll(async () => {
    await removeTestResources();
    for (const v of Object.values(volumes))
      await docker
        .getVolume(v)
        .remove({ force: true })
        .catch(() => undefined);
  });

  it('finding 3: allow-list, budget hold and real usage against the container', async () => {
    const denied = newKey(f, { models: ['embed'], maxBudgetUsd: 0.000001 });
    expect(
      (await call(f.url, `/vllm/${name}/v1/chat/completions`, denied.key, chatBody({ model: 'docker-served' }))).status,
    ).toBe(403);

    const tiny = newKey(f, { models: ['docker-served'], maxBudgetUsd: 0.000001 });
    const refused = await call(
      f.url,
      `/vllm/${name}/v1/chat/completions`,
      tiny.key,
      chatBody({ model: 'docker-served' }),
    );
    expect(refused.status).toBe(429);

    const { key, info } = newKey(f, { models: ['docker-served'], maxBudgetUsd: 1 });
    // No max_tokens: the context length vLLM logged (2048) bounds the reservation.
    const r = await call(f.url, `/vllm/${name}/v1/chat/completions`, key, {
      model: 'docker-served',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(r.status).toBe(200);
    expect(r.reservedUsd).toBeGreaterThanOrEqual(2000 * ENERGY);
    const usage = r.json?.usage as { prompt_tokens: number; completion_tokens: number };
    const row = loggedRow(f, r.requestId)!;
    expect(row).toMatchObject({ prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens });
    expect(row.cost_usd).toBeGreaterThan(0);
    expect(keySpend(f, info.id)).toBeCloseTo(row.cost_usd, 12);
  });
});
