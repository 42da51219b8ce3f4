// `serve --gateway-workers 3 --redis …` as the supervisor runs it: three gateway worker processes
// on one port (node:cluster), sharing rate limits, budget holds and cooldowns through a real
// redis-server, in front of a simulated engine. Every request opens its own connection, so the
// primary hands them to the workers in turn.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { RunningSimulator } from 'vllm-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkLauncher } from '../../electron/core/gateway/fork-launcher';
import { GatewaySupervisor } from '../../electron/core/gateway/supervisor';
import { ensureMasterKey } from '../../electron/core/master-key';
import { Store } from '../../electron/core/store';
import { bundleEntry } from '../support/bundle';
import { MASTER_KEY, startSims } from '../support/gateway-fixture';
import { freePort, waitFor } from '../support/net';
import { hasRedis, type RedisServer, startRedis } from './support/redis-server';

let redis: RedisServer;
let sims: Record<string, RunningSimulator>;
let failing: Server;
let failingHits = 0;
let supervisor: GatewaySupervisor;
let dataDir: string;
let url: string;
const keys: Record<string, { key: string; id: string }> = {};

const PREFIX = 'switchyard:';

beforeAll(async () => {
  if (!hasRedis()) return;
  redis = await startRedis();
  sims = await startSims({ fast: { model: 'fast', ttftMs: 2, itlMs: 1, maxNumSeqs: 256 } });
  failing = createServer((_req, res) => {
    failingHits++;
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'stand-in for a broken engine', type: 'server_error' } }));
  });
  await new Promise<void>((r) => failing.listen(0, '127.0.0.1', r));
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-workers-'));
  const store = Store.open(dataDir);
  ensureMasterKey(store.settings, MASTER_KEY);
  const endpoint = (name: string, baseUrl: string, model: string) =>
    store.endpoints.upsert({
      name,
      provider: 'openai-compatible',
      baseUrl,
      model,
      apiKeyCipher: null,
      maxModelLen: null,
      inputCostPerToken: 1e-6,
      outputCostPerToken: 2e-6,
      rpmLimit: null,
      tpmLimit: null,
      timeoutMs: null,
    });
  endpoint('fast', `${sims.fast.url}/v1`, 'fast');
  endpoint('broken', `http://127.0.0.1:${(failing.address() as { port: number }).port}/v1`, 'fast');
  const target = (ref: string, order = 0) => ({ kind: 'endpoint' as const, ref, weight: 1, order });
  store.modelGroups.replaceAll([
    {
      name: 'chat',
      strategy: 'simple-shuffle',
      fallbacks: [],
      contextWindowFallbacks: [],
      targets: [target('fast')],
    },
    {
      name: 'flaky',
      strategy: 'simple-shuffle',
      fallbacks: [],
      contextWindowFallbacks: [],
      targets: [target('broken'), target('fast', 1)],
      settings: { allowedFails: 1, cooldownMs: 60_000 },
    },
  ]);
  for (const [alias, spec] of Object.entries({ probe: { maxBudgetUsd: 100 }, limited: { rpmLimit: 10 } })) {
    const { key, info } = store.keys.create({ alias, models: [], ...spec });
    keys[alias] = { key, id: info.id };
  }
  store.close();
  const entry = await bundleEntry('electron/core/gateway/process-entry.ts', 'gateway');
  const port = await freePort();
  supervisor = new GatewaySupervisor(
    forkLauncher(entry, { SWITCHYARD_REDIS_URL: redis.url, SWITCHYARD_GATEWAY_WORKERS: '3' }),
    { host: '127.0.0.1', port, dataDir },
    () => {},
  );
  supervisor.start();
  const settled = await supervisor.whenSettled(30_000);
  if (settled.state !== 'up') throw new Error(`the gateway did not come up: ${settled.lastExit}`);
  url = settled.url;
}, 60_000);

afterAll(async () => {
  await supervisor?.stop();
  await Promise.all(Object.values(sims ?? {}).map((s) => s.close()));
  failing?.close();
  await redis?.stop();
});

/** The worker processes of the gateway process (the cluster primary). */
const workerPids = () =>
  execFileSync('ps', ['-o', 'pid=', '--ppid', String(supervisor.current().pid)], { encoding: 'utf8' })
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((pid) => pid > 0);

