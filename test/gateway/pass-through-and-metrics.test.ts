// /vllm/{deployment}/… reaches a deployment's native vLLM routes; a ready deployment is routable
// under its served model name without any group; /metrics tells what the gateway did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY, startGatewayFixture, startSims, type GatewayFixture } from '../support/gateway-fixture';

let f: GatewayFixture;
beforeAll(async () => {
  const sims = await startSims({
    engine: { model: 'Qwen/Qwen3-0.6B', servedModelNames: ['qwen3'], maxModelLen: 2048 },
    // An engine on a "remote" host: it listens on the network, so it requires its engine key.
    guarded: { model: 'Qwen/Qwen3-0.6B', servedModelNames: ['qwen3-remote'], apiKeys: ['sk-engine-remote'] },
  });
  f = await startGatewayFixture(({ store, secrets }) => {
    const insert =
      store.db.prepare(`INSERT INTO deployments (id, name, host_id, model, served_model_name, image, state, port, created_at, updated_at)
      VALUES (?, ?, ?, 'Qwen/Qwen3-0.6B', ?, 'vllm/vllm-openai:latest', 'ready', ?, 0, 0)`);
    insert.run('d1', 'qwen-local', 'local', 'qwen3', Number(new URL(sims.engine.url).port));
    const remote = store.hosts.add('gpu-box', 'tcp://127.0.0.1:2376');
    insert.run('d2', 'qwen-remote', remote.id, 'qwen3-remote', Number(new URL(sims.guarded.url).port));
    store.deployments.setApiKeyCipher('qwen-remote', secrets.encrypt('sk-engine-remote'));
    return { groups: [] };
  }, sims);
});
afterAll(() => f?.close());

const auth = { authorization: `Bearer ${MASTER_KEY}` };

describe('deployments through the gateway', () => {
  it('a ready deployment answers under its served model name with no group configured', async () => {
    const { response, data } = await f
      .client()
      .chat.completions.create({ model: 'qwen3', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 })
      .withResponse();
    expect(response.headers.get('x-switchyard-deployment')).toBe('qwen-local');
    expect(data.model).toBe('qwen3');
  });

  it('reaches an engine on a remote host with its engine key (kept encrypted)', async () => {
    const { response } = await f
      .client()
      .chat.completions.create({ model: 'qwen3-remote', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 })
      .withResponse();
    expect(response.headers.get('x-switchyard-deployment')).toBe('qwen-remote');
    const direct = await fetch(`${f.sims.guarded.url}/v1/models`);
    expect(direct.status).toBe(401); // without the key the engine refuses
  });

  it('passes native vLLM routes through: /tokenize and /metrics', async () => {
    const tokenize = await fetch(`${f.url}/vllm/qwen-local/tokenize`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'qwen3', prompt: 'hello world' }),
    });
    expect(tokenize.status).toBe(200);
    expect(tokenize.headers.get('x-switchyard-deployment')).toBe('qwen-local');
    const body = (await tokenize.json()) as { tokens: number[]; count: number };
    expect(body.count).toBe(body.tokens.length);
    const metrics = await fetch(`${f.url}/vllm/qwen-local/metrics`, { headers: auth });
    expect(await metrics.text()).toMatch(/^vllm:num_requests_running\{/m);
  });

  it('an unknown deployment or a missing key is refused', async () => {
    expect((await fetch(`${f.url}/vllm/nope/health`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${f.url}/vllm/qwen-local/health`)).status).toBe(401);
  });

  it('a deployment that is not ready is skipped with the reason', async () => {
    f.store.db.prepare(`UPDATE deployments SET state = 'loading' WHERE id = 'd1'`).run();
    f.rt.reload();
    const err = await f
      .client()
      .chat.completions.create({ model: 'qwen3', messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(err.status).toBe(503);
    expect(err.error.message).toMatch(/qwen-local: deployment qwen-local is loading/);
    f.store.db.prepare(`UPDATE deployments SET state = 'ready' WHERE id = 'd1'`).run();
    f.rt.reload();
  });

  it('/metrics counts requests, tokens and per-deployment state', async () => {
    const text = await (await fetch(`${f.url}/metrics`)).text();
    expect(text).toMatch(/switchyard_requests_total\{model_group="qwen3",deployment="qwen-local",status="200"\} [1-9]/);
    expect(text).toMatch(/switchyard_tokens_total\{model_group="qwen3",type="completion"\} [1-9]/);
    expect(text).toMatch(/switchyard_request_latency_seconds_bucket\{model_group="qwen3",le="\+Inf"\} [1-9]/);
    expect(text).toMatch(/switchyard_deployment_available\{deployment="qwen-local"\} 1/);
  });
});
