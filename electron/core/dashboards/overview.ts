// The Overview page's tiles. Spend and requests come from the spend rollups (exact to the minute:
// days, hours and minutes pieced together); "now" figures from the last minute of raw samples, found
// by the samples' `at` index, and each target's newest sample by the (target, at) index, so every
// read costs the same whatever the history holds.
import type { OverviewTiles } from '../../../shared/contract-dashboards';
import { HOUR_MS } from '../../../shared/granularity';
import type { Clock } from '../clock';
import type { Store } from '../store';
import type { SpendFigures } from '../store/spend-rollups';
import { exactPieces, localDayStart, localMonthStart } from './buckets';

const NOW_WINDOW_MS = 60_000;

/** All traffic in [fromMs, toMs), to the minute. */
export function trafficBetween(store: Store, fromMs: number, toMs: number): SpendFigures {
  const sum: SpendFigures = { requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
  for (const p of exactPieces(fromMs, toMs)) {
    const t = store.requestLog.spend.total(p.granularity, p.fromMs, p.toMs);
    sum.requests += t.requests;
    sum.errors += t.errors;
    sum.promptTokens += t.promptTokens;
    sum.completionTokens += t.completionTokens;
    sum.costUsd += t.costUsd;
  }
  return sum;
}

/** Deployments, hosted_vllm endpoints and whatever else was scraped in the last minute, by name. */
function kvTargets(store: Store, recentTargets: Iterable<string>): string[] {
  const names = new Set<string>(recentTargets);
  for (const d of store.deployments.list()) names.add(d.name);
  for (const e of store.endpoints.list()) if (e.provider === 'hosted_vllm') names.add(e.name);
  return [...names].sort();
}

export function overviewTiles(store: Store, clock: Clock): OverviewTiles {
  const now = clock.now();
  const end = now + 1; // ranges are end-exclusive: keep what landed this very millisecond

  const dayStart = localDayStart(now);
  const today = trafficBetween(store, dayStart, end);
  const month = trafficBetween(store, localMonthStart(now), end);
  const lastHour = trafficBetween(store, now - HOUR_MS, end);

  // The newest sample of each target scraped in the last minute.
  const newest = new Map<string, { promptTps: number | null; generationTps: number | null }>();
  for (const s of store.deploymentSamples.since(now - NOW_WINDOW_MS)) newest.set(s.target, s);
  let tokensPerSecondNow: number | null = null;
  for (const s of newest.values()) {
    if (s.promptTps === null && s.generationTps === null) continue;
    tokensPerSecondNow = (tokensPerSecondNow ?? 0) + (s.promptTps ?? 0) + (s.generationTps ?? 0);
  }

  const kvUsage = kvTargets(store, newest.keys()).map((target) => {
    const s = store.deploymentSamples.latestOf(target);
    return { target, kvCacheUsage: s?.kvCacheUsage ?? null, at: s?.at ?? null };
  });

  const gpus = store.hosts
    .list()
    .flatMap((h) => store.gpuSamples.latest(h.id))
    .map((g) => ({
      hostId: g.hostId,
      gpuIndex: g.gpuIndex,
      utilizationPct: g.utilizationPct,
      memoryUsedMib: g.memoryUsedMib,
      memoryTotalMib: g.memoryTotalMib,
      powerW: g.powerW,
      at: g.at,
    }));

  // Today's spend per hour (the hour holding local midnight whole, for zones off by half an hour).
  const sparkFrom = Math.floor(dayStart / HOUR_MS) * HOUR_MS;
  const perHour = new Map<number, number>();
  for (let at = sparkFrom; at < end; at += HOUR_MS) perHour.set(at, 0);
  for (const [bucket, byDeployment] of store.requestLog.spend.costs('hour', 'deployment', sparkFrom, end)) {
    perHour.set(
      bucket,
      Object.values(byDeployment).reduce((sum, usd) => sum + usd, 0),
    );
  }

  return {
    spendTodayUsd: today.costUsd,
    spendMonthUsd: month.costUsd,
    tokensPerSecondNow,
    requestsLastHour: lastHour.requests,
    errorRateLastHour: lastHour.requests ? lastHour.errors / lastHour.requests : null,
    kvUsage,
    gpus,
    spendSparkline: [...perHour].map(([at, costUsd]) => ({ at, costUsd })),
  };
}
