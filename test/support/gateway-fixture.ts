// A gateway in this process over a real SQLite store in a temp dir, in front of in-process
// simulators (or any local upstream). Tests describe the routing they need and get a running
// gateway plus the official openai SDK pointed at it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { systemClock } from '../../electron/core/clock';
import { ensureMasterKey } from '../../electron/core/master-key';
import { loadDataKey, secretBox } from '../../electron/core/secrets';
import { Store } from '../../electron/core/store';
import type { Endpoint } from '../../electron/core/store/endpoints';
import type { GroupSpec } from '../../electron/core/store/model-groups';
import { GatewayRuntime } from '../../electron/core/gateway/runtime';
import { startGatewayServer, type GatewayServer } from '../../electron/core/gateway/server';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from 'vllm-sim';

export const MASTER_KEY = 'sk-test-master-key-0123456789';

export interface GatewayFixture {
  store: Store;
  rt: GatewayRuntime;
  gateway: GatewayServer;
  url: string;
  sims: Record<string, RunningSimulator>;
  client(key?: string): OpenAI;
  endpoint(name: string, baseUrl: string, extra?: Partial<Endpoint>): Endpoint;
  close(): Promise<void>;
}

export async function startSims(specs: Record<string, SimulatorOptions>): Promise<Record<string, RunningSimulator>> {
  const sims: Record<string, RunningSimulator> = {};
  for (const [name, options] of Object.entries(specs)) {
    sims[name] = await startSimulator({
      host: '127.0.0.1',
      port: 0,
      startupS: 0,
      statsIntervalS: 0,
      accessLog: false,
      log: () => {},
      ...options,
    });
    await sims[name].ready;
  }
  return sims;
}

export async function startGatewayFixture(
  setup: (f: Pick<GatewayFixture, 'store' | 'sims' | 'endpoint'> & { secrets: ReturnType<typeof secretBox> }) => {
    groups: GroupSpec[];
    aliases?: Record<string, string>;
  },
  sims: Record<string, RunningSimulator> = {},
  runtimeOptions: ConstructorParameters<typeof GatewayRuntime>[3] = {},
): Promise<GatewayFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-gw-'));
  const store = Store.open(dir);
  ensureMasterKey(store.settings, MASTER_KEY);
  const secrets = secretBox(loadDataKey(dir));
  const endpoint = (name: string, baseUrl: string, extra: Partial<Endpoint> = {}): Endpoint => {
    const e: Endpoint = {
      name,
      provider: 'openai-compatible',
      baseUrl,
      model: name,
      apiKeyCipher: null,
      maxModelLen: null,
      inputCostPerToken: null,
      outputCostPerToken: null,
      rpmLimit: null,
      tpmLimit: null,
      timeoutMs: null,
      ...extra,
    };
    store.endpoints.upsert(e);
    return e;
  };
  const { groups, aliases } = setup({ store, sims, endpoint, secrets });
  store.modelGroups.replaceAll(groups, aliases);
  const rt = new GatewayRuntime(store, secrets, systemClock, runtimeOptions);
  const gateway = await startGatewayServer(rt, '127.0.0.1', 0, { onKeysChanged: () => {} });
  return {
    store,
    rt,
    gateway,
    url: gateway.url,
    sims,
    endpoint,
    client: (key = MASTER_KEY) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 }),
    async close() {
      await gateway.close();
      rt.writer.close();
      await Promise.all(Object.values(sims).map((s) => s.close()));
      store.close();
    },
  };
}

/** A group over simulators by their names in `sims`, each as an endpoint named after it. */
export function simGroup(
  name: string,
  targets: Array<{ sim: string; weight?: number; order?: number }>,
  extra: Partial<GroupSpec> = {},
): GroupSpec {
  return {
    name,
    strategy: 'simple-shuffle',
    fallbacks: [],
    contextWindowFallbacks: [],
    targets: targets.map((t) => ({
      kind: 'endpoint' as const,
      ref: t.sim,
      weight: t.weight ?? 1,
      order: t.order ?? 0,
    })),
    ...extra,
  };
}

export const simEndpoint = (f: Pick<GatewayFixture, 'sims' | 'endpoint'>, sim: string, extra: Partial<Endpoint> = {}) =>
  f.endpoint(sim, `${f.sims[sim].url}/v1`, {
    model: f.sims[sim].options.servedModelNames?.[0] ?? f.sims[sim].options.model,
    ...extra,
  });
