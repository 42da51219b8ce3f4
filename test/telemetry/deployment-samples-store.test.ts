// Deployment samples on real SQLite files: migration 8 (also over a database left at version 7),
// minute rollups written with the samples, queries, and retention that keeps the rollups.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyRetention } from '../../electron/core/retention';
import { SWITCHYARD_APPLICATION_ID } from '../../electron/core/store/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../electron/core/store/migrations';
import type { DeploymentSample } from '../../shared/telemetry-schemas';
import { useTempStores } from '../support/temp-store';

const { tempDir, openStore } = useTempStores('deployment-samples');

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

const sample = (at: number, target: string, over: Partial<DeploymentSample> = {}): DeploymentSample => ({
  at,
  target,
  kvCacheUsage: 0.5,
  running: 4,
  waiting: 0,
  promptTps: 100,
  generationTps: 200,
  requestsPs: 1,
  ttftP50Ms: 20,
  ttftP95Ms: 40,
  ttftP99Ms: 60,
  e2eP50Ms: 900,
  e2eP95Ms: 1500,
  e2eP99Ms: 2000,
  preemptionsPs: 0,
  prefixHitRate: 0.3,
  ...over,
});

describe('migration 8', () => {
  it('creates the samples table, its (target, at) index and the minute rollups', () => {
    const store = openStore();
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(8);
    expect(MIGRATIONS.find((m) => m.version === 8)!.name).toMatch(/deployment samples/);
    const index = store.db.prepare(`PRAGMA index_info(deployment_samples_target_at)`).all() as { name: string }[];
    expect(index.map((c) => c.name)).toEqual(['target', 'at']);
    const rollupKey = (
      store.db.prepare(`PRAGMA table_info(deployment_sample_minutes)`).all() as { name: string; pk: number }[]
    )
      .filter((c) => c.pk > 0)
      .map((c) => c.name);
    expect(rollupKey).toEqual(['target', 'minute']);
  });

  it('upgrades a version-7 database in place', () => {
    const dir = tempDir();
    const db = new Database(join(dir, 'switchyard.db'));
    db.pragma(`application_id = ${SWITCHYARD_APPLICATION_ID}`);
    for (const m of MIGRATIONS.filter((x) => x.version <= 7)) db.exec(m.sql);
    db.pragma('user_version = 7');
    db.close();
    const store = openStore(dir);
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    store.deploymentSamples.insertMany([sample(T0, 'a')]);
    expect(store.deploymentSamples.latest()).toEqual([sample(T0, 'a')]);
  });
});

describe('DeploymentSamplesRepo', () => {
  it('round-trips every figure, nulls included', () => {
    const store = openStore();
    const s = sample(T0, 'a', { ttftP50Ms: null, prefixHitRate: null, generationTps: 12.5 });
    store.deploymentSamples.insertMany([s]);
    expect(store.deploymentSamples.range('a', T0, T0 + 1)).toEqual([s]);
  });

  it('rolls samples up per target and minute, average and maximum, leaving nulls out', () => {
    const store = openStore();
    // Minute 0 of target a, written in two batches: the rollup covers both.
    store.deploymentSamples.insertMany([sample(T0 + 5_000, 'a', { kvCacheUsage: 0.2, waiting: 1, ttftP95Ms: null })]);
    store.deploymentSamples.insertMany([
      sample(T0 + 10_000, 'a', { kvCacheUsage: 0.6, waiting: 5, ttftP95Ms: 80 }),
      sample(T0 + 55_000, 'a', { kvCacheUsage: 0.4, waiting: 0, ttftP95Ms: null }),
      sample(T0 + 60_000, 'a', { kvCacheUsage: 0.9 }), // next minute
      sample(T0 + 10_000, 'b', { kvCacheUsage: 0.1 }),
    ]);
    const [m0, m1] = store.deploymentSamples.minutes('a', T0, T0 + 120_000);
    expect(m0).toMatchObject({
      target: 'a',
      minute: T0,
      samples: 3,
      waiting: { avg: 2, max: 5 },
      ttftP95Ms: { avg: 80, max: 80 },
    });
    expect(m0.kvCacheUsage.avg).toBeCloseTo(0.4, 12);
    expect(m0.kvCacheUsage.max).toBe(0.6);
    expect(m1).toMatchObject({ minute: T0 + 60_000, samples: 1, kvCacheUsage: { avg: 0.9, max: 0.9 } });
    expect(store.deploymentSamples.minutes('b', T0, T0 + 120_000)).toMatchObject([
      { samples: 1, kvCacheUsage: { avg: 0.1, max: 0.1 } },
    ]);
  });

  it("gives each target's newest sample", () => {
    const store = openStore();
    store.deploymentSamples.insertMany([
      sample(T0, 'b'),
      sample(T0 + 5_000, 'b', { running: 9 }),
      sample(T0 + 1_000, 'a', { running: 1 }),
    ]);
    expect(store.deploymentSamples.latest().map((s) => [s.target, s.at, s.running])).toEqual([
      ['a', T0 + 1_000, 1],
      ['b', T0 + 5_000, 9],
    ]);
  });

  it('ages raw samples out under retentionDays and keeps their minute rollups', () => {
    const store = openStore();
    store.settings.update({ retentionDays: 7 });
    const now = T0 + 10 * 86_400_000;
    store.deploymentSamples.insertMany([sample(T0, 'a'), sample(now - 86_400_000, 'a')]);
    applyRetention(store, { now: () => now });
    expect(store.deploymentSamples.range('a', 0, now).map((s) => s.at)).toEqual([now - 86_400_000]);
    expect(store.deploymentSamples.minutes('a', T0, T0 + 60_000)).toHaveLength(1);
  });
});
