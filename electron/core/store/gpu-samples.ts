// GPU samples: one row per GPU per sampling pass (docker/gpu-sampler.ts), with what nvidia-smi
// reported. The Hosts & GPUs page reads the latest pass; the energy pricer reads average power.
// Minute, hour and day rollups per GPU (sums and counts of each figure, nulls left out; peaks) are
// added to in the transaction that lands a pass and stay when raw rows age out; the Performance
// page reads those.
// Times are epoch ms; a null field is one the board did not report.
import type Database from 'better-sqlite3';
import { bucketStart, GRANULARITIES, type Granularity } from '../../../shared/granularity';
import { prepareAll } from './prepared-reads';

export interface GpuSample {
  at: number;
  hostId: string;
  gpuIndex: number;
  uuid: string;
  utilizationPct: number | null;
  memoryUsedMib: number | null;
  memoryTotalMib: number | null;
  powerW: number | null;
  temperatureC: number | null;
}

/** One GPU's bucket: average figures over its samples, and the peaks of utilisation and power. */
export interface GpuSampleBucket {
  hostId: string;
  gpuIndex: number;
  bucket: number;
  samples: number;
  utilizationPct: number | null;
  utilizationPctMax: number | null;
  memoryUsedMib: number | null;
  memoryTotalMib: number | null;
  powerW: number | null;
  powerWMax: number | null;
}

/** One sample added to its bucket: sums and counts of the figures it has, and peaks. */
const ADD_TO_BUCKET = `
  INSERT INTO gpu_sample_rollups (granularity, host_id, gpu_index, bucket, samples, utilization_pct_sum, utilization_pct_n, utilization_pct_max,
    memory_used_mib_sum, memory_used_mib_n, memory_total_mib_sum, memory_total_mib_n, power_w_sum, power_w_n, power_w_max)
  VALUES (@granularity, @hostId, @gpuIndex, @bucket, 1, @utilizationPct, @utilizationPct IS NOT NULL, @utilizationPct,
    @memoryUsedMib, @memoryUsedMib IS NOT NULL, @memoryTotalMib, @memoryTotalMib IS NOT NULL, @powerW, @powerW IS NOT NULL, @powerW)
  ON CONFLICT (granularity, host_id, gpu_index, bucket) DO UPDATE SET samples = samples + 1, ${[
    'utilization_pct',
    'memory_used_mib',
    'memory_total_mib',
    'power_w',
  ]
    .map(
      (c) => `
    ${c}_sum = CASE WHEN excluded.${c}_sum IS NULL THEN ${c}_sum ELSE coalesce(${c}_sum, 0) + excluded.${c}_sum END,
    ${c}_n = ${c}_n + excluded.${c}_n`,
    )
    .join(',')},
    utilization_pct_max = coalesce(max(utilization_pct_max, excluded.utilization_pct_max), utilization_pct_max, excluded.utilization_pct_max),
    power_w_max = coalesce(max(power_w_max, excluded.power_w_max), power_w_max, excluded.power_w_max)`;

type BucketRow = {
  host_id: string;
  gpu_index: number;
  bucket: number;
  samples: number;
  utilization_pct_sum: number | null;
  utilization_pct_n: number;
  utilization_pct_max: number | null;
  memory_used_mib_sum: number | null;
  memory_used_mib_n: number;
  memory_total_mib_sum: number | null;
  memory_total_mib_n: number;
  power_w_sum: number | null;
  power_w_n: number;
  power_w_max: number | null;
};

const mean = (sum: number | null, n: number) => (n > 0 && sum !== null ? sum / n : null);
const toBucket = (r: BucketRow): GpuSampleBucket => ({
  hostId: r.host_id,
  gpuIndex: r.gpu_index,
  bucket: r.bucket,
  samples: r.samples,
  utilizationPct: mean(r.utilization_pct_sum, r.utilization_pct_n),
  utilizationPctMax: r.utilization_pct_max,
  memoryUsedMib: mean(r.memory_used_mib_sum, r.memory_used_mib_n),
  memoryTotalMib: mean(r.memory_total_mib_sum, r.memory_total_mib_n),
  powerW: mean(r.power_w_sum, r.power_w_n),
  powerWMax: r.power_w_max,
});

type Row = {
  at: number;
  host_id: string;
  gpu_index: number;
  uuid: string;
  utilization_pct: number | null;
  memory_used_mib: number | null;
  memory_total_mib: number | null;
  power_w: number | null;
  temperature_c: number | null;
};

