// /spend/logs, /global/spend, /global/spend/report, /model/info, /v1/model/info, /model_group/info,
// /model/new and /model/delete as LiteLLM documents them, against a real gateway and simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayFixture } from '../support/gateway-fixture';
import { publicBaseUrl } from '../../electron/core/gateway/litellm/models';
import { call, chat, startLitellmGateway } from './support';

let f: GatewayFixture;
let alpha: { key: string; token: string };
let beta: { key: string; token: string };
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  f = await startLitellmGateway();
  await call(f, '/team/new', { team_id: 'spend-team', team_alias: 'spenders' });
  await call(f, '/user/new', { user_id: 'carol', auto_create_key: false });
  const a = await call(f, '/key/generate', { key_alias: 'alpha', team_id: 'spend-team', user_id: 'carol' });
  const b = await call(f, '/key/generate', { key_alias: 'beta' });
  alpha = { key: a.body.key, token: a.body.token };
  beta = { key: b.body.key, token: b.body.token };
  for (let i = 0; i < 3; i++) expect((await chat(f, alpha.key)).status).toBe(200);
  for (let i = 0; i < 2; i++) expect((await chat(f, beta.key, 'chat-b')).status).toBe(200);
  f.rt.writer.flush();
});
afterAll(() => f?.close());