/** One chat request on a connection of its own. */
function chat(key: string, model = 'chat'): Promise<{ status: number; headers: Record<string, string> }> {
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }], max_tokens: 20 });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/chat/completions`,
      {
        method: 'POST',
        agent: false,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string> }));
      },
    );
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error('no answer within 20 s')));
    req.end(body);
  });
}

describe.runIf(hasRedis())('gateway workers sharing state through Redis', () => {
  it('runs three worker processes under one gateway process', () => {
    expect(workerPids()).toHaveLength(3);
  });

  it('300 concurrent requests against a budget for ~20: spend ≤ budget in SQLite and in Redis', async () => {
    const probe = await chat(keys.probe.key);
    expect(probe.status).toBe(200);
    const worstUsd = Number(probe.headers['x-switchyard-reserved-usd']);
    expect(worstUsd).toBeGreaterThan(0);
    const budgetUsd = worstUsd * 20;
    const store = Store.open(dataDir);
    const { key, info } = store.keys.create({ alias: 'budgeted', models: [], maxBudgetUsd: budgetUsd });
    supervisor.reload();
    await waitFor('every worker to know the new key', async () => (await chat(key)).status === 200, 5_000);
    await new Promise((r) => setTimeout(r, 300));
    const answers = await Promise.all(Array.from({ length: 300 }, () => chat(key)));
    const served = answers.filter((a) => a.status === 200).length + 1;
    const refused = answers.filter((a) => a.status === 429).length;
    expect(served + refused).toBe(301);
    expect(served).toBeGreaterThanOrEqual(20);
    expect(served).toBeLessThan(301);
    const client = new Redis(redis.url);
    try {
      const inRedis = await waitFor(
        'every settlement in Redis and SQLite',
        async () => {
          const spent = Number(await client.hget(`${PREFIX}budget:b:key:${info.id}`, 'spent'));
          const reserved = Number(await client.hget(`${PREFIX}budget:b:key:${info.id}`, 'reserved'));
          const inSqlite = store.keys.get(info.id)!.spendUsd;
          return Math.abs(reserved) < 1e-12 && spent > 0 && Math.abs(inSqlite - spent) < 1e-12 && spent;
        },
        10_000,
        100,
      );
      expect(inRedis).toBeLessThanOrEqual(budgetUsd + 1e-12);
      expect(store.keys.get(info.id)!.spendUsd).toBeLessThanOrEqual(budgetUsd + 1e-12);
    } finally {
      client.disconnect();
      store.close();
    }
  }, 60_000);

  it('a key allowing 10 requests per minute gets exactly 10 through all the workers together', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => chat(keys.limited.key)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(30);
  }, 30_000);

  it('a target cooled down by one worker is skipped by all', async () => {
    // The first request meets the broken target (it comes first by order), which cools down after one failure,
    // and is served by the next one. Without a shared cooldown, each of the other workers would try it once more.
    const first = await chat(keys.probe.key, 'flaky');
    expect(first.status).toBe(200);
    expect({ failingHits, attempts: first.headers['x-switchyard-attempts'] }).toEqual({
      failingHits: 1,
      attempts: '2',
    });
    await new Promise((r) => setTimeout(r, 300));
    const answers = await Promise.all(Array.from({ length: 30 }, () => chat(keys.probe.key, 'flaky')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(failingHits).toBe(1);
    await waitFor(
      'the merged target health to name it',
      () => supervisor.targetHealth().some((t) => t.cooldownMs > 0 && t.lastFailure),
      3_000,
    );
  }, 30_000);

  it('a worker killed with SIGKILL is replaced; the others keep serving meanwhile', async () => {
    const [victim] = workerPids();
    process.kill(victim, 'SIGKILL');
    await waitFor('the primary to see it gone', () => !workerPids().includes(victim), 5_000, 20);
    const during = await Promise.all(Array.from({ length: 10 }, () => chat(keys.probe.key)));
    expect(during.every((a) => a.status === 200)).toBe(true);
    await waitFor(
      'three workers again',
      () => {
        const pids = workerPids();
        return pids.length === 3 && !pids.includes(victim);
      },
      20_000,
      200,
    );
    expect(supervisor.current().restarts).toBe(0);
  }, 40_000);
});