const toSample = (r: Row): GpuSample => ({
  at: r.at,
  hostId: r.host_id,
  gpuIndex: r.gpu_index,
  uuid: r.uuid,
  utilizationPct: r.utilization_pct,
  memoryUsedMib: r.memory_used_mib,
  memoryTotalMib: r.memory_total_mib,
  powerW: r.power_w,
  temperatureC: r.temperature_c,
});

/**
 * The reads the Overview and Performance pages make, by name, prepared once per store: each a
 * range of the rollups' primary key or of the (host_id, at) index; test/dashboards/query-plans.test.ts
 * checks each one's plan with EXPLAIN QUERY PLAN.
 */
export const GPU_READS = {
  gpusOfDays: `
  SELECT DISTINCT gpu_index FROM gpu_sample_rollups WHERE granularity = 'day' AND host_id = ? AND bucket >= ? AND bucket < ?
  ORDER BY gpu_index`,
  buckets: `
  SELECT * FROM gpu_sample_rollups WHERE granularity = ? AND host_id = ? AND gpu_index = ? AND bucket >= ? AND bucket < ?
  ORDER BY bucket`,
  latest: `
  SELECT * FROM gpu_samples
  WHERE host_id = ? AND at = (SELECT max(at) FROM gpu_samples WHERE host_id = ?)
  ORDER BY gpu_index`,
} as const;

export class GpuSamplesRepo {
  private readonly insert: Database.Statement;
  private readonly addToBucket: Database.Statement;
  private readonly read: Record<keyof typeof GPU_READS, Database.Statement>;

  constructor(private readonly db: Database.Database) {
    this.read = prepareAll(db, GPU_READS);
    this.insert = db.prepare(`
      INSERT INTO gpu_samples (at, host_id, gpu_index, uuid, utilization_pct, memory_used_mib, memory_total_mib, power_w, temperature_c)
      VALUES (@at, @hostId, @gpuIndex, @uuid, @utilizationPct, @memoryUsedMib, @memoryTotalMib, @powerW, @temperatureC)`);
    this.addToBucket = db.prepare(ADD_TO_BUCKET);
  }

  /** Stores a batch and brings the minutes, hours and days it touches up to date, in one transaction. */
  insertMany(samples: GpuSample[]): void {
    if (!samples.length) return;
    this.db.transaction(() => {
      for (const s of samples) {
        this.insert.run(s);
        for (const granularity of GRANULARITIES) {
          this.addToBucket.run({
            ...s,
            granularity,
            bucket: bucketStart(granularity, s.at),
          });
        }
      }
    })();
  }

  /**
   * A host's GPU buckets of one width starting in [fromMs, toMs), by GPU index then time. The GPUs
   * come from the day rollups, then each is read by a range seek on its stretch of the key.
   */
  buckets(granularity: Granularity, hostId: string, fromMs: number, toMs: number): GpuSampleBucket[] {
    const gpus = this.read.gpusOfDays.pluck().all(hostId, bucketStart('day', fromMs), toMs) as number[];
    return gpus.flatMap((gpuIndex) =>
      (this.read.buckets.all(granularity, hostId, gpuIndex, fromMs, toMs) as BucketRow[]).map(toBucket),
    );
  }

  /** The host's GPUs as its last sampling pass saw them, by GPU index; empty when never sampled. */
  latest(hostId: string): GpuSample[] {
    return (this.read.latest.all(hostId, hostId) as Row[]).map(toSample);
  }

  /**
   * The host's average total GPU power over [fromMs, toMs), watts: the GPUs' draws are summed per
   * pass, and the passes averaged. Null when no pass in the range reported any power.
   */
  averagePowerW(hostId: string, fromMs: number, toMs: number): number | null {
    return (
      this.db
        .prepare(`
      SELECT avg(total) AS w FROM (
        SELECT sum(power_w) AS total FROM gpu_samples
        WHERE host_id = ? AND at >= ? AND at < ? AND power_w IS NOT NULL
        GROUP BY at)`)
        .get(hostId, fromMs, toMs) as { w: number | null }
    ).w;
  }

  /** Deletes raw samples older than `beforeMs` (the rollups stay); returns how many went. */
  deleteOlderThan(beforeMs: number): number {
    return this.db.prepare(`DELETE FROM gpu_samples WHERE at < ?`).run(beforeMs).changes;
  }
}
