// Replicas sharing state through a real redis-server with `serve --redis` (every process from
// out/cli, a real vllm-sim upstream): a key's rpm limit holds across the instance and a replica
// together, and its spend on the instance is what the rows cost, counted once (the replica ships
// the totals it settled in Redis instead of adding each row's cost again); and three replicas plus
// the instance, 300 concurrent requests against a budget for ~20, never spend past it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from 'vllm-sim';
import { freePort, waitFor } from '../support/net';
import { hasRedis, type RedisServer, startRedis } from '../redis/support/redis-server';
import { type CliProcess, chat, issueJoinToken, loggedIds, startInstance, startReplica } from './replica-harness';

const MASTER = 'sk-replica-redis-master-0123';
let sim: RunningSimulator;
let redis: RedisServer;
let dir: string;
let dataDir: string;
let gatewayUrl: string;
let instance: CliProcess;
let replica: CliProcess;
let replicaUrl: string;
/** Two more replicas for the budget test: three in all, beside the instance. */
const more: CliProcess[] = [];
const moreUrls: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ model: 'm', ttftMs: 5, itlMs: 1, outputLenMean: 6 });
  await sim.ready;
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'sy-replica-redis-'));
  dataDir = join(dir, 'instance');
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    `model_list:\n  - model_name: chat\n    litellm_params: { model: hosted_vllm/m, api_base: "${sim.url}/v1", input_cost_per_token: 0.001, output_cost_per_token: 0.002 }\n    model_info: { max_input_tokens: 2048 }\ngeneral_settings:\n  master_key: ${MASTER}\n`,
  );
  const [port, uiPort, replicaPort] = [await freePort(), await freePort(), await freePort()];
  instance = await startInstance(dataDir, port, uiPort, config, ['--redis', redis.url]);
  gatewayUrl = `http://127.0.0.1:${port}`;
  const adminUrl = new URL(/ui listening on (\S+)/.exec(instance.output())![1]).origin;
  // One join token for every replica: issuing another revokes the one before it.
  const token = await issueJoinToken(dataDir);
  replica = await startReplica(adminUrl, token, replicaPort, join(dir, 'spool'), ['--redis', redis.url]);
  replicaUrl = `http://127.0.0.1:${replicaPort}`;
  for (const n of [2, 3]) {
    const p = await freePort();
    more.push(await startReplica(adminUrl, token, p, join(dir, `spool-${n}`), ['--redis', redis.url]));
    moreUrls.push(`http://127.0.0.1:${p}`);
  }
}, 90_000);

afterAll(async () => {
  await replica?.stop('SIGKILL');
  for (const r of more) await r.stop('SIGKILL');
  await instance?.stop();
  await redis?.stop();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasRedis())('switchyard gateway --join --redis', () => {
  it('holds one rpm limit across the instance and the replica, and counts spend once', async () => {
    expect(replica.output()).toMatch(/gateway state shared through Redis/);
    const res = await fetch(`${gatewayUrl}/key/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
      body: JSON.stringify({ models: ['chat'], rpm_limit: 4, max_budget: 100 }),
    });
    const { key } = (await res.json()) as { key: string };
    await waitFor('the key on the replica', async () => {
      const r = await fetch(`${replicaUrl}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      return r.status === 200;
    });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await chat(i % 2 ? replicaUrl : gatewayUrl, key));
    const served = answers.filter((a) => a.id).map((a) => a.id!);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);

    await waitFor('the rows on the instance', () => served.every((id) => loggedIds(dataDir).has(id)), 10_000, 100);
    const db = new Database(join(dataDir, 'switchyard.db'), { readonly: true });
    try {
      const cost = db
        .prepare(`SELECT sum(cost_usd) AS usd FROM request_logs WHERE id IN (${served.map(() => '?').join(',')})`)
        .get(...served) as { usd: number };
      expect(cost.usd).toBeGreaterThan(0);
      // The one key of this instance: its spend is what its rows cost, not twice the replica's part.
      const spend = () =>
        (db.prepare(`SELECT spend_usd AS usd FROM virtual_keys`).all() as { usd: number }[]).map((r) => r.usd);
      await waitFor('the spend settled', () => Math.abs((spend()[0] ?? 0) - cost.usd) < 1e-9, 5_000, 100).catch(
        () => {},
      );
      expect(spend()).toHaveLength(1);
      expect(spend()[0]).toBeCloseTo(cost.usd, 9);
    } finally {
      db.close();
    }
  }, 40_000);

  it('three replicas and the instance: 300 concurrent requests against a budget for ~20 never overspend it', async () => {
    const generate = async (body: object) => {
      const res = await fetch(`${gatewayUrl}/key/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return ((await res.json()) as { key: string }).key;
    };
    // What one request holds (its worst case), from a probe on a key without a budget.
    const probe = await fetch(`${gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await generate({ models: ['chat'] })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8 }),
    });
    const worstUsd = Number(probe.headers.get('x-switchyard-reserved-usd'));
    expect(worstUsd).toBeGreaterThan(0);
    const budget = 20 * worstUsd;
    const key = await generate({ models: ['chat'], max_budget: budget });
    const urls = [gatewayUrl, replicaUrl, ...moreUrls];
    for (const url of urls)
      await waitFor(`the key on ${url}`, async () => {
        const r = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
        return r.status === 200;
      });

    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => chat(urls[i % urls.length], key)));
    const served = answers.filter((a) => a.id).map((a) => a.id!);
    const statuses = answers.reduce<Record<number, number>>((n, a) => ((n[a.status] = (n[a.status] ?? 0) + 1), n), {});
    console.info(
      `3 replicas + serve, 300 concurrent, budget ${budget.toPrecision(3)} USD: ${JSON.stringify(statuses)}`,
    );
    expect(served.length).toBeGreaterThanOrEqual(20);
    expect((statuses[200] ?? 0) + (statuses[429] ?? 0)).toBe(300);

    await waitFor('the rows on the instance', () => served.every((id) => loggedIds(dataDir).has(id)), 20_000, 200);
    const db = new Database(join(dataDir, 'switchyard.db'), { readonly: true });
    try {
      const rows = db
        .prepare(`SELECT sum(cost_usd) AS usd FROM request_logs WHERE id IN (${served.map(() => '?').join(',')})`)
        .get(...served) as { usd: number };
      console.info(
        `spent ${rows.usd.toPrecision(4)} of ${budget.toPrecision(4)} USD (${((100 * rows.usd) / budget).toFixed(1)} %)`,
      );
      expect(rows.usd).toBeGreaterThan(0);
      expect(rows.usd).toBeLessThanOrEqual(budget + 1e-12);
    } finally {
      db.close();
    }
  }, 90_000);
});
