// Scraped load reaches the gateway process: the parent's GatewaySupervisor.sendLoad crosses the
// process boundary as a `load` message, and the forked gateway's kv-aware routing acts on it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkLauncher } from '../../electron/core/gateway/fork-launcher';
import { GatewaySupervisor } from '../../electron/core/gateway/supervisor';
import { ensureMasterKey } from '../../electron/core/master-key';
import type { RunningSimulator } from 'vllm-sim';
import { Store } from '../../electron/core/store';
import { bundleEntry } from '../support/bundle';
import { MASTER_KEY, startSims } from '../support/gateway-fixture';
import { freePort } from '../support/net';

let sims: Record<string, RunningSimulator>;
let supervisor: GatewaySupervisor;
let store: Store;
let client: OpenAI;

beforeAll(async () => {
  const entry = await bundleEntry('electron/core/gateway/process-entry.ts', 'gateway');
  sims = await startSims({
    a: { model: 'Qwen/Qwen3-0.6B', servedModelNames: ['m'], ttftMs: 0, itlMs: 0 },
    b: { model: 'Qwen/Qwen3-0.6B', servedModelNames: ['m'], ttftMs: 0, itlMs: 0 },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-load-gw-'));
  store = Store.open(dataDir);
  ensureMasterKey(store.settings, MASTER_KEY);
  for (const name of ['a', 'b']) {
    store.endpoints.upsert({
      name,
      provider: 'hosted_vllm',
      baseUrl: `${sims[name].url}/v1`,
      model: 'm',
      apiKeyCipher: null,
      maxModelLen: null,
      inputCostPerToken: null,
      outputCostPerToken: null,
      rpmLimit: null,
      tpmLimit: null,
      timeoutMs: null,
    });
  }
  store.modelGroups.replaceAll(
    [
      {
        name: 'chat',
        strategy: 'kv-aware',
        fallbacks: [],
        contextWindowFallbacks: [],
        targets: [
          { kind: 'endpoint', ref: 'a', weight: 1, order: 0 },
          { kind: 'endpoint', ref: 'b', weight: 1, order: 0 },
        ],
      },
    ],
    {},
  );
  const port = await freePort();
  supervisor = new GatewaySupervisor(forkLauncher(entry), { host: '127.0.0.1', port, dataDir }, () => {});
  supervisor.start();
  expect((await supervisor.whenSettled()).state).toBe('up');
  client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: MASTER_KEY, maxRetries: 0 });
});

afterAll(async () => {
  await supervisor?.stop();
  await Promise.all(Object.values(sims ?? {}).map((s) => s.close()));
  store?.close();
});

/** Requests each simulator has finished, from its own /metrics. */
async function finished(sim: RunningSimulator): Promise<number> {
  const text = await (await fetch(`${sim.url}/metrics`)).text();
  return [...text.matchAll(/^vllm:request_success_total\{[^}]*\} (\S+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

async function send(n: number): Promise<void> {
  for (let i = 0; i < n; i++)
    await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 });
}

describe('load reports to the gateway process', () => {
  it('steer kv-aware routing away from the engine whose queue is long, and back when it drains', async () => {
    supervisor.sendLoad([
      { key: 'endpoint:a', kvCacheUsage: 0.95, waiting: 40 },
      { key: 'endpoint:b', kvCacheUsage: 0.1, waiting: 0 },
    ]);
    await new Promise((r) => setTimeout(r, 500)); // the message crosses to the child (no ack on this channel)
    const before = { a: await finished(sims.a), b: await finished(sims.b) };
    await send(6);
    expect(await finished(sims.a)).toBe(before.a);
    expect(await finished(sims.b)).toBe(before.b + 6);

    supervisor.sendLoad([
      { key: 'endpoint:a', kvCacheUsage: 0.05, waiting: 0 },
      { key: 'endpoint:b', kvCacheUsage: 0.9, waiting: 30 },
    ]);
    await new Promise((r) => setTimeout(r, 500));
    await send(4);
    expect(await finished(sims.a)).toBe(before.a + 4);
    expect(await finished(sims.b)).toBe(before.b + 6);
  });
});
