// The Spend page's queries on real SQLite files: rows written through the request-log repo and
// rolled up by it, answers checked against sums computed here from the same rows.
import { describe, expect, it } from 'vitest';
import { spendReport } from '../../electron/core/dashboards/spend';
import { applyRetention } from '../../electron/core/retention';
import { MAX_POINTS, SpendReport, type SpendGroupBy } from '../../shared/contract-dashboards';
import { DeploymentSpec } from '../../shared/deployment-schemas';
import { useTempStores } from '../support/temp-store';
import { expectedTotals, FIELD, randomRows, requestRow } from './support';

const { openStore } = useTempStores('dashboards-spend');

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 9, 1); // a UTC midnight
const GROUPS: SpendGroupBy[] = ['key', 'modelGroup', 'team', 'deployment'];

function seededStore() {
  const store = openStore();
  const k1 = store.keys.create({ alias: 'ci, "nightly"', models: [] }).info;
  const k2 = store.keys.create({ models: [] }).info;
  const team = store.teams.create({ alias: 'research' });
  const rows = randomRows(3000, T0, T0 + 30 * DAY, {
    keyId: [k1.id, k2.id, null],
    teamId: [team.id, null],
    modelGroup: ['chat', 'code', 'embed', null],
    deployment: ['qwen', 'llama', 'cloud-gpt', null],
  });
  // Written in several batches, each folded into the rollups as it lands, as the gateway writes them.
  for (let i = 0; i < rows.length; i += 700) store.requestLog.insertMany(rows.slice(i, i + 700));
  return { store, rows, k1, k2, team };
}

const sumPoints = (r: SpendReport, id: string) => r.points.reduce((s, p) => s + (p.costUsd[id] ?? 0), 0);

