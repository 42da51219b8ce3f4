// The Performance page: one target's engine figures over a range, and its host's GPUs, from the
// sample rollups only (deployment_sample_minutes / deployment_sample_rollups, gpu_sample_rollups).
// Each point is the average of its bucket. Percentiles (TTFT, end-to-end latency) are the average
// of the per-scrape percentiles in the bucket: not the true percentile of the bucket's requests
// (the histograms are not kept), but close at a steady load and honest about trends.
import { MAX_POINTS, type PerformancePoint, type PerformanceReport } from '../../../shared/contract-dashboards';
import type { Store } from '../store';
import type { DeploymentSampleBucket } from '../store/deployment-samples';
import type { GpuSampleBucket } from '../store/gpu-samples';
import { planBuckets, pointOf, type BucketPlan } from './buckets';

const FIGURES = [
  'promptTps', 'generationTps', 'requestsPs', 'e2eP50Ms', 'e2eP95Ms', 'e2eP99Ms', 'ttftP50Ms', 'ttftP95Ms', 'ttftP99Ms',
  'kvCacheUsage', 'running', 'waiting', 'preemptionsPs', 'prefixHitRate',
] as const satisfies ReadonlyArray<Exclude<keyof PerformancePoint, 'at'>>;

const GPU_FIGURES = ['utilizationPct', 'memoryUsedMib', 'memoryTotalMib', 'powerW'] as const;

/**
 * Groups buckets by the plan's point and averages each figure weighted by sample count, nulls
 * left out (a figure no bucket had stays null). With one rollup bucket per point this is the
 * bucket's own average.
 */
function mergeByPoint<B extends { bucket: number; samples: number }, F extends string>(
  plan: BucketPlan, buckets: B[], figures: readonly F[], read: (b: B, f: F) => number | null,
): Array<{ at: number } & Record<F, number | null>> {
  const points = new Map<number, { sums: number[]; weights: number[] }>();
  for (const b of buckets) {
    const at = pointOf(plan, b.bucket);
    let p = points.get(at);
    if (!p) points.set(at, (p = { sums: figures.map(() => 0), weights: figures.map(() => 0) }));
    figures.forEach((f, i) => {
      const v = read(b, f);
      if (v === null) return;
      p!.sums[i] += v * b.samples;
      p!.weights[i] += b.samples;
    });
  }
  return [...points].sort(([a], [b]) => a - b).map(([at, p]) => {
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
      hostId, gpuIndex, label: several ? `${hostName} · GPU ${gpuIndex}` : `GPU ${gpuIndex}`,
      points: mergeByPoint(plan, buckets, GPU_FIGURES, (b, f) => b[f]),
    }));
  });
}

/** `maxPoints` is the contract's MAX_POINTS; tests pass fewer to see points merged. */
export function performanceReport(store: Store, fromMs: number, toMs: number, wanted?: string, maxPoints = MAX_POINTS): PerformanceReport {
  const plan = planBuckets(fromMs, toMs, maxPoints);
  const targets = store.deploymentSamples.targetsWithBuckets(plan.granularity, plan.fromMs, plan.toMs);
  const target = wanted ?? targets[0] ?? null;
  const points = target === null ? [] : mergeByPoint(
    plan, store.deploymentSamples.buckets(plan.granularity, target, plan.fromMs, plan.toMs), FIGURES,
    (b: DeploymentSampleBucket, f) => b[f].avg,
  );
  // A local deployment's own host; for an endpoint (or nothing), every host's GPUs.
  const deployment = target === null ? null : store.deployments.getByName(target);
  const hostIds = deployment ? [deployment.hostId] : store.hosts.list().map((h) => h.id);
  return {
    range: { fromMs: plan.fromMs, toMs: plan.toMs },
    targets, target, bucketMs: plan.bucketMs, points, gpus: gpuSeries(store, plan, hostIds),
  };
}
