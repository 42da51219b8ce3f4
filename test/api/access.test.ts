// Teams, keys with a team, budget alerts and providers through the admin handlers, against a real
// SQLite file, a real SecretBox key file and a real simulated vLLM engine for "test connection".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HTTP_STATUS_OF,
  type BridgeReply,
  type CallInput,
  type CallName,
  type CallResult,
} from '../../shared/contract';
import { createHandlers } from '../../electron/core/api';
import type { CoreContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { ChangeNotice } from '../../electron/core/changes';
import { DeploymentService } from '../../electron/core/docker/service';
import { EventBus } from '../../electron/core/events';
import { loadDataKey, secretBox } from '../../electron/core/secrets';
import { startSimulator, type RunningSimulator } from 'vllm-sim';
import { freePort } from '../support/net';
import { useTempStores } from '../support/temp-store';

const { tempDir, openStore } = useTempStores('access');
const LAB_KEY = 'sk-lab-4f9c2e7d1a3b5c6e8f0a';
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({
    model: 'Qwen/Qwen3-0.6B',
    servedModelNames: ['qwen3-0.6b', 'qwen-small'],
    apiKeys: [LAB_KEY],
    log: () => {},
  });
  await sim.ready;
});
afterAll(() => sim?.close());

function setup() {
  const dataDir = tempDir();
  const store = openStore(dataDir);
  let reloads = 0;
  const events = new EventBus();
  // A real change notice; the gateway process it would reload is counted instead.
  const changes = new ChangeNotice(store, events, () => void reloads++);
  const clock = { now: () => Date.now() };
  const ctx = {
    store,
    events,
    changes,
    clock,
    secrets: secretBox(loadDataKey(dataDir)),
    dataDir,
    shell: 'headless',
  } as unknown as CoreContext;
  // The whole handler set; this file calls the keys, teams, budgets and providers ones (the
  // deployment service is built but never reaches Docker here).
  const handlers = createHandlers(ctx, new DeploymentService({ store, events, changes, clock }));
  async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> {
    const reply = (await dispatch(handlers, name, input)) as BridgeReply<CallResult<N>>;
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
    return reply.result;
  }
  const refused = async (name: CallName, input: unknown) => {
    const reply = await dispatch(handlers, name, input);
    if (reply.ok) throw new Error(`${name} was accepted`);
    return reply.error;
  };
  return { store, dataDir, call, refused, reloads: () => reloads };
}

