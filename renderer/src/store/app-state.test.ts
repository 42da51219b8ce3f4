import { describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { BridgeReply, CallName, EventName } from '../../../shared/contract';
import { createApi, type Transport } from '../api/client';
import type {
  Deployment,
  DeploymentProgress,
  DeploymentSample,
  GatewayStatus,
  GpuInventory,
  Settings,
  VirtualKey,
} from '../lib/types';
import { createAppState } from './app-state';
import { connectLiveUpdates } from './live-updates';
import { resetAppStore, useAppStore } from './index';

const settings: Settings = {
  gatewayHost: '127.0.0.1',
  gatewayPort: 4000,
  uiPort: 4141,
  retentionDays: 30,
  theme: 'system',
  energyPriceUsdPerKwh: 0.3,
};
const key = (id: string, over: Partial<VirtualKey> = {}): VirtualKey => ({
  id,
  prefix: `sk-…${id}`,
  alias: null,
  models: [],
  maxBudgetUsd: null,
  budgetDuration: null,
  spendUsd: 0,
  budgetResetAt: null,
  budgetExhausted: false,
  teamId: null,
  userId: null,
  blocked: false,
  rpmLimit: null,
  tpmLimit: null,
  maxParallelRequests: null,
  expiresAt: null,
  revokedAt: null,
  createdAt: '2025-03-01T00:00:00Z',
  ...over,
});

/** A transport that answers calls from a table and lets the test emit push events. */
function fakeTransport(answers: Partial<Record<CallName, (input: unknown) => BridgeReply<unknown>>>) {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const calls: { name: CallName; input: unknown }[] = [];
  const transport: Transport = {
    call: async (name, input) => {
      calls.push({ name, input });
      const answer = answers[name];
      return answer ? answer(input) : { ok: false, error: { code: 'internal', message: `no answer for ${name}` } };
    },
    subscribe: (name, listener) => {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(listener);
      return () => listeners.get(name)!.delete(listener);
    },
  };
  const emit = (name: EventName, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload));
  return { transport, calls, emit, listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}

const makeStore = (answers: Parameters<typeof fakeTransport>[0]) => {
  const fake = fakeTransport(answers);
  const api = createApi(fake.transport);
  return { ...fake, api, store: createStore(createAppState(api)) };
};

describe('loading', () => {
  it('records the error from a failed call and keeps the previous data', async () => {
    let fail = false;
    const { store } = makeStore({
      'keys.list': () =>
        fail ? { ok: false, error: { code: 'unavailable', message: 'server gone' } } : { ok: true, result: [key('a')] },
    });
    await store.getState().loadKeys();
    expect(store.getState().keys).toEqual({ data: [key('a')], loading: false, error: null, errorCode: null });
    fail = true;
    await store.getState().loadKeys();
    expect(store.getState().keys).toEqual({
      data: [key('a')],
      loading: false,
      error: 'server gone',
      errorCode: 'unavailable',
    });
  });
});

describe('settings', () => {
  it('keeps "restart required" once a save needed it, even if a later save did not', async () => {
    let restart = true;
    let saved = settings;
    const { store } = makeStore({
      'settings.update': (input) => {
        saved = { ...saved, ...(input as Partial<Settings>) };
        return { ok: true, result: { settings: saved, restartRequired: restart } };
      },
    });
    expect(await store.getState().saveSettings({ gatewayPort: 4001 })).toEqual({ restartRequired: true });
    restart = false;
    await store.getState().saveSettings({ retentionDays: 7 });
    expect(store.getState().restartRequired).toBe(true);
    expect(store.getState().settings.data).toMatchObject({ gatewayPort: 4001, retentionDays: 7 });
  });

  it('throws the API error (with its fields) for the form to show', async () => {
    const { store } = makeStore({
      'settings.update': () => ({
        ok: false,
        error: { code: 'invalid_input', message: 'bad', fields: [{ path: 'gatewayPort', message: 'too big' }] },
      }),
    });
    await expect(store.getState().saveSettings({ gatewayPort: 70000 })).rejects.toMatchObject({
      fields: [{ path: 'gatewayPort', message: 'too big' }],
    });
  });
});

describe('keys', () => {
  it('returns the full key once and keeps only the stored info in the list', async () => {
    const { store } = makeStore({
      'keys.list': () => ({ ok: true, result: [key('a')] }),
      'keys.create': () => ({ ok: true, result: { key: 'sk-full-secret', info: key('b') } }),
      'keys.revoke': () => ({ ok: true, result: key('a', { revokedAt: '2025-03-14T00:00:00Z' }) }),
    });
    await store.getState().loadKeys();
    expect(await store.getState().createKey({ models: [] })).toBe('sk-full-secret');
    await store.getState().revokeKey('a');
    const list = store.getState().keys.data!;
    expect(list.map((k) => k.id)).toEqual(['b', 'a']);
    expect(list[1].revokedAt).not.toBeNull();
    expect(JSON.stringify(store.getState())).not.toContain('sk-full-secret');
  });
});

describe('live updates', () => {
  it('applies push events to the store and unsubscribes cleanly', async () => {
    const { store, api, emit, calls, listenerCount } = makeStore({
      'system.status': () => ({
        ok: true,
        result: {
          version: '0.1.0',
          shell: 'headless',
          dataDir: '/d',
          databasePath: '/d/switchyard.db',
          schemaVersion: 1,
          gateway: {
            state: 'starting',
            url: 'http://127.0.0.1:4000',
            pid: null,
            restarts: 0,
            lastExit: null,
            since: '2025-03-14T12:00:00Z',
          },
          docker: {
            reachable: false,
            endpoint: 'unix:///var/run/docker.sock',
            version: null,
            apiVersion: null,
            problem: 'no engine',
            nvidiaRuntime: false,
          },
          counts: { hosts: 0, deployments: 0, modelGroups: 0, keys: 0, requests: 0 },
        },
      }),
      'keys.list': () => ({ ok: true, result: [key('a'), key('b')] }),
    });
    await store.getState().loadSystem();
    const disconnect = connectLiveUpdates(api, store);

    const up: GatewayStatus = {
      state: 'up',
      url: 'http://127.0.0.1:4000',
      pid: 42,
      restarts: 1,
      lastExit: 'killed',
      since: '2025-03-14T12:01:00Z',
    };
    emit('gateway.status', up);
    expect(store.getState().gateway).toEqual(up);
    expect(store.getState().system.data!.gateway).toEqual(up);

    emit('settings.changed', { ...settings, theme: 'dark' });
    expect(store.getState().settings.data!.theme).toBe('dark');

    emit('deployments.changed', []);
    expect(store.getState().deployments.data).toEqual([]);

    emit('keys.changed', { count: 2 });
    expect(store.getState().system.data!.counts.keys).toBe(2);
    await Promise.resolve();
    expect(calls.filter((c) => c.name === 'keys.list')).toHaveLength(1);

    disconnect();
    expect(listenerCount()).toBe(0);
  });
});

describe('resetAppStore', () => {
  it('puts the bound store back to its initial state', () => {
    useAppStore.setState({
      restartRequired: true,
      gateway: { state: 'up', url: 'x', pid: 1, restarts: 0, lastExit: null, since: '' },
    });
    resetAppStore();
    expect(useAppStore.getState().restartRequired).toBe(false);
    expect(useAppStore.getState().gateway).toBeNull();
  });
});

describe('deployments', () => {
  const deployment = (name: string, over: Partial<Deployment> = {}): Deployment => ({
    id: `id-${name}`,
    name,
    hostId: 'local',
    model: 'Qwen/Qwen3-0.6B',
    servedModelName: name,
    image: 'vllm/vllm-openai:latest',
    state: 'pending',
    stateReason: null,
    port: 8001,
    createdAt: '2025-03-14T12:00:00Z',
    ...over,
  });
  const progress = (name: string, phase: DeploymentProgress['phase'], at: string): DeploymentProgress => ({
    name,
    phase,
    fraction: null,
    detail: null,
    reason: null,
    evidence: null,
    restarts: 0,
    at,
    logged: {
      kvCacheTokens: null,
      maxConcurrency: null,
      availableKvGib: null,
      weightsGib: null,
      maxModelLen: null,
      suggestedMaxModelLen: null,
    },
  });

  it("reloads every deployment's progress on mount and follows progress events after", async () => {
    const { store, api, emit } = makeStore({
      'deployments.list': () => ({ ok: true, result: [deployment('a'), deployment('b')] }),
      'deployments.progress': (input) => ({
        ok: true,
        result: (input as { name: string }).name === 'a' ? progress('a', 'loading', '2025-03-14T12:00:05Z') : null,
      }),
    });
    const disconnect = connectLiveUpdates(api, store);
    await store.getState().loadDeployments();
    await store.getState().loadAllProgress();
    expect(store.getState().progress.a.report.phase).toBe('loading');
    expect(store.getState().progress.b).toBeUndefined();

    emit('deployments.progress', progress('a', 'failed', '2025-03-14T12:00:06Z'));
    expect(store.getState().progress.a).toMatchObject({ report: { phase: 'failed' }, failedIn: 'loading' });
    emit('deployments.progress', progress('a', 'ready', '2025-03-14T12:00:01Z')); // late and older: ignored
    expect(store.getState().progress.a.report.phase).toBe('failed');
    disconnect();
  });

  it('creates a deployment into the list, restarts as stop then start, and forgets a removed one', async () => {
    const { store, calls } = makeStore({
      'deployments.create': () => ({ ok: true, result: deployment('a') }),
      'deployments.progress': () => ({ ok: true, result: progress('a', 'pending', '2025-03-14T12:00:00Z') }),
      'deployments.stop': () => ({ ok: true, result: deployment('a', { state: 'stopped' }) }),
      'deployments.start': () => ({ ok: true, result: deployment('a', { state: 'starting' }) }),
      'deployments.remove': () => ({ ok: true, result: { removed: true } }),
    });
    await store.getState().createDeployment({ name: 'a', model: 'Qwen/Qwen3-0.6B' });
    expect(store.getState().deployments.data!.map((d) => d.name)).toEqual(['a']);
    await vi.waitFor(() => expect(store.getState().progress.a).toBeDefined());

    await store.getState().restartDeployment('a');
    expect(calls.filter((c) => c.name.startsWith('deployments.s')).map((c) => c.name)).toEqual([
      'deployments.stop',
      'deployments.start',
    ]);
    expect(store.getState().deployments.data![0].state).toBe('starting');

    await store.getState().removeDeployment('a');
    expect(store.getState().deployments.data).toEqual([]);
    expect(store.getState().progress.a).toBeUndefined();
  });

  it('throws the create error (with its fields) for the form, and adds nothing', async () => {
    const { store } = makeStore({
      'deployments.create': () => ({
        ok: false,
        error: { code: 'invalid_input', message: 'bad', fields: [{ path: 'spec.name', message: 'lower-case' }] },
      }),
    });
    await expect(store.getState().createDeployment({ name: 'A', model: 'm' })).rejects.toMatchObject({
      fields: [{ path: 'spec.name' }],
    });
    expect(store.getState().deployments.data).toBeNull();
  });
});

describe('catalog and GPUs', () => {
  it('loads the catalog once', async () => {
    const { store, calls } = makeStore({ 'catalog.models': () => ({ ok: true, result: [] }) });
    await store.getState().loadCatalog();
    await store.getState().loadCatalog();
    expect(calls.filter((c) => c.name === 'catalog.models')).toHaveLength(1);
  });

  it("keeps each host's GPU inventory, and the error of a failed discovery beside the last one", async () => {
    let fail = false;
    const inventory: GpuInventory = {
      hostId: 'local',
      available: false,
      driverVersion: null,
      gpus: [],
      problem: 'no runtime',
      unifiedMemory: false,
      at: '',
    };
    const { store, calls } = makeStore({
      'hosts.gpus': () =>
        fail ? { ok: false, error: { code: 'unavailable', message: 'gone' } } : { ok: true, result: inventory },
    });
    await store.getState().loadGpus('local');
    expect(store.getState().gpus.local).toEqual({ data: inventory, loading: false, error: null, errorCode: null });
    fail = true;
    await store.getState().loadGpus('local', true);
    expect(store.getState().gpus.local).toMatchObject({ data: inventory, error: 'gone', errorCode: 'unavailable' });
    expect(calls.map((c) => c.input)).toEqual([
      { hostId: 'local', refresh: false },
      { hostId: 'local', refresh: true },
    ]);
  });
});

describe('telemetry', () => {
  const sample = (target: string, at: number, generationTps: number | null = 10): DeploymentSample => ({
    at,
    target,
    kvCacheUsage: 0.2,
    running: 0,
    waiting: 0,
    promptTps: 0,
    generationTps,
    requestsPs: 0,
    ttftP50Ms: null,
    ttftP95Ms: null,
    ttftP99Ms: null,
    e2eP50Ms: null,
    e2eP95Ms: null,
    e2eP99Ms: null,
    preemptionsPs: 0,
    prefixHitRate: null,
  });
  const deployment = (name: string): Deployment => ({
    id: `id-${name}`,
    name,
    hostId: 'local',
    model: 'm',
    servedModelName: name,
    image: 'i',
    state: 'ready',
    stateReason: null,
    port: 8001,
    createdAt: '2025-03-14T12:00:00Z',
  });

  it("loads a deployment's recent samples, then appends pushed rounds for listed deployments only", async () => {
    const { store, api, emit, calls } = makeStore({
      'deployments.list': () => ({ ok: true, result: [deployment('a')] }),
      'telemetry.recent': () => ({ ok: true, result: [sample('a', 1000), sample('a', 6000)] }),
    });
    const disconnect = connectLiveUpdates(api, store);
    await store.getState().loadDeployments();
    emit('telemetry.samples', [sample('a', 11_000)]); // arrives before the load answers: kept
    await store.getState().loadRecentSamples('a');
    expect(calls.find((c) => c.name === 'telemetry.recent')?.input).toEqual({ target: 'a', minutes: 15 });
    expect(store.getState().samples.a.map((s) => s.at)).toEqual([1000, 6000, 11_000]);

    emit('telemetry.samples', [sample('a', 16_000), sample('external-endpoint', 16_000)]);
    expect(store.getState().samples.a.map((s) => s.at)).toEqual([1000, 6000, 11_000, 16_000]);
    expect(store.getState().samples['external-endpoint']).toBeUndefined();

    store.getState().forgetSamples('a');
    expect(store.getState().samples.a).toBeUndefined();
    disconnect();
  });

  it('leaves the samples as they are when the load fails', async () => {
    const { store } = makeStore({
      'telemetry.recent': () => ({ ok: false, error: { code: 'unavailable', message: 'gone' } }),
    });
    await store.getState().loadRecentSamples('a');
    expect(store.getState().samples).toEqual({});
  });
});
