// Finding 4: `budget_duration: "0s"` once made the period roll-over loop forever, in the gateway
// on the key's first request and in the core at every start. Here a data dir already holding "0s"
// (as one written before durations were checked would) is opened by the real `switchyard serve`
// in a child process, so a hang shows as a timeout instead of stopping the test run; and every
// entry point (admin contract, /key/*, /team/*, the CLI) refuses zero and over-long durations.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../electron/core/store';
import type { RunningSimulator } from 'vllm-sim';
import { startSims } from '../support/gateway-fixture';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

let sims: Record<string, RunningSimulator>;
let serve: ServeProcess;
let dataDir: string;
let seededKey: string;
let seededTeamKey: string;
let openedInMs: number;
let masterKey: string;
let adminToken: string;

beforeAll(async () => {
  sims = await startSims({ fast: { model: 'fast', ttftMs: 1, itlMs: 1 } });
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-finding4-'));
  const store = Store.open(dataDir);
  store.endpoints.upsert({
    name: 'fast',
    provider: 'openai-compatible',
    baseUrl: `${sims.fast.url}/v1`,
    model: 'fast',
    apiKeyCipher: null,
    maxModelLen: null,
    inputCostPerToken: 1e-6,
    outputCostPerToken: 1e-6,
    rpmLimit: null,
    tpmLimit: null,
    timeoutMs: null,
  });
  store.modelGroups.replaceAll([
    {
      name: 'chat',
      strategy: 'simple-shuffle',
      fallbacks: [],
      contextWindowFallbacks: [],
      targets: [{ kind: 'endpoint', ref: 'fast', weight: 1, order: 0 }],
    },
  ]);
  seededKey = store.keys.create({ alias: 'zero', models: [], maxBudgetUsd: 5, budgetDuration: '1d' }).key;
  const team = store.teams.create({ alias: 'zero-team', maxBudgetUsd: 5, budgetDuration: '1d' });
  seededTeamKey = store.keys.create({ alias: 'in-team', models: [], teamId: team.id }).key;
  // What an unchecked import or an older Switchyard left behind: "0s", its period long over.
  store.db.prepare(`UPDATE virtual_keys SET budget_duration = '0s', budget_reset_at = 1`).run();
  store.db.prepare(`UPDATE teams SET budget_duration = '0s', budget_reset_at = 1`).run();
  store.close();

  const started = performance.now();
  serve = await startServeProcess(['--data-dir', dataDir]);
  openedInMs = performance.now() - started;
  masterKey = /master key \(shown once, stored only as a hash\): (\S+)/.exec(serve.output())?.[1] ?? '';
  adminToken = new URL(serve.uiUrl).hash.replace('#token=', '');
}, 60_000);
afterAll(async () => {
  await serve?.stop();
  await Promise.all(Object.values(sims ?? {}).map((s) => s.close()));
});

const api = async (name: string, body: unknown) => {
  const res = await fetch(`${serve.adminUrl}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: res.status,
    body: (await res.json()) as { result?: any; error?: { code: string; message: string } },
  };
};

const gateway = async (path: string, body: unknown) => {
  const res = await fetch(`${serve.gatewayUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${masterKey}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: (await res.json()) as { error?: { message: string; param?: string } } };
};

describe('finding 4: a data dir holding budget_duration "0s" opens and serves', () => {
  it('serve starts on it in bounded time', () => {
    expect(serve.dataDir === dataDir || serve.output().includes('listening')).toBe(true);
    expect(openedInMs).toBeLessThan(20_000);
    expect(masterKey).toMatch(/^sk-/);
  });

  it('the key and the team key are served at once (the bad period is treated as none)', async () => {
    for (const key of [seededKey, seededTeamKey]) {
      const client = new OpenAI({ baseURL: `${serve.gatewayUrl}/v1`, apiKey: key, maxRetries: 0, timeout: 10_000 });
      const started = performance.now();
      const answer = await client.chat.completions.create({
        model: 'chat',
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 4,
      });
      expect(answer.choices[0].message.content).toBeTruthy();
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });

  it('the core stays responsive after its budget watcher has run over the bad period', async () => {
    await new Promise((r) => setTimeout(r, 3_500));
    const listed = await api('keys.list', {});
    expect(listed.status).toBe(200);
    expect(listed.body.result.map((k: { budgetDuration: string }) => k.budgetDuration)).toContain('0s');
  });
});

describe('finding 4: every entry point refuses zero and over-long durations', () => {
  it('the admin contract: keys.create, teams.create, teams.update', async () => {
    for (const [name, body] of [
      ['keys.create', { models: [], budgetDuration: '0s' }],
      ['keys.create', { models: [], duration: '0d' }],
      ['keys.create', { models: [], budgetDuration: '11y' }],
      ['teams.create', { alias: 'bad', budgetDuration: '0s' }],
    ] as const) {
      const res = await api(name, body);
      expect(res.status, `${name} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error?.message).toMatch(/longer than 0|longer than 10 years/);
    }
    const team = await api('teams.create', { alias: 'good', budgetDuration: '2w' });
    expect(team.status).toBe(200);
    const update = await api('teams.update', { id: team.body.result.id, budgetDuration: '0mo' });
    expect(update.status).toBe(400);
    expect((await api('keys.create', { models: [], budgetDuration: '1y' })).status).toBe(200);
  });

  it('/key/generate, /key/update and /team/new answer 400 in the OpenAI error shape', async () => {
    const generated = await gateway('/key/generate', { budget_duration: '0s' });
    expect(generated.status).toBe(400);
    expect(generated.body.error).toMatchObject({
      param: 'budget_duration',
      message: expect.stringMatching(/longer than 0/),
    });
    expect((await gateway('/key/generate', { duration: '999999w' })).status).toBe(400);
    expect((await gateway('/team/new', { budget_duration: '0s' })).status).toBe(400);
    const good = await gateway('/key/generate', { budget_duration: '30d' });
    expect(good.status).toBe(200);
    const key = (good.body as { key?: string }).key;
    const updated = await gateway('/key/update', { key, budget_duration: '0h' });
    expect(updated.status).toBe(400);
    expect(updated.body.error?.param).toBe('budget_duration');
  });

  it('switchyard keys create --budget-duration 0s exits 1 with the reason', async () => {
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['out/cli/switchyard.cjs', ...args], { timeout: 20_000 }).then(
        (r) => ({ code: 0, stderr: r.stderr }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
    const bad = await run(['keys', 'create', '--budget-duration', '0s', '--data-dir', dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--budget-duration: "0s" is zero/);
    const good = await run(['keys', 'create', '--budget-duration', '7d', '--data-dir', dataDir]);
    expect(good.code).toBe(0);
  });
});
