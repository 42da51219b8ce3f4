// The Spend page: cost per key, model group, team or deployment over a range, from the spend
// rollups only (store/spend-rollups.ts): the chart from the plan's rollup, the table and the
// local-vs-cloud figures (deployments and self-hosted vLLM) from the widest rollups that fit
// (spend-csv.ts writes the same per point).
import { MAX_POINTS, type SpendGroupBy, type SpendReport } from '../../../shared/contract-dashboards';
import { GRANULARITY_MS } from '../../../shared/granularity';
import { cloudCostUsd, localTargets } from '../gateway/local-targets';
import type { Store } from '../store';
import type { SpendFigures } from '../store/spend-rollups';
import { exactPieces, planBuckets, pointOf, pointStarts } from './buckets';

export type SeriesFigures = SpendFigures & { id: string };

const NONE_LABEL: Record<SpendGroupBy, string> = {
  key: 'No key (master key or refused)',
  team: 'No team',
  modelGroup: 'No model group (refused)',
  deployment: 'Not routed',
};

const zero = (): SpendFigures => ({ requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 });
const addTo = (f: SpendFigures, b: SpendFigures) => {
  f.requests += b.requests;
  f.errors += b.errors;
  f.promptTokens += b.promptTokens;
  f.completionTokens += b.completionTokens;
  f.costUsd += b.costUsd;
};

/** Series labels: a key's alias (else its prefix), a team's alias (else its id), names as they are. */
export function labelsFor(store: Store, groupBy: SpendGroupBy, ids: Iterable<string>): Map<string, string> {
  const known = new Map<string, string>();
  if (groupBy === 'key') for (const k of store.keys.list()) known.set(k.id, k.alias || k.prefix);
  if (groupBy === 'team') for (const t of store.teams.list()) known.set(t.id, t.alias || t.id);
  return new Map([...ids].map((id) => [id, id === '' ? NONE_LABEL[groupBy] : (known.get(id) ?? id)]));
}

/** The series of a total, largest spend first (then most requests, then by id). */
export function ordered(totals: Map<string, SpendFigures>): SeriesFigures[] {
  return [...totals]
    .map(([id, f]) => ({ id, ...f }))
    .sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || a.id.localeCompare(b.id));
}

/**
 * Per value of a dimension over [fromMs, toMs), summed from the widest rollups that fit (days in
 * the middle, hours beside them, minutes at the edges): a month by key reads about 80 rows per key
 * instead of 720.
 */
export function spendTotals(
  store: Store,
  dimension: SpendGroupBy,
  fromMs: number,
  toMs: number,
): Map<string, SpendFigures> {
  const totals = new Map<string, SpendFigures>();
  for (const piece of exactPieces(fromMs, toMs)) {
    for (const { value, ...f } of store.requestLog.spend.totalsByValue(
      piece.granularity,
      dimension,
      piece.fromMs,
      piece.toMs,
    )) {
      let t = totals.get(value);
      if (!t) totals.set(value, (t = zero()));
      addTo(t, f);
    }
  }
  return totals;
}

/**
 * Local targets over the plan's range (Switchyard's deployments and self-hosted vLLM endpoints, as
 * gateway/local-targets.ts decides): their local cost (what their requests were charged: energy,
 * or an endpoint's own price), the same tokens at the list price of the cloud model each names as
 * its cloud equivalent, and the saving. Local cost and tokens count every local target; the cloud
 * cost and the saving only those whose cloud equivalent has a known price (a saving against
 * nothing is not a saving). Other names in request_logs.deployment (cloud endpoints) are left out.
 */
export function localSavings(store: Store, usage: Map<string, SpendFigures>): SpendReport['local'] {
  const local = { energyUsd: 0, cloudEquivalentUsd: 0, savingUsd: 0, tokens: 0 };
  for (const [name, target] of localTargets(store)) {
    const u = usage.get(name);
    if (!u) continue;
    local.energyUsd += u.costUsd;
    local.tokens += u.promptTokens + u.completionTokens;
    const cloud = cloudCostUsd(target, u.promptTokens, u.completionTokens);
    if (cloud === null) continue;
    local.cloudEquivalentUsd += cloud;
    local.savingUsd += cloud - u.costUsd;
  }
  return local;
}

/**
 * The page's answer: the chart from (bucket, value, cost) rows of the plan's rollup, the table and
 * the local figures from spendTotals over the same covered range (so they add up to the chart).
 */
export function spendReport(
  store: Store,
  fromMs: number,
  toMs: number,
  groupBy: SpendGroupBy,
  maxPoints = MAX_POINTS,
): SpendReport {
  const plan = planBuckets(fromMs, toMs, maxPoints);
  const starts = pointStarts(plan);
  const costs = starts.map(() => ({}) as Record<string, number>);
  for (const [bucket, byValue] of store.requestLog.spend.costs(plan.granularity, groupBy, plan.fromMs, plan.toMs)) {
    const i = (pointOf(plan, bucket) - plan.fromMs) / plan.bucketMs;
    if (plan.bucketMs === GRANULARITY_MS[plan.granularity]) {
      costs[i] = byValue; // one rollup bucket per point: the object is the point
      continue;
    }
    for (const [value, cost] of Object.entries(byValue)) costs[i][value] = (costs[i][value] ?? 0) + cost;
  }
  const totals = spendTotals(store, groupBy, plan.fromMs, plan.toMs);
  const series = ordered(totals);
  const labels = labelsFor(store, groupBy, totals.keys());
  return {
    range: { fromMs: plan.fromMs, toMs: plan.toMs },
    groupBy,
    bucketMs: plan.bucketMs,
    series: series.map((t) => ({ id: t.id, label: labels.get(t.id)! })),
    points: starts.map((at, i) => ({ at, costUsd: costs[i] })),
    totals: series.map((t) => ({ ...t, label: labels.get(t.id)! })),
    totalUsd: series.reduce((sum, t) => sum + t.costUsd, 0),
    local: localSavings(
      store,
      groupBy === 'deployment' ? totals : spendTotals(store, 'deployment', plan.fromMs, plan.toMs),
    ),
  };
}
