// GpuSampler with an injected discovery over a real store: which hosts it samples, what it stores,
// and how quietly it skips a host without the NVIDIA runtime.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeploymentSpec, type GpuInventory } from '../../../shared/deployment-schemas';
import { Store } from '../store';
import { GpuSampler, samplesOf, type GpuDiscovery } from './gpu-sampler';
import { progressOf } from './lifecycle';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
const NO_TOOLKIT = 'The NVIDIA container toolkit is not set up on this host.';

const cleanup: Array<() => void> = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function setup(discover: GpuDiscovery, options: { unavailableRetryMs?: number; everyMs?: number } = {}) {
  const store = Store.open(mkdtempSync(join(tmpdir(), 'switchyard-sampler-')));
  let now = T0;
  const clock = { now: () => now };
  const lines: string[] = [];
  const calls: string[] = [];
  const sampler = new GpuSampler(
    store,
    (hostId) => {
      calls.push(hostId);
      return discover(hostId);
    },
    clock,
    { everyMs: 3_600_000, log: (l) => lines.push(l), ...options },
  );
  cleanup.push(
    () => sampler.close(),
    () => store.close(),
  );
  const deploy = (name: string, state: 'ready' | 'loading' | 'stopped', hostId = 'local') => {
    store.deployments.insert(
      DeploymentSpec.parse({ name, model: 'Qwen/Qwen3-0.6B', hostId }),
      name,
      8001 + store.deployments.count(),
      T0,
    );
    store.deployments.setProgress(progressOf(name, state, T0), T0);
  };
  return {
    store,
    sampler,
    lines,
    calls,
    deploy,
    advance: (ms: number) => {
      now += ms;
    },
    clock,
  };
}

const gpus = (hostId: string, powers: Array<number | null>): GpuInventory => ({
  hostId,
  available: true,
  driverVersion: '550.54.15',
  problem: null,
  unifiedMemory: false,
  at: new Date(T0).toISOString(),
  gpus: powers.map((p, i) => ({
    index: i,
    uuid: `GPU-${i}aaaaaaa-bbbb`,
    name: 'NVIDIA H100 80GB HBM3',
    memoryTotalMib: 81559,
    memoryUsedMib: 70000 + i,
    utilizationPct: 90 + i,
    temperatureC: 60 + i,
    powerDrawW: p,
  })),
});

const noRuntime = (hostId: string): GpuInventory => ({
  hostId,
  available: false,
  driverVersion: null,
  gpus: [],
  problem: NO_TOOLKIT,
  unifiedMemory: false,
  at: new Date(T0).toISOString(),
});

describe('samplesOf', () => {
  it('maps each GPU of an inventory to a sample at the given time, keeping unreported fields null', () => {
    const inv = gpus('local', [350.5, null]);
    inv.gpus[1].memoryTotalMib = null;
    expect(samplesOf(inv, T0)).toEqual([
      {
        at: T0,
        hostId: 'local',
        gpuIndex: 0,
        uuid: 'GPU-0aaaaaaa-bbbb',
        utilizationPct: 90,
        memoryUsedMib: 70000,
        memoryTotalMib: 81559,
        powerW: 350.5,
        temperatureC: 60,
      },
      {
        at: T0,
        hostId: 'local',
        gpuIndex: 1,
        uuid: 'GPU-1aaaaaaa-bbbb',
        utilizationPct: 91,
        memoryUsedMib: 70001,
        memoryTotalMib: null,
        powerW: null,
        temperatureC: 61,
      },
    ]);
  });
});

