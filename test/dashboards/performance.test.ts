// The Performance page's query on a real SQLite file: deployment and GPU samples written through
// their repos (which roll them up), answers checked against means computed here from the samples.
import { describe, expect, it } from 'vitest';
import { performanceReport } from '../../electron/core/dashboards/performance';
import { applyRetention } from '../../electron/core/retention';
import type { GpuSample } from '../../electron/core/store/gpu-samples';
import { PerformanceReport } from '../../shared/contract-dashboards';
import { DeploymentSpec } from '../../shared/deployment-schemas';
import type { DeploymentSample } from '../../shared/telemetry-schemas';
import { useTempStores } from '../support/temp-store';
import { seeded } from './support';

const { openStore } = useTempStores('dashboards-performance');

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);
const SPAN = 36 * HOUR;
const EVERY = 10_000;

function seededStore() {
  const store = openStore();
  const box = store.hosts.add('gpu-box', 'ssh://me@gpu-box');
  store.deployments.insert(
    DeploymentSpec.parse({ name: 'a', model: 'Qwen/Qwen3-0.6B', hostId: box.id }),
    'a',
    8001,
    T0,
  );
  const rnd = seeded(3);
  const samples: DeploymentSample[] = [];
  const gpus: GpuSample[] = [];
  let batch: DeploymentSample[] = [];
  for (let at = T0; at < T0 + SPAN; at += EVERY) {
    for (const target of ['a', 'b']) {
      // TTFT unknown for whole minutes at a time (an engine with no finished requests), never partly.
      const noTtft = Math.floor(at / MIN) % 7 === 0;
      batch.push({
        at,
        target,
        kvCacheUsage: rnd(),
        running: Math.floor(rnd() * 16),
        waiting: Math.floor(rnd() * 4),
        promptTps: rnd() * 3000,
        generationTps: rnd() * 800,
        requestsPs: rnd() * 10,
        ttftP50Ms: noTtft ? null : 20 + rnd() * 10,
        ttftP95Ms: noTtft ? null : 60 + rnd() * 10,
        ttftP99Ms: noTtft ? null : 90 + rnd() * 10,
        e2eP50Ms: 500 + rnd() * 100,
        e2eP95Ms: 900,
        e2eP99Ms: 1200,
        preemptionsPs: rnd() < 0.05 ? 0.2 : 0,
        prefixHitRate: rnd(),
      });
    }
    if (at % (15 * EVERY) === 0) {
      for (const [hostId, gpuIndex] of [
        [box.id, 0],
        [box.id, 1],
        ['local', 0],
      ] as const) {
        gpus.push({
          at,
          hostId,
          gpuIndex,
          uuid: `GPU-${hostId}-${gpuIndex}`,
          utilizationPct: Math.round(rnd() * 100),
          memoryUsedMib: 60_000 + rnd() * 1000,
          memoryTotalMib: hostId === 'local' ? null : 81_559,
          powerW: 100 + rnd() * 300,
          temperatureC: 60,
        });
      }
    }
    // One scrape round a batch for the first two hours, then half-minute batches (as a catch-up would write).
    if (at < T0 + 2 * HOUR || batch.length >= 6) {
      store.deploymentSamples.insertMany(batch);
      samples.push(...batch);
      batch = [];
    }
  }
  store.deploymentSamples.insertMany(batch);
  samples.push(...batch);
  for (let i = 0; i < gpus.length; i += 40) store.gpuSamples.insertMany(gpus.slice(i, i + 40));
  return { store, samples, gpus, box };
}

/** Mean of each figure per bucket of `width` from `from` (nulls left out), keyed by bucket start. */
function means<S extends { at: number }>(rows: S[], fields: Array<keyof S>, from: number, width: number) {
  const out = new Map<number, Record<string, number | null>>();
  const acc = new Map<number, Map<keyof S, number[]>>();
  for (const r of rows) {
    const at = from + Math.floor((r.at - from) / width) * width;
    const m = acc.get(at) ?? new Map(fields.map((f) => [f, [] as number[]]));
    for (const f of fields) if (r[f] !== null) m.get(f)!.push(r[f] as number);
    acc.set(at, m);
  }
  for (const [at, m] of acc)
    out.set(
      at,
      Object.fromEntries(
        fields.map((f) => [f, m.get(f)!.length ? m.get(f)!.reduce((a, b) => a + b, 0) / m.get(f)!.length : null]),
      ),
    );
  return out;
}

const FIELDS: Array<keyof DeploymentSample> = [
  'kvCacheUsage',
  'running',
  'waiting',
  'promptTps',
  'generationTps',
  'requestsPs',
  'ttftP50Ms',
  'ttftP95Ms',
  'ttftP99Ms',
  'e2eP50Ms',
  'e2eP95Ms',
  'e2eP99Ms',
  'preemptionsPs',
  'prefixHitRate',
];