describe('dashboards.spend', () => {
  it('totals every series as the rows add up, for each grouping, and the chart adds up to the table', () => {
    const { store, rows } = seededStore();
    for (const groupBy of GROUPS) {
      const report = SpendReport.parse(spendReport(store, T0, T0 + 30 * DAY, groupBy));
      const expected = expectedTotals(rows, FIELD[groupBy], T0, T0 + 30 * DAY);
      expect(report.range).toEqual({ fromMs: T0, toMs: T0 + 30 * DAY });
      expect(report.bucketMs).toBe(HOUR);
      expect(report.points).toHaveLength(30 * 24);
      expect(report.totals.map((t) => t.id).sort()).toEqual([...expected.keys()].sort());
      for (const t of report.totals) {
        const e = expected.get(t.id)!;
        expect({ ...t, costUsd: 0, label: '' }).toEqual({ id: t.id, label: '', ...e, costUsd: 0 });
        expect(t.costUsd).toBeCloseTo(e.costUsd, 9);
        expect(sumPoints(report, t.id)).toBeCloseTo(e.costUsd, 9);
      }
      const costs = report.totals.map((t) => t.costUsd);
      expect(costs).toEqual([...costs].sort((a, b) => b - a));
      expect(report.series.map((s) => s.id)).toEqual(report.totals.map((t) => t.id));
      expect(report.totalUsd).toBeCloseTo(
        [...expected.values()].reduce((s, e) => s + e.costUsd, 0),
        9,
      );
    }
  });

  it('labels keys by alias (else prefix), teams by alias, and names the missing one', () => {
    const { store, k1, k2, team } = seededStore();
    const byKey = new Map(spendReport(store, T0, T0 + 30 * DAY, 'key').series.map((s) => [s.id, s.label]));
    expect(byKey.get(k1.id)).toBe('ci, "nightly"');
    expect(byKey.get(k2.id)).toBe(k2.prefix);
    expect(byKey.get('')).toMatch(/no key/i);
    const byTeam = new Map(spendReport(store, T0, T0 + 30 * DAY, 'team').series.map((s) => [s.id, s.label]));
    expect(byTeam.get(team.id)).toBe('research');
    expect(byTeam.get('')).toMatch(/no team/i);
  });

  it('reads minutes up to ~16 h, hours up to ~41 days, days beyond, always within MAX_POINTS', () => {
    const { store, rows } = seededStore();
    const cases: Array<[number, number]> = [
      [HOUR, 60_000],
      [16 * HOUR, 60_000],
      [17 * HOUR, HOUR],
      [41 * DAY, HOUR],
      [42 * DAY, DAY],
      [400 * DAY, DAY],
    ];
    for (const [span, bucketMs] of cases) {
      const report = spendReport(store, T0, T0 + span, 'modelGroup');
      expect(report.bucketMs, `span ${span}`).toBe(bucketMs);
      expect(report.points.length).toBeLessThanOrEqual(MAX_POINTS);
      const expected = [...expectedTotals(rows, 'modelGroup', T0, T0 + span).values()].reduce(
        (s, e) => s + e.costUsd,
        0,
      );
      expect(report.totalUsd).toBeCloseTo(expected, 9);
    }
  });

  it('widens a range to whole buckets and says so in `range`', () => {
    const { store, rows } = seededStore();
    const from = T0 + 5 * DAY + 17 * 60_000 + 123; // a 24 h range that starts mid-hour
    const report = spendReport(store, from, from + DAY, 'deployment');
    const covered = { fromMs: T0 + 5 * DAY, toMs: T0 + 6 * DAY + HOUR };
    expect(report.range).toEqual(covered);
    expect(report.points[0].at).toBe(covered.fromMs);
    expect(report.points).toHaveLength(25);
    const expected = [...expectedTotals(rows, 'deployment', covered.fromMs, covered.toMs).values()].reduce(
      (s, e) => s + e.costUsd,
      0,
    );
    expect(report.totalUsd).toBeCloseTo(expected, 9);
  });

  it('merges buckets when even the widest rollup has too many, keeping every sum', () => {
    const { store, rows } = seededStore();
    const report = spendReport(store, T0, T0 + 30 * DAY, 'key', 7);
    expect(report.points.length).toBeLessThanOrEqual(7);
    expect(report.bucketMs).toBe(5 * DAY); // 720 hours > 7, 30 days > 7 → 5 days a point
    const expected = expectedTotals(rows, 'keyId', T0, T0 + 30 * DAY);
    for (const [id, e] of expected) expect(sumPoints(report, id)).toBeCloseTo(e.costUsd, 9);
  });

  it('sets local energy cost beside the cloud-equivalent cost and the saving', () => {
    const store = openStore();
    store.deployments.insert(
      DeploymentSpec.parse({ name: 'qwen', model: 'Qwen/Qwen3-8B', cloudEquivalent: 'openai/gpt-4o-mini' }),
      'qwen',
      8001,
      T0,
    );
    store.deployments.insert(DeploymentSpec.parse({ name: 'plain', model: 'Qwen/Qwen3-8B' }), 'plain', 8002, T0);
    const dims = (deployment: string) => ({ keyId: null, teamId: null, modelGroup: 'g', deployment });
    store.requestLog.insertMany([
      requestRow(T0 + 1000, dims('qwen'), { promptTokens: 1000, completionTokens: 500, costUsd: 0.0001 }),
      requestRow(T0 + 2000, dims('qwen'), { promptTokens: 3000, completionTokens: 1000, costUsd: 0.0001 }),
      requestRow(T0 + 3000, dims('plain'), { promptTokens: 10, completionTokens: 10, costUsd: 0.005 }),
      requestRow(T0 + 4000, dims('cloud-endpoint'), { promptTokens: 99, completionTokens: 99, costUsd: 0.9 }),
    ]);
    const { local } = spendReport(store, T0, T0 + HOUR, 'team');
    // gpt-4o-mini: 4,000 × $0.15/M + 1,500 × $0.60/M = $0.0015 for qwen's tokens, which cost $0.0002 in energy.
    expect(local.energyUsd).toBeCloseTo(0.0052, 12);
    expect(local.cloudEquivalentUsd).toBeCloseTo(0.0015, 12);
    expect(local.savingUsd).toBeCloseTo(0.0013, 12);
    expect(local.tokens).toBe(5520);
    expect(spendReport(store, T0, T0 + HOUR, 'deployment').local).toEqual(local);
  });

  it('counts a self-hosted vLLM endpoint as local: its charged cost beside its cloud equivalent; cloud endpoints stay out', () => {
    const store = openStore();
    const endpoint = (name: string, provider: 'hosted_vllm' | 'openai', cloudEquivalent: string | null) =>
      store.endpoints.upsert({
        name,
        provider,
        baseUrl: 'http://gpu-box:8000/v1',
        model: 'llama-3.1-8b',
        apiKeyCipher: null,
        maxModelLen: null,
        inputCostPerToken: 0.03e-6,
        outputCostPerToken: 0.08e-6,
        rpmLimit: null,
        tpmLimit: null,
        timeoutMs: null,
        cloudEquivalent,
      });
    endpoint('lab-vllm', 'hosted_vllm', 'openai/gpt-4.1-mini');
    endpoint('cloud-endpoint', 'openai', 'openai/gpt-4.1-mini');
    store.deployments.insert(
      DeploymentSpec.parse({ name: 'qwen', model: 'Qwen/Qwen3-8B', cloudEquivalent: 'openai/gpt-4o-mini' }),
      'qwen',
      8001,
      T0,
    );
    const dims = (deployment: string) => ({ keyId: null, teamId: null, modelGroup: 'g', deployment });
    store.requestLog.insertMany([
      requestRow(T0 + 1000, dims('lab-vllm'), { promptTokens: 10_000, completionTokens: 5000, costUsd: 0.0007 }),
      requestRow(T0 + 2000, dims('qwen'), { promptTokens: 1000, completionTokens: 500, costUsd: 0.0001 }),
      requestRow(T0 + 3000, dims('cloud-endpoint'), { promptTokens: 99, completionTokens: 99, costUsd: 0.9 }),
    ]);
    const { local } = spendReport(store, T0, T0 + HOUR, 'modelGroup');
    // lab-vllm at gpt-4.1-mini: 10,000 × $0.40/M + 5,000 × $1.60/M = $0.004 + $0.008 = $0.012, charged $0.0007;
    // qwen at gpt-4o-mini: 1,000 × $0.15/M + 500 × $0.60/M = $0.00045, charged $0.0001.
    expect(local.energyUsd).toBeCloseTo(0.0008, 12);
    expect(local.cloudEquivalentUsd).toBeCloseTo(0.01245, 12);
    expect(local.savingUsd).toBeCloseTo(0.01165, 12);
    expect(local.tokens).toBe(16_500);
    expect(spendReport(store, T0, T0 + HOUR, 'deployment').local).toEqual(local);
  });

  it('answers the same after retention ages the raw rows out', () => {
    const { store } = seededStore();
    const now = T0 + 30 * DAY;
    const before = GROUPS.map((g) => spendReport(store, T0, now, g));
    store.settings.update({ retentionDays: 7 });
    const total = store.requestLog.count();
    applyRetention(store, { now: () => now });
    expect(store.requestLog.count()).toBeLessThan(total / 3);
    expect(GROUPS.map((g) => spendReport(store, T0, now, g))).toEqual(before);
  });

  it('gives an empty, valid answer for an empty store', () => {
    const store = openStore();
    const report = SpendReport.parse(spendReport(store, T0, T0 + DAY, 'key'));
    expect(report.series).toEqual([]);
    expect(report.totals).toEqual([]);
    expect(report.totalUsd).toBe(0);
    expect(report.points).toHaveLength(24);
    expect(report.points.every((p) => Object.keys(p.costUsd).length === 0)).toBe(true);
    expect(report.local).toEqual({ energyUsd: 0, cloudEquivalentUsd: 0, savingUsd: 0, tokens: 0 });
  });
});