describe('GpuSampler', () => {
  it('samples nothing while no deployment is ready', async () => {
    const s = setup(async (h) => gpus(h, [300]));
    s.deploy('loading', 'loading');
    s.deploy('stopped', 'stopped');
    expect(await s.sampler.sampleOnce()).toBe(0);
    expect(s.calls).toEqual([]);
  });

  it('samples each host with a ready deployment once per pass and stores one row per GPU', async () => {
    const s = setup(async (h) => gpus(h, h === 'local' ? [300, 320] : [700]));
    const box = s.store.hosts.add('gpu-box', 'ssh://me@gpu-box');
    s.deploy('a', 'ready');
    s.deploy('b', 'ready');
    s.deploy('c', 'ready', box.id);
    s.deploy('d', 'stopped', s.store.hosts.add('idle-box', 'ssh://me@idle-box').id);
    expect(await s.sampler.sampleOnce()).toBe(3);
    expect(s.calls.sort()).toEqual([box.id, 'local'].sort());
    expect(s.store.gpuSamples.latest('local').map((g) => [g.gpuIndex, g.powerW, g.at])).toEqual([
      [0, 300, T0],
      [1, 320, T0],
    ]);
    expect(s.store.gpuSamples.latest(box.id).map((g) => g.powerW)).toEqual([700]);
    s.advance(15_000);
    await s.sampler.sampleOnce();
    expect(s.store.gpuSamples.averagePowerW('local', T0, T0 + 60_000)).toBe(620);
    expect(s.store.gpuSamples.latest('local')[0].at).toBe(T0 + 15_000);
    expect(s.lines).toEqual([]);
  });

  it('skips a host without the NVIDIA runtime quietly: logged once, asked again only after the retry pause', async () => {
    let runtime = false;
    const s = setup(async (h) => (runtime ? gpus(h, [250]) : noRuntime(h)), { unavailableRetryMs: 600_000 });
    s.deploy('a', 'ready');
    expect(await s.sampler.sampleOnce()).toBe(0);
    expect(s.lines).toEqual([`gpu sampling: host local skipped: ${NO_TOOLKIT}`]);
    s.advance(15_000);
    expect(await s.sampler.sampleOnce()).toBe(0);
    expect(s.calls).toHaveLength(1); // within the pause: no probe container at all
    s.advance(600_000);
    expect(await s.sampler.sampleOnce()).toBe(0);
    expect(s.calls).toHaveLength(2);
    expect(s.lines).toHaveLength(1); // same problem: not said again
    runtime = true;
    s.advance(600_000);
    expect(await s.sampler.sampleOnce()).toBe(1);
    expect(s.lines[1]).toMatch(/host local reports GPUs again/);
    expect(s.store.gpuSamples.latest('local').map((g) => g.powerW)).toEqual([250]);
  });

  it('treats a discovery that throws like a host without GPUs, logging each new problem once', async () => {
    let message = 'Cannot connect to the Docker daemon';
    const s = setup(
      async () => {
        throw new Error(message);
      },
      { unavailableRetryMs: 0 },
    );
    s.deploy('a', 'ready');
    await s.sampler.sampleOnce();
    await s.sampler.sampleOnce();
    message = 'permission denied on /var/run/docker.sock';
    await s.sampler.sampleOnce();
    expect(s.calls).toHaveLength(3);
    expect(s.lines).toEqual([
      'gpu sampling: host local skipped: Cannot connect to the Docker daemon',
      'gpu sampling: host local skipped: permission denied on /var/run/docker.sock',
    ]);
  });

  it('never runs two discoveries of one host at once', async () => {
    let release!: (inv: GpuInventory) => void;
    const s = setup(
      () =>
        new Promise<GpuInventory>((r) => {
          release = r;
        }),
    );
    s.deploy('a', 'ready');
    const first = s.sampler.sampleOnce();
    expect(await s.sampler.sampleOnce()).toBe(0);
    expect(s.calls).toHaveLength(1);
    release(gpus('local', [100]));
    expect(await first).toBe(1);
  });

  it('samples on its own timer until closed', async () => {
    let tick = () => {};
    const s = setup(
      async (h) => {
        tick();
        return gpus(h, [123]);
      },
      { everyMs: 20 },
    );
    tick = () => s.advance(20);
    s.deploy('a', 'ready');
    await vi.waitFor(() => expect(s.store.gpuSamples.latest('local').map((g) => g.powerW)).toEqual([123]), {
      timeout: 2000,
    });
    s.sampler.close();
    const calls = s.calls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(s.calls.length).toBe(calls);
  });
});
