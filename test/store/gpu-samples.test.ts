// GPU samples and deployment energy prices on real SQLite files: migration 6 (also over a
// database left at version 5), the samples repository, retention, and the energy price column.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyRetention } from '../../electron/core/retention';
import type { Store } from '../../electron/core/store';
import { SWITCHYARD_APPLICATION_ID } from '../../electron/core/store/database';
import type { GpuSample } from '../../electron/core/store/gpu-samples';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../electron/core/store/migrations';
import { DeploymentSpec } from '../../shared/deployment-schemas';
import { useTempStores } from '../support/temp-store';

const { tempDir, openStore } = useTempStores('gpu-samples');

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

const sample = (at: number, gpuIndex: number, powerW: number | null, extra: Partial<GpuSample> = {}): GpuSample => ({
  at,
  hostId: 'local',
  gpuIndex,
  uuid: `GPU-0000000${gpuIndex}-aaaa`,
  utilizationPct: 50,
  memoryUsedMib: 1000,
  memoryTotalMib: 81559,
  powerW,
  temperatureC: 60,
  ...extra,
});

const addDeployment = (store: Store, name: string, hostId = 'local') =>
  store.deployments.insert(
    DeploymentSpec.parse({ name, model: 'Qwen/Qwen3-0.6B', hostId }),
    name,
    8000 + store.deployments.count(),
    T0,
  );

describe('migration 6', () => {
  it('creates gpu_samples with its (host_id, at) index and the deployments.energy_usd_per_token column', () => {
    const store = openStore();
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(6);
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    const columns = (table: string) =>
      (store.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns('gpu_samples')).toEqual([
      'at',
      'host_id',
      'gpu_index',
      'uuid',
      'utilization_pct',
      'memory_used_mib',
      'memory_total_mib',
      'power_w',
      'temperature_c',
    ]);
    expect(columns('deployments')).toContain('energy_usd_per_token');
    const index = store.db.prepare(`PRAGMA index_info(gpu_samples_host_at)`).all() as { name: string }[];
    expect(index.map((c) => c.name)).toEqual(['host_id', 'at']);
  });

  it('upgrades a version-5 database in place, keeping its deployments (unpriced)', () => {
    const dir = tempDir();
    const db = new Database(join(dir, 'switchyard.db'));
    db.pragma(`application_id = ${SWITCHYARD_APPLICATION_ID}`);
    for (const m of MIGRATIONS.filter((x) => x.version <= 5)) db.exec(m.sql);
    db.pragma('user_version = 5');
    db.prepare(
      `INSERT INTO hosts (id, name, endpoint, created_at) VALUES ('local', 'local', 'unix:///var/run/docker.sock', 0)`,
    ).run();
    db.prepare(`INSERT INTO deployments (id, name, host_id, model, served_model_name, image, created_at, updated_at)
      VALUES ('d1', 'old', 'local', 'm', 'm', 'vllm/vllm-openai', 0, 0)`).run();
    db.close();

    const store = openStore(dir);
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(store.deployments.getByName('old')).not.toBeNull();
    expect(store.deployments.energyPrices().size).toBe(0);
    store.gpuSamples.insertMany([sample(T0, 0, 300)]);
    expect(store.gpuSamples.latest('local')).toHaveLength(1);
  });
});

