// The Performance page: one target's engine figures over a range, and its host's GPUs, from the
// sample rollups only (deployment_sample_minutes / deployment_sample_rollups, gpu_sample_rollups).
// Each point is the average of its bucket. Percentiles (TTFT, end-to-end latency) are the average
// of the per-scrape percentiles in the bucket: not the true percentile of the bucket's requests
// (the histograms are not kept), but close at a steady load and honest about trends.
import { MAX_POINTS, type PerformancePoint, type PerformanceReport } from '../../../shared/contract-dashboards';
import type { Store } from '../store';
import { FIGURE_ORDER } from '../store/deployment-samples';
import type { GpuSampleBucket } from '../store/gpu-samples';
import { planBuckets, pointOf, type BucketPlan } from './buckets';

const FIGURES = [
  'promptTps',
  'generationTps',
  'requestsPs',
  'e2eP50Ms',
  'e2eP95Ms',
  'e2eP99Ms',
  'ttftP50Ms',
  'ttftP95Ms',
  'ttftP99Ms',
  'kvCacheUsage',
  'running',
  'waiting',
  'preemptionsPs',
  'prefixHitRate',
] as const satisfies ReadonlyArray<Exclude<keyof PerformancePoint, 'at'>>;

const GPU_FIGURES = ['utilizationPct', 'memoryUsedMib', 'memoryTotalMib', 'powerW'] as const;

/**
 * Groups buckets by the plan's point and averages each figure weighted by how many samples it
 * averages, nulls left out (a figure no bucket had stays null). With one rollup bucket per point
 * this is the bucket's own average. `read` gives a bucket's [average, weight] of figure i.
 */
function mergeByPoint<B, F extends string>(
  plan: BucketPlan,
  buckets: B[],
  bucketOf: (b: B) => number,
  figures: readonly F[],
  read: (b: B, i: number) => [number | null, number],
): Array<{ at: number } & Record<F, number | null>> {
  const points = new Map<number, { sums: number[]; weights: number[] }>();
  for (const b of buckets) {
    const at = pointOf(plan, bucketOf(b));
    let p = points.get(at);
    if (!p) points.set(at, (p = { sums: figures.map(() => 0), weights: figures.map(() => 0) }));
    for (let i = 0; i < figures.length; i++) {
      const [avg, weight] = read(b, i);
      if (avg === null || weight === 0) continue;
      p.sums[i] += avg * weight;
      p.weights[i] += weight;
    }
  }
  return [...points]
    .sort(([a], [b]) => a - b)
    .map(([at, p]) => {
      const point = { at } as { at: number } & Record<F, number | null>;
      figures.forEach((f, i) => {
        (point as Record<F, number | null>)[f] = p.weights[i] ? p.sums[i] / p.weights[i] : null;
      });
      return point;
    });
}

function gpuSeries(store: Store, plan: BucketPlan, hostIds: string[]): PerformanceReport['gpus'] {
  const hosts = new Map(store.hosts.list().map((h) => [h.id, h]));
  const several = hostIds.length > 1;
  return hostIds.flatMap((hostId) => {
    const byGpu = new Map<number, GpuSampleBucket[]>();
    for (const b of store.gpuSamples.buckets(plan.granularity, hostId, plan.fromMs, plan.toMs)) {
      const list = byGpu.get(b.gpuIndex) ?? [];
      list.push(b);
      byGpu.set(b.gpuIndex, list);
    }
    const hostName = hosts.get(hostId)?.name ?? hostId;
    return [...byGpu].map(([gpuIndex, buckets]) => ({
      hostId,
      gpuIndex,
      label: several ? `${hostName} · GPU ${gpuIndex}` : `GPU ${gpuIndex}`,
      points: mergeByPoint(
        plan,
        buckets,
        (b) => b.bucket,
        GPU_FIGURES,
        (b, i) => [b[GPU_FIGURES[i]], b.samples],
      ),
    }));
  });
}

/** `maxPoints` is the contract's MAX_POINTS; tests pass fewer to see points merged. */
export function performanceReport(
  store: Store,
  fromMs: number,
  toMs: number,
  wanted?: string,
  maxPoints = MAX_POINTS,
): PerformanceReport {
  const plan = planBuckets(fromMs, toMs, maxPoints);
  const targets = store.deploymentSamples.targetsWithBuckets(plan.granularity, plan.fromMs, plan.toMs);
  const target = wanted ?? targets[0] ?? null;
  // Rows are [bucket, avg, weight, avg, weight, …] in FIGURE_ORDER; FIGURES index into it.
  const column = FIGURES.map((f) => 1 + 2 * FIGURE_ORDER.indexOf(f));
  const points =
    target === null
      ? []
      : mergeByPoint(
          plan,
          store.deploymentSamples.averages(plan.granularity, target, plan.fromMs, plan.toMs),
          (row) => row[0],
          FIGURES,
          (row, i) => [row[column[i]], row[column[i] + 1]],
        );
  // A local deployment's own host; for an endpoint (or nothing), every host's GPUs.
  const deployment = target === null ? null : store.deployments.getByName(target);
  const hostIds = deployment ? [deployment.hostId] : store.hosts.list().map((h) => h.id);
  return {
    range: { fromMs: plan.fromMs, toMs: plan.toMs },
    targets,
    target,
    bucketMs: plan.bucketMs,
    points,
    gpus: gpuSeries(store, plan, hostIds),
  };
}