describe('teams', () => {
  it('creates, lists with key counts, updates and removes a team; the gateway reloads each time', async () => {
    const { call, reloads } = setup();
    const team = await call('teams.create', {
      alias: 'search',
      maxBudgetUsd: 50,
      budgetDuration: '30d',
      rpmLimit: 600,
    });
    expect(team).toMatchObject({
      alias: 'search',
      maxBudgetUsd: 50,
      spendUsd: 0,
      rpmLimit: 600,
      tpmLimit: null,
      keyCount: 0,
    });
    expect(Date.parse(team.budgetResetAt!) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const { info } = await call('keys.create', { alias: 'crawler', teamId: team.id, maxBudgetUsd: 5 });
    expect(info.teamId).toBe(team.id);
    expect((await call('teams.list', {}))[0].keyCount).toBe(1);
    const updated = await call('teams.update', { id: team.id, maxBudgetUsd: 80, rpmLimit: null });
    expect(updated).toMatchObject({ maxBudgetUsd: 80, rpmLimit: null, budgetDuration: '30d', alias: 'search' });
    expect(reloads()).toBeGreaterThanOrEqual(3);
  });

  it('refuses to remove a team that still has keys, and loses nothing', async () => {
    const { call, refused } = setup();
    const team = await call('teams.create', { alias: 'ml', maxBudgetUsd: 10 });
    const { info } = await call('keys.create', { alias: 'trainer', teamId: team.id });
    const error = await refused('teams.remove', { id: team.id });
    expect(error).toMatchObject({ code: 'conflict' });
    expect(error.message).toMatch(/still has 1 key \(trainer\): revoke them first/);
    expect(await call('teams.list', {})).toHaveLength(1);
    await call('keys.revoke', { id: info.id });
    expect(await call('teams.remove', { id: team.id })).toEqual({ removed: true });
    expect(await call('teams.list', {})).toEqual([]);
  });

  it('refuses a key naming a team that does not exist, and a second team with the same name', async () => {
    const { call, refused } = setup();
    const bad = await refused('keys.create', { alias: 'x', teamId: 'no-such-team' });
    expect(bad).toMatchObject({ code: 'invalid_input', fields: [{ path: 'teamId' }] });
    expect(await call('keys.list', {})).toEqual([]);
    await call('teams.create', { alias: 'ops' });
    expect(await refused('teams.create', { alias: 'ops' })).toMatchObject({
      code: 'conflict',
      fields: [{ path: 'alias' }],
    });
    expect(await refused('teams.update', { id: 'nope', alias: 'x' })).toMatchObject({ code: 'not_found' });
  });
});

describe('keys and budget alerts', () => {
  it('blocks and unblocks a key by id or by the key itself; the gateway reloads; a revoked key cannot be', async () => {
    const { call, refused, reloads } = setup();
    const { key, info } = await call('keys.create', { alias: 'laptop' });
    expect(info).toMatchObject({ blocked: false, userId: null });
    const before = reloads();
    expect(await call('keys.setBlocked', { id: info.id, blocked: true })).toMatchObject({ id: info.id, blocked: true });
    expect(reloads()).toBe(before + 1);
    expect((await call('keys.list', {})).find((k) => k.id === info.id)?.blocked).toBe(true);
    expect(await call('keys.setBlocked', { id: key, blocked: false })).toMatchObject({ id: info.id, blocked: false });
    expect(await refused('keys.setBlocked', { id: 'no-such-key', blocked: true })).toMatchObject({ code: 'not_found' });
    await call('keys.revoke', { id: info.id });
    const revoked = await refused('keys.setBlocked', { id: info.id, blocked: false });
    expect(revoked).toMatchObject({ code: 'not_found' });
    expect(revoked.message).toContain('revoked');
    expect(await refused('keys.setBlocked', { id: info.id })).toMatchObject({ code: 'invalid_input' });
  });

  it('lists spend for the current period and keys/teams at 80 % and over, most spent first', async () => {
    const { call, store } = setup();
    const team = await call('teams.create', { alias: 'search', maxBudgetUsd: 10 });
    const near = (await call('keys.create', { alias: 'near', maxBudgetUsd: 1, budgetDuration: '1d' })).info;
    const done = (await call('keys.create', { alias: 'done', maxBudgetUsd: 1 })).info;
    const fine = (await call('keys.create', { alias: 'fine', maxBudgetUsd: 1 })).info;
    store.keys.update(near.id, { spendUsd: 0.85 });
    store.keys.update(done.id, { spendUsd: 1.0 });
    store.keys.update(fine.id, { spendUsd: 0.5 });
    store.db.prepare('UPDATE teams SET spend_usd = 9 WHERE id = ?').run(team.id);
    const alerts = await call('budgets.alerts', {});
    expect(alerts.map((a) => [a.scope, a.name, a.threshold])).toEqual([
      ['key', 'done', 100],
      ['team', 'search', 80],
      ['key', 'near', 80],
    ]);
    // A period that ended yesterday: the stored spend is old, so the list shows 0 and the next reset.
    store.db.prepare('UPDATE virtual_keys SET budget_reset_at = ? WHERE id = ?').run(Date.now() - 3_600_000, near.id);
    const listed = (await call('keys.list', {})).find((k) => k.id === near.id)!;
    expect(listed.spendUsd).toBe(0);
    expect(Date.parse(listed.budgetResetAt!)).toBeGreaterThan(Date.now());
  });
});

describe('providers', () => {
  const lab = {
    name: 'lab-vllm',
    kind: 'openai-compatible' as const,
    model: 'qwen3-0.6b',
    inputCostPerToken: 0.1e-6,
    outputCostPerToken: 0.4e-6,
  };

  it('adds a provider with its key encrypted at rest: the database file never holds the plaintext', async () => {
    const { call, store, dataDir } = setup();
    const added = await call('providers.add', {
      ...lab,
      baseUrl: `${sim.url}/v1/`,
      apiKey: LAB_KEY,
      maxModelLen: 8192,
    });
    expect(added).toEqual({
      ...lab,
      baseUrl: `${sim.url}/v1`,
      hasApiKey: true,
      maxModelLen: 8192,
      cloudEquivalent: null,
      usedBy: [],
    });
    expect(JSON.stringify(await call('providers.list', {}))).not.toContain(LAB_KEY);
    const cipher = store.endpoints.get('lab-vllm')!.apiKeyCipher!;
    expect(cipher).toMatch(/^v1:/);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(join(dataDir, 'switchyard.db')).toString('latin1');
    expect(file).toContain(cipher.slice(0, 20));
    expect(file).not.toContain(LAB_KEY);
  });

  it('tests the connection of a saved provider against a simulated vLLM: lists its models', async () => {
    const { call } = setup();
    await call('providers.add', { ...lab, baseUrl: `${sim.url}/v1`, apiKey: LAB_KEY });
    const result = await call('providers.test', { name: 'lab-vllm' });
    expect(result).toMatchObject({ ok: true, reason: null });
    expect(result.models).toEqual(['qwen3-0.6b', 'qwen-small']);
  });

  it('says plainly why a test failed: wrong key, wrong path, closed port', async () => {
    const { call } = setup();
    const wrongKey = await call('providers.test', { baseUrl: `${sim.url}/v1`, apiKey: 'sk-wrong' });
    expect(wrongKey).toMatchObject({ ok: false, models: [] });
    expect(wrongKey.reason).toMatch(/refused the API key \(HTTP 401.*Check the key/);
    const wrongPath = await call('providers.test', { baseUrl: `${sim.url}/nothing-here`, apiKey: LAB_KEY });
    expect(wrongPath.reason).toMatch(/HTTP 404.*ends in \/v1/);
    const closed = await call('providers.test', { baseUrl: `http://127.0.0.1:${await freePort()}/v1` });
    expect(closed).toMatchObject({ ok: false, models: [] });
    expect(closed.reason).toMatch(
      /Nothing answers at 127\.0\.0\.1:\d+ \(connection refused\): check that the server is running/,
    );
  });

  it('updates prices and the key, clears the key with null, and keeps what was not named', async () => {
    const { call, store } = setup();
    await call('providers.add', { ...lab, baseUrl: `${sim.url}/v1`, apiKey: LAB_KEY });
    const priced = await call('providers.update', {
      name: 'lab-vllm',
      inputCostPerToken: 0.3e-6,
      outputCostPerToken: null,
    });
    expect(priced).toMatchObject({
      inputCostPerToken: 0.3e-6,
      outputCostPerToken: null,
      hasApiKey: true,
      model: 'qwen3-0.6b',
    });
    expect((await call('providers.test', { name: 'lab-vllm' })).ok).toBe(true);
    expect(await call('providers.update', { name: 'lab-vllm', apiKey: null })).toMatchObject({ hasApiKey: false });
    expect(store.endpoints.get('lab-vllm')!.apiKeyCipher).toBeNull();
    expect((await call('providers.test', { name: 'lab-vllm' })).reason).toMatch(/refused the API key/);
  });

  it('keeps a cloud equivalent from the pricing table, clears it with null, and refuses a name the table does not know', async () => {
    const { call, refused, store } = setup();
    const models = await call('providers.cloudModels', {});
    expect(models).toContainEqual({
      name: 'openai/gpt-4o-mini',
      inputCostPerToken: 0.15e-6,
      outputCostPerToken: 0.6e-6,
    });
    const vllm = { ...lab, kind: 'hosted_vllm' as const, baseUrl: `${sim.url}/v1` };
    expect(await call('providers.add', { ...vllm, cloudEquivalent: 'openai/gpt-4o-mini' })).toMatchObject({
      cloudEquivalent: 'openai/gpt-4o-mini',
    });
    expect(store.endpoints.get('lab-vllm')!.cloudEquivalent).toBe('openai/gpt-4o-mini');
    // A bare name one provider lists is taken as written; an update that names no cloud equivalent keeps it.
    expect(await call('providers.update', { name: 'lab-vllm', cloudEquivalent: 'gpt-4.1-mini' })).toMatchObject({
      cloudEquivalent: 'gpt-4.1-mini',
    });
    expect(await call('providers.update', { name: 'lab-vllm', inputCostPerToken: 0.02e-6 })).toMatchObject({
      cloudEquivalent: 'gpt-4.1-mini',
    });

    const unknown = await refused('providers.update', { name: 'lab-vllm', cloudEquivalent: 'openai/gpt-9' });
    expect(unknown).toMatchObject({ code: 'invalid_input', fields: [{ path: 'cloudEquivalent' }] });
    expect(HTTP_STATUS_OF[unknown.code]).toBe(400);
    expect(unknown.message).toMatch(
      /no cloud model "openai\/gpt-9".*provider\/model, e\.g\. openai\/gpt-4o-mini.*providers\.cloudModels/,
    );
    expect(await refused('providers.add', { ...vllm, name: 'other', cloudEquivalent: 'llama-9000' })).toMatchObject({
      code: 'invalid_input',
      fields: [{ path: 'cloudEquivalent' }],
    });
    expect(store.endpoints.get('other')).toBeNull();
    expect(store.endpoints.get('lab-vllm')!.cloudEquivalent).toBe('gpt-4.1-mini');

    expect(await call('providers.update', { name: 'lab-vllm', cloudEquivalent: null })).toMatchObject({
      cloudEquivalent: null,
    });
    expect((await call('providers.list', {}))[0].cloudEquivalent).toBeNull();
  });

  it('refuses a duplicate name and removing a provider a model group routes to, changing nothing', async () => {
    const { call, refused, store } = setup();
    await call('providers.add', { ...lab, baseUrl: `${sim.url}/v1` });
    const dup = await refused('providers.add', { ...lab, baseUrl: 'http://elsewhere:8000/v1' });
    expect(dup).toMatchObject({ code: 'conflict', fields: [{ path: 'name' }] });
    expect(store.endpoints.get('lab-vllm')!.baseUrl).toBe(`${sim.url}/v1`);
    store.modelGroups.upsert({
      name: 'chat',
      strategy: 'simple-shuffle',
      fallbacks: [],
      contextWindowFallbacks: [],
      targets: [{ kind: 'endpoint', ref: 'lab-vllm', weight: 1, order: 0 }],
    });
    expect((await call('providers.list', {}))[0].usedBy).toEqual(['chat']);
    const inUse = await refused('providers.remove', { name: 'lab-vllm' });
    expect(inUse.message).toMatch(/target of the model group chat: take it out of them on the Routing page first/);
    expect(store.endpoints.get('lab-vllm')).not.toBeNull();
    store.modelGroups.upsert({
      name: 'chat',
      strategy: 'simple-shuffle',
      fallbacks: [],
      contextWindowFallbacks: [],
      targets: [],
    });
    expect(await call('providers.remove', { name: 'lab-vllm' })).toEqual({ removed: true });
    expect(await refused('providers.remove', { name: 'lab-vllm' })).toMatchObject({ code: 'not_found' });
  });

  it('validates each field with a message that says what to enter', async () => {
    const { refused } = setup();
    const bad = await refused('providers.add', {
      name: 'has space',
      kind: 'azure',
      baseUrl: 'localhost:11434',
      model: '',
      inputCostPerToken: 2,
    });
    const paths = Object.fromEntries(bad.fields!.map((f) => [f.path, f.message]));
    expect(paths.name).toMatch(/letters, digits/);
    expect(paths.kind).toBeTruthy();
    expect(paths.baseUrl).toMatch(/http:\/\/ or https:\/\/ URL/);
    expect(paths.model).toMatch(/model name/);
    expect(paths.inputCostPerToken).toMatch(/at most \$1,000 per 1M tokens/);
    expect((await refused('providers.test', { name: 'a', baseUrl: 'http://x/v1' })).fields![0].path).toBe('baseUrl');
  });
});
