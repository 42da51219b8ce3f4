// The /vllm/{deployment}/… pass-through against a real simulator deployment: the same parse-time
// bounds as the /v1 routes (findings 6 and 7) and the same answers to hostile input, so no route
// reaches an engine with a body the gateway's own routes would refuse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY, startGatewayFixture, startSims, type GatewayFixture } from '../support/gateway-fixture';
import { deepNesting, drawFor, FUZZ_SEED, HOSTILE_VALUES } from './support/fuzz-values';
import { rawRequest, runPool } from './support/raw-http';
import { openAiErrorProblem } from './support/serve-under-fuzz';

let f: GatewayFixture;
let port: number;
beforeAll(async () => {
  const sims = await startSims({
    engine: { model: 'Qwen/Qwen3-0.6B', servedModelNames: ['qwen3'], maxModelLen: 2048 },
  });
  f = await startGatewayFixture(({ store }) => {
    store.db
      .prepare(`INSERT INTO deployments (id, name, host_id, model, served_model_name, image, state, port, created_at, updated_at)
      VALUES ('d1', 'qwen-local', 'local', 'Qwen/Qwen3-0.6B', 'qwen3', 'vllm/vllm-openai:latest', 'ready', ?, 0, 0)`)
      .run(Number(new URL(sims.engine.url).port));
    return { groups: [] };
  }, sims);
  port = Number(new URL(f.url).port);
});
afterAll(() => f?.close());

const post = (path: string, body: string) =>
  rawRequest(port, { method: 'POST', path, headers: [['Authorization', `Bearer ${MASTER_KEY}`]], body });
const chat = (extra: string) => `{"model":"qwen3","messages":[{"role":"user","content":"hi"}],"max_tokens":2${extra}}`;

describe('the pass-through keeps the gateway bounds', () => {
  it('finding 7: n=9007199254740993 under /vllm/… is a 400 naming n, never sent to the engine', async () => {
    const res = await post('/vllm/qwen-local/v1/chat/completions', chat(',"n":9007199254740993'));
    expect(res?.status).toBe(400);
    expect(JSON.parse(res!.body).error).toMatchObject({ param: 'n', code: 'out_of_range' });
    const ok = await post('/vllm/qwen-local/v1/chat/completions', chat(',"n":2'));
    expect(ok?.status, ok?.body).toBe(200);
    expect(JSON.parse(ok!.body).choices).toHaveLength(2);
  });

  it('finding 6: a body nested 5,000 levels deep under /vllm/… is a 400, and the deployment still serves', async () => {
    const res = await post('/vllm/qwen-local/v1/completions', `{"model":"qwen3","prompt":${deepNesting(5_000)}}`);
    expect(res?.status).toBe(400);
    expect(JSON.parse(res!.body).error.code).toBe('nesting_too_deep');
    expect((await post('/vllm/qwen-local/v1/chat/completions', chat('')))?.status).toBe(200);
  });

  it('finding 1: a malformed % in the deployment name is a 400 in OpenAI shape, not a 500', async () => {
    for (const path of ['/vllm/%/v1/models', '/vllm/qwen%c0%ae/v1/models', '/vllm/qwen-local/%zz']) {
      const res = await rawRequest(port, { method: 'GET', path, headers: [['Authorization', `Bearer ${MASTER_KEY}`]] });
      expect(res?.status, path).toBe(400);
      expect(openAiErrorProblem(res!)).toBeNull();
    }
  });

  it('300 hostile fields under /vllm/…: no 5xx but the engine’s own, refusals in OpenAI shape', async () => {
    const fields = [
      'n',
      'best_of',
      'max_tokens',
      'logprobs',
      'top_logprobs',
      'stop',
      'tools',
      'messages',
      'temperature',
    ];
    const failures: string[] = [];
    await runPool(300, 8, async (i) => {
      const d = drawFor(FUZZ_SEED, i);
      const field = d.pick(fields);
      const value = field === 'max_tokens' ? d.pick(['0', '-1', '"2"', '2147483648']) : d.pick(HOSTILE_VALUES);
      const path = d.pick(['/vllm/qwen-local/v1/chat/completions', '/vllm/qwen-local/v1/completions']);
      const body = path.endsWith('chat/completions')
        ? chat(`,"${field}":${value}`)
        : `{"model":"qwen3","prompt":"hi","max_tokens":2,"${field === 'messages' ? 'prompt' : field}":${value}}`;
      const res = await post(path, body);
      const where = `seed=${FUZZ_SEED} case=${i} ${path} ${field}=${value.slice(0, 60)}`;
      if (!res) failures.push(`${where} → no answer`);
      else if (res.status >= 500 && !res.headers['x-switchyard-deployment'])
        failures.push(`${where} → ${res.status} ${res.body.slice(0, 200)}`);
      else if (res.status >= 400 && !res.headers['x-switchyard-deployment'] && openAiErrorProblem(res))
        failures.push(`${where} → ${res.status} not in OpenAI's shape: ${res.body.slice(0, 200)}`);
    });
    expect(failures.slice(0, 10)).toEqual([]);
    expect((await post('/vllm/qwen-local/v1/chat/completions', chat('')))?.status).toBe(200);
  });
});