describe('spend', () => {
  it('/spend/logs filters by key, user, team and dates, and pages', async () => {
    const byKey = await call<Array<Record<string, any>>>(f, `/spend/logs?api_key=${alpha.key}`);
    expect(byKey.body).toHaveLength(3);
    expect(byKey.body[0]).toMatchObject({
      api_key: alpha.token,
      model_group: 'chat',
      team_id: 'spend-team',
      user: 'carol',
    });
    expect(byKey.body[0].spend).toBeGreaterThan(0);
    expect(byKey.body[0].total_tokens).toBe(byKey.body[0].prompt_tokens + byKey.body[0].completion_tokens);
    expect((await call<unknown[]>(f, `/spend/logs?api_key=${beta.token}`)).body).toHaveLength(2);
    expect((await call<unknown[]>(f, '/spend/logs?user_id=carol')).body).toHaveLength(3);
    expect((await call<unknown[]>(f, '/spend/logs?team_id=spend-team')).body).toHaveLength(3);
    expect((await call<unknown[]>(f, `/spend/logs?start_date=${today}&end_date=${today}`)).body).toHaveLength(5);
    expect((await call<unknown[]>(f, '/spend/logs?start_date=2001-01-01&end_date=2001-01-02')).body).toHaveLength(0);
    const p1 = await call<Array<{ request_id: string }>>(f, '/spend/logs?page=1&page_size=2');
    const p3 = await call<Array<{ request_id: string }>>(f, '/spend/logs?page=3&page_size=2');
    expect(p1.body).toHaveLength(2);
    expect(p3.body).toHaveLength(1);
    expect(p1.body.map((r) => r.request_id)).not.toContain(p3.body[0].request_id);
    const bad = await call(f, '/spend/logs?start_date=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('start_date');
  });

  it('/global/spend is the sum of the logs; /global/spend/report groups by day and team, key or model', async () => {
    const logs = await call<Array<{ spend: number }>>(f, '/spend/logs');
    const total = logs.body.reduce((s, r) => s + r.spend, 0);
    const global = await call(f, '/global/spend');
    expect(global.body.spend).toBeCloseTo(total, 12);

    const byTeam = await call<Array<any>>(f, '/global/spend/report?group_by=team');
    expect(byTeam.body).toHaveLength(1);
    expect(byTeam.body[0].group_by_day).toBe(today);
    const team = byTeam.body[0].teams.find((t: { team_id: string }) => t.team_id === 'spend-team');
    expect(team.team_name).toBe('spenders');
    const alphaSpend = (await call<Array<{ spend: number }>>(f, `/spend/logs?api_key=${alpha.key}`)).body.reduce(
      (s, r) => s + r.spend,
      0,
    );
    expect(team.total_spend).toBeCloseTo(alphaSpend, 12);
    expect(team.metadata.map((m: { model: string }) => m.model)).toEqual(['chat']);

    const byKey = await call<Array<any>>(f, `/global/spend/report?group_by=api_key&start_date=${today}`);
    const keys = byKey.body[0].api_keys.map((k: { key_alias: string }) => k.key_alias).sort();
    expect(keys).toEqual(['alpha', 'beta']);
    const byModel = await call<Array<any>>(f, '/global/spend/report?group_by=model');
    expect(byModel.body[0].models.map((m: { model: string }) => m.model).sort()).toEqual(['chat', 'chat-b']);
    expect((await call(f, '/global/spend/report?group_by=customer')).status).toBe(400);
  });

  it('spend routes need the master key', async () => {
    expect((await call(f, '/spend/logs', undefined, alpha.key)).status).toBe(403);
  });
});

describe('models', () => {
  it('a base URL is shown without user, password or key-like query parameters', () => {
    expect(publicBaseUrl('https://me:pw@llm.example.com/v1?api-key=zzz&region=eu')).toBe(
      'https://llm.example.com/v1?region=eu',
    );
  });

  it('/model/info and /v1/model/info: provider, base URL without secrets, prices, context length, state', async () => {
    for (const path of ['/model/info', '/v1/model/info']) {
      const info = await call(f, path);
      expect(info.status).toBe(200);
      const row = info.body.data.find((d: { model_name: string }) => d.model_name === 'chat');
      expect(row.litellm_params.api_base).toBe(`${f.sims.fast.url}/v1`);
      expect(row.model_info).toMatchObject({
        id: 'fast',
        litellm_provider: 'openai-compatible',
        input_cost_per_token: 1e-6,
        output_cost_per_token: 2e-6,
        max_input_tokens: 4096,
        state: 'available',
      });
    }
    // A key with a model list sees only its groups.
    const limited = (await call(f, '/key/generate', { models: ['chat-b'] })).body.key as string;
    const seen = await call(f, '/model/info', undefined, limited);
    expect(seen.body.data.map((d: { model_name: string }) => d.model_name)).toEqual(['chat-b']);
  });

  it('/model_group/info: one row per group', async () => {
    const info = await call(f, '/model_group/info');
    const chatGroup = info.body.data.find((d: { model_group: string }) => d.model_group === 'chat');
    expect(chatGroup).toMatchObject({
      providers: ['openai-compatible'],
      max_input_tokens: 4096,
      deployments: 1,
      healthy_deployments: 1,
    });
  });

  it('/model/new adds a target that serves at once and is stored as a model-group target; /model/delete removes it', async () => {
    const added = await call(f, '/model/new', {
      model_name: 'runtime-group',
      litellm_params: {
        model: 'hosted_vllm/fast',
        api_base: `${f.sims.fast.url}/v1`,
        api_key: 'sk-upstream-secret',
      },
      model_info: { id: 'runtime-target', max_input_tokens: 2048 },
    });
    expect(added.status).toBe(200);
    expect(added.body.model_info.id).toBe('runtime-target');
    expect(JSON.stringify(added.body)).not.toMatch(/sk-upstream-secret/);
    const group = f.store.modelGroups.list().find((g) => g.name === 'runtime-group');
    expect(group?.targets).toEqual([{ kind: 'endpoint', ref: 'runtime-target', weight: 1, order: 0 }]);
    const shown = await call(f, '/model/info?litellm_model_id=runtime-target');
    expect(shown.body.data).toHaveLength(1);
    expect(JSON.stringify(shown.body)).not.toMatch(/sk-upstream-secret/);
    expect((await chat(f, beta.key, 'runtime-group')).status).toBe(200);

    const unsupported = await call(f, '/model/new', { model_name: 'x', litellm_params: { model: 'bedrock/claude' } });
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.error.param).toBe('litellm_params.model');

    const deleted = await call(f, '/model/delete', { id: 'runtime-target' });
    expect(deleted.status).toBe(200);
    expect(f.store.modelGroups.list().some((g) => g.name === 'runtime-group')).toBe(false);
    expect((await chat(f, beta.key, 'runtime-group')).status).toBe(404);
    expect((await call(f, '/model/delete', { id: 'runtime-target' })).status).toBe(404);
    expect(
      (await call(f, '/model/new', { model_name: 'y', litellm_params: { model: 'openai/x' } }, beta.key)).status,
    ).toBe(403);
  });
});