describe('GpuSamplesRepo', () => {
  it('returns the last sampling pass of a host, by GPU index, and nothing for a host never sampled', () => {
    const store = openStore();
    const box = store.hosts.add('gpu-box', 'ssh://me@gpu-box');
    store.gpuSamples.insertMany([
      sample(T0, 1, 210),
      sample(T0, 0, 200),
      sample(T0 + 15_000, 1, 260, { utilizationPct: 99 }),
      sample(T0 + 15_000, 0, 250, { memoryTotalMib: null }),
      sample(T0 + 30_000, 0, 500, { hostId: box.id }),
    ]);
    const latest = store.gpuSamples.latest('local');
    expect(latest.map((s) => [s.gpuIndex, s.at, s.powerW])).toEqual([
      [0, T0 + 15_000, 250],
      [1, T0 + 15_000, 260],
    ]);
    expect(latest[1]).toEqual(sample(T0 + 15_000, 1, 260, { utilizationPct: 99 }));
    expect(latest[0].memoryTotalMib).toBeNull();
    expect(store.gpuSamples.latest(box.id).map((s) => s.powerW)).toEqual([500]);
    expect(store.gpuSamples.latest('nowhere')).toEqual([]);
  });

  it("averages a host's total GPU power over [from, to): GPUs summed per pass, passes averaged", () => {
    const store = openStore();
    const box = store.hosts.add('gpu-box', 'ssh://me@gpu-box');
    store.gpuSamples.insertMany([
      sample(T0, 0, 100),
      sample(T0, 1, 200), // pass total 300 W
      sample(T0 + 15_000, 0, 150),
      sample(T0 + 15_000, 1, 250), // 400 W
      sample(T0 + 30_000, 0, 120),
      sample(T0 + 30_000, 1, null), // a board that did not say: 120 W counted
      sample(T0 + 60_000, 0, 9999),
      sample(T0 + 60_000, 1, 9999), // at `to`: outside
      sample(T0 - 1, 0, 9999), // before `from`: outside
      sample(T0 + 5_000, 0, 7777, { hostId: box.id }), // another host
    ]);
    expect(store.gpuSamples.averagePowerW('local', T0, T0 + 60_000)).toBeCloseTo((300 + 400 + 120) / 3, 9);
    expect(store.gpuSamples.averagePowerW('local', T0 + 15_000, T0 + 30_000)).toBe(400);
    expect(store.gpuSamples.averagePowerW(box.id, T0, T0 + 60_000)).toBe(7777);
    expect(store.gpuSamples.averagePowerW('local', T0 + 61_000, T0 + 120_000)).toBeNull();
  });

  it('has no power average from passes that reported no power at all', () => {
    const store = openStore();
    store.gpuSamples.insertMany([sample(T0, 0, null), sample(T0, 1, null)]);
    expect(store.gpuSamples.averagePowerW('local', T0, T0 + 60_000)).toBeNull();
  });

  it("refuses samples of an unknown host, and drops a host's samples with the host", () => {
    const store = openStore();
    expect(() => store.gpuSamples.insertMany([sample(T0, 0, 1, { hostId: 'ghost' })])).toThrow(/FOREIGN KEY/);
    const box = store.hosts.add('gpu-box', 'ssh://me@gpu-box');
    store.gpuSamples.insertMany([sample(T0, 0, 300, { hostId: box.id }), sample(T0, 0, 300)]);
    store.hosts.remove(box.id);
    expect(store.gpuSamples.latest(box.id)).toEqual([]);
    expect(store.gpuSamples.latest('local')).toHaveLength(1);
  });

  it('writes a batch atomically: one bad sample stores none', () => {
    const store = openStore();
    expect(() => store.gpuSamples.insertMany([sample(T0, 0, 300), sample(T0, 1, 300, { hostId: 'ghost' })])).toThrow();
    expect(store.gpuSamples.latest('local')).toEqual([]);
  });

  it('ages out with the request log under the retentionDays setting', () => {
    const store = openStore();
    store.settings.update({ retentionDays: 7 });
    const now = T0 + 30 * 86_400_000;
    store.gpuSamples.insertMany([
      sample(now - 8 * 86_400_000, 0, 1),
      sample(now - 6 * 86_400_000, 0, 2),
      sample(now, 0, 3),
    ]);
    applyRetention(store, { now: () => now });
    expect(store.gpuSamples.averagePowerW('local', 0, now + 1)).toBe(2.5);
    expect(store.gpuSamples.deleteOlderThan(now)).toBe(1);
  });
});

describe('deployment energy prices', () => {
  it('are absent until set, then kept per deployment', () => {
    const store = openStore();
    addDeployment(store, 'qwen-a');
    addDeployment(store, 'qwen-b');
    expect(store.deployments.energyPrices()).toEqual(new Map());
    store.deployments.setEnergyPrice('qwen-a', 1.5e-7, T0);
    store.deployments.setEnergyPrice('qwen-a', 2e-7, T0 + 60_000);
    store.deployments.setEnergyPrice('missing', 9, T0);
    expect(store.deployments.energyPrices()).toEqual(new Map([['qwen-a', 2e-7]]));
  });
});