function expectPointsMatch(
  report: PerformanceReport,
  samples: DeploymentSample[],
  target: string,
  from: number,
  to: number,
) {
  const expected = means(
    samples.filter((s) => s.target === target && s.at >= from && s.at < to),
    FIELDS,
    report.range.fromMs,
    report.bucketMs,
  );
  expect(report.points.map((p) => p.at)).toEqual([...expected.keys()].sort((a, b) => a - b));
  for (const p of report.points) {
    const e = expected.get(p.at)!;
    for (const f of FIELDS) {
      const got = (p as Record<string, number | null>)[f];
      if (e[f] === null) expect(got, `${f} at ${p.at}`).toBeNull();
      else expect(got, `${f} at ${p.at}`).toBeCloseTo(e[f]!, 6);
    }
  }
}

describe('dashboards.performance', () => {
  it('averages each figure per minute, hour and day as the raw samples do', () => {
    const { store, samples } = seededStore();
    for (const [from, to, bucketMs] of [
      [T0 + 3 * HOUR, T0 + 4 * HOUR, MIN],
      [T0, T0 + DAY, HOUR],
      [T0 - 20 * DAY, T0 + 22 * DAY, DAY],
    ]) {
      const report = PerformanceReport.parse(performanceReport(store, from, to));
      expect(report.bucketMs).toBe(bucketMs);
      expect(report.targets).toEqual(['a', 'b']);
      expect(report.target).toBe('a');
      expectPointsMatch(report, samples, 'a', report.range.fromMs, report.range.toMs);
    }
    const b = performanceReport(store, T0, T0 + DAY, 'b');
    expect(b.target).toBe('b');
    expectPointsMatch(b, samples, 'b', T0, T0 + DAY);
  });

  it('merges buckets into wider points by sample-weighted averages', () => {
    const { store, samples } = seededStore();
    const report = performanceReport(store, T0, T0 + 2 * DAY, 'a', 1);
    expect(report.bucketMs).toBe(2 * DAY);
    expect(report.points).toHaveLength(1);
    expectPointsMatch(report, samples, 'a', T0, T0 + 2 * DAY);
  });

  it("charts a deployment's own host's GPUs, and every host's for an endpoint", () => {
    const { store, gpus, box } = seededStore();
    const a = performanceReport(store, T0, T0 + DAY, 'a');
    expect(a.gpus.map((g) => [g.hostId, g.gpuIndex, g.label])).toEqual([
      [box.id, 0, 'GPU 0'],
      [box.id, 1, 'GPU 1'],
    ]);
    for (const g of a.gpus) {
      const expected = means(
        gpus.filter((s) => s.hostId === g.hostId && s.gpuIndex === g.gpuIndex && s.at < T0 + DAY),
        ['utilizationPct', 'memoryUsedMib', 'memoryTotalMib', 'powerW'],
        T0,
        HOUR,
      );
      expect(g.points).toHaveLength(24);
      for (const p of g.points) {
        expect(p.utilizationPct).toBeCloseTo(expected.get(p.at)!.utilizationPct!, 6);
        expect(p.powerW).toBeCloseTo(expected.get(p.at)!.powerW!, 6);
        expect(p.memoryTotalMib).toBe(81_559);
      }
    }
    const b = performanceReport(store, T0, T0 + DAY, 'b');
    expect(b.gpus.map((g) => g.label).sort()).toEqual(['gpu-box · GPU 0', 'gpu-box · GPU 1', 'local · GPU 0']);
    expect(b.gpus.find((g) => g.hostId === 'local')!.points.every((p) => p.memoryTotalMib === null)).toBe(true);
  });

  it('answers the same after retention ages the raw samples out', () => {
    const { store } = seededStore();
    const ranges = [
      [T0 + 3 * HOUR, T0 + 4 * HOUR],
      [T0, T0 + DAY],
      [T0 - 20 * DAY, T0 + 22 * DAY],
    ];
    const before = ranges.map(([f, t]) => performanceReport(store, f, t));
    store.settings.update({ retentionDays: 1 });
    applyRetention(store, { now: () => T0 + SPAN + 2 * DAY });
    expect(store.deploymentSamples.range('a', 0, T0 + 10 * DAY)).toEqual([]);
    expect(store.gpuSamples.latest('local')).toEqual([]);
    expect(ranges.map(([f, t]) => performanceReport(store, f, t))).toEqual(before);
  });

  it('gives an empty, valid answer for an empty store, and for a target with no samples', () => {
    const store = openStore();
    const empty = PerformanceReport.parse(performanceReport(store, T0, T0 + HOUR));
    expect(empty).toMatchObject({ targets: [], target: null, points: [], gpus: [] });
    const named = PerformanceReport.parse(performanceReport(store, T0, T0 + HOUR, 'nope'));
    expect(named).toMatchObject({ targets: [], target: 'nope', points: [] });
  });
});
