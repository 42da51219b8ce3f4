// The Overview tiles on a real SQLite file: spend today and this month (local midnight and the first
// of the month), requests and errors in the last hour, tokens/s now, KV usage per target, the latest
// GPU pass, today's sparkline; checked against figures computed here from the same rows.
import { describe, expect, it } from 'vitest';
import { overviewTiles } from '../../electron/core/dashboards/overview';
import { applyRetention } from '../../electron/core/retention';
import type { GpuSample } from '../../electron/core/store/gpu-samples';
import { OverviewTiles } from '../../shared/contract-dashboards';
import { DeploymentSpec } from '../../shared/deployment-schemas';
import type { DeploymentSample } from '../../shared/telemetry-schemas';
import { useTempStores } from '../support/temp-store';
import { randomRows } from './support';

const { openStore } = useTempStores('dashboards-overview');

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
// Mid-afternoon on the 20th, local time: today and this month both have history before them.
const NOW = new Date(2026, 9, 20, 15, 42, 17, 250).getTime();
const clock = { now: () => NOW };

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
const gpu = (at: number, gpuIndex: number, powerW: number): GpuSample => ({
  at,
  hostId: 'local',
  gpuIndex,
  uuid: `GPU-${gpuIndex}`,
  utilizationPct: 90,
  memoryUsedMib: 70_000,
  memoryTotalMib: 81_559,
  powerW,
  temperatureC: 70,
});

function seededStore() {
  const store = openStore();
  const rows = randomRows(
    4000,
    NOW - 40 * DAY,
    NOW + 1,
    {
      keyId: ['k', null],
      teamId: [null],
      modelGroup: ['chat', 'code'],
      deployment: ['a', 'b', null],
    },
    11,
  );
  for (let i = 0; i < rows.length; i += 1000) store.requestLog.insertMany(rows.slice(i, i + 1000));
  store.deployments.insert(DeploymentSpec.parse({ name: 'a', model: 'Qwen/Qwen3-0.6B' }), 'a', 8001, NOW);
  store.deployments.insert(DeploymentSpec.parse({ name: 'idle', model: 'Qwen/Qwen3-0.6B' }), 'idle', 8002, NOW);
  store.deploymentSamples.insertMany([
    sample(NOW - 90_000, 'a', { kvCacheUsage: 0.1 }),
    sample(NOW - 10 * MIN, 'gone', { kvCacheUsage: 0.9 }),
  ]);
  store.deploymentSamples.insertMany([
    sample(NOW - 30_000, 'a', { kvCacheUsage: 0.2 }),
    sample(NOW - 20_000, 'ext', { promptTps: 7, generationTps: null }),
  ]);
  store.deploymentSamples.insertMany([
    sample(NOW - 5_000, 'a', { kvCacheUsage: 0.3, promptTps: 1000, generationTps: 250 }),
  ]);
  store.gpuSamples.insertMany([gpu(NOW - 30_000, 0, 100), gpu(NOW - 30_000, 1, 110)]);
  store.gpuSamples.insertMany([gpu(NOW - 15_000, 1, 310), gpu(NOW - 15_000, 0, 300)]);
  return { store, rows };
}

const within = (rows: ReturnType<typeof randomRows>, from: number, to: number) =>
  rows.filter((r) => r.at >= from && r.at < to);
const cost = (rows: ReturnType<typeof randomRows>) => rows.reduce((s, r) => s + r.costUsd, 0);

describe('dashboards.overview', () => {
  it('adds up spend since local midnight and the first of the month, and the last hour of requests', () => {
    const { store, rows } = seededStore();
    const tiles = OverviewTiles.parse(overviewTiles(store, clock));
    const midnight = new Date(2026, 9, 20).getTime();
    const first = new Date(2026, 9, 1).getTime();
    expect(tiles.spendTodayUsd).toBeCloseTo(cost(within(rows, midnight, NOW + 1)), 9);
    expect(tiles.spendMonthUsd).toBeCloseTo(cost(within(rows, first, NOW + 1)), 9);
    expect(tiles.spendMonthUsd).toBeGreaterThan(tiles.spendTodayUsd);
    // The minute holding now − 1 h is counted whole (minute rollups).
    const lastHour = within(rows, Math.floor((NOW - HOUR) / MIN) * MIN, NOW + 1);
    expect(lastHour.length).toBeGreaterThan(0);
    expect(tiles.requestsLastHour).toBe(lastHour.length);
    expect(tiles.errorRateLastHour).toBeCloseTo(lastHour.filter((r) => r.status >= 400).length / lastHour.length, 12);
    // Sparkline: today's hours (local midnight on an hour boundary here), adding up to today's spend.
    expect(tiles.spendSparkline[0].at).toBe(Math.floor(midnight / HOUR) * HOUR);
    expect(tiles.spendSparkline.at(-1)!.at).toBe(Math.floor(NOW / HOUR) * HOUR);
    expect(tiles.spendSparkline.reduce((s, p) => s + p.costUsd, 0)).toBeCloseTo(
      cost(within(rows, Math.floor(midnight / HOUR) * HOUR, NOW + 1)),
      9,
    );
  });

  it("sums each target's newest sample of the last minute into tokens/s, and lists KV usage per target", () => {
    const { store } = seededStore();
    const tiles = overviewTiles(store, clock);
    expect(tiles.tokensPerSecondNow).toBe(1000 + 250 + 7);
    expect(tiles.kvUsage).toEqual([
      { target: 'a', kvCacheUsage: 0.3, at: NOW - 5_000 },
      { target: 'ext', kvCacheUsage: 0.5, at: NOW - 20_000 },
      { target: 'idle', kvCacheUsage: null, at: null },
    ]);
    expect(tiles.gpus.map((g) => [g.gpuIndex, g.powerW, g.at])).toEqual([
      [0, 300, NOW - 15_000],
      [1, 310, NOW - 15_000],
    ]);
  });

  it('keeps its spend figures when retention ages the raw rows out', () => {
    const { store } = seededStore();
    const before = overviewTiles(store, clock);
    store.settings.update({ retentionDays: 1 });
    applyRetention(store, clock);
    const after = overviewTiles(store, clock);
    expect([after.spendTodayUsd, after.spendMonthUsd, after.requestsLastHour, after.spendSparkline]).toEqual([
      before.spendTodayUsd,
      before.spendMonthUsd,
      before.requestsLastHour,
      before.spendSparkline,
    ]);
  });

  it('gives empty, valid tiles for an empty store', () => {
    const tiles = OverviewTiles.parse(overviewTiles(openStore(), clock));
    expect(tiles).toMatchObject({
      spendTodayUsd: 0,
      spendMonthUsd: 0,
      tokensPerSecondNow: null,
      requestsLastHour: 0,
      errorRateLastHour: null,
      kvUsage: [],
      gpus: [],
    });
    expect(tiles.spendSparkline.every((p) => p.costUsd === 0)).toBe(true);
  });
});
