// GPU samples: one row per GPU per sampling pass (docker/gpu-sampler.ts), with what nvidia-smi
// reported. The Hosts & GPUs page reads the latest pass; the energy pricer reads average power.
// Minute, hour and day rollups per GPU (averages, nulls left out; peaks) are rewritten in the
// transaction that lands a pass (each minute from its raw rows, each hour from its minutes, each day
// from its hours) and stay when raw rows age out; the Performance page reads those.
// Times are epoch ms; a null field is one the board did not report.
import type Database from 'better-sqlite3';

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

export type GpuGranularity = 'minute' | 'hour' | 'day';

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

const WIDTH_MS: Record<GpuGranularity, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const ROLLUP_COLUMNS = `granularity, host_id, gpu_index, bucket, samples, utilization_pct_avg, utilization_pct_max,
  memory_used_mib_avg, memory_total_mib_avg, power_w_avg, power_w_max`;
const weighted = (c: string) => `sum(${c} * samples) / sum(CASE WHEN ${c} IS NOT NULL THEN samples END)`;
/** Hour from minutes, day from hours: averages weighted by sample counts. */
const mergeFrom = (finer: GpuGranularity, coarser: GpuGranularity) => `
  INSERT OR REPLACE INTO gpu_sample_rollups (${ROLLUP_COLUMNS})
  SELECT '${coarser}', @hostId, @gpuIndex, @bucket, sum(samples), ${weighted('utilization_pct_avg')}, max(utilization_pct_max),
    ${weighted('memory_used_mib_avg')}, ${weighted('memory_total_mib_avg')}, ${weighted('power_w_avg')}, max(power_w_max)
  FROM gpu_sample_rollups WHERE granularity = '${finer}' AND host_id = @hostId AND gpu_index = @gpuIndex
    AND bucket >= @bucket AND bucket < @bucket + ${WIDTH_MS[coarser]}
  HAVING count(*) > 0`;

type BucketRow = {
  host_id: string; gpu_index: number; bucket: number; samples: number; utilization_pct_avg: number | null; utilization_pct_max: number | null;
  memory_used_mib_avg: number | null; memory_total_mib_avg: number | null; power_w_avg: number | null; power_w_max: number | null;
};

const toBucket = (r: BucketRow): GpuSampleBucket => ({
  hostId: r.host_id, gpuIndex: r.gpu_index, bucket: r.bucket, samples: r.samples, utilizationPct: r.utilization_pct_avg,
  utilizationPctMax: r.utilization_pct_max, memoryUsedMib: r.memory_used_mib_avg, memoryTotalMib: r.memory_total_mib_avg,
  powerW: r.power_w_avg, powerWMax: r.power_w_max,
});

type Row = {
  at: number; host_id: string; gpu_index: number; uuid: string; utilization_pct: number | null; memory_used_mib: number | null;
  memory_total_mib: number | null; power_w: number | null; temperature_c: number | null;
};

const toSample = (r: Row): GpuSample => ({
  at: r.at, hostId: r.host_id, gpuIndex: r.gpu_index, uuid: r.uuid, utilizationPct: r.utilization_pct, memoryUsedMib: r.memory_used_mib,
  memoryTotalMib: r.memory_total_mib, powerW: r.power_w, temperatureC: r.temperature_c,
});

export class GpuSamplesRepo {
  private readonly insert: Database.Statement;
  private readonly rollups: Record<GpuGranularity, Database.Statement>;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`
      INSERT INTO gpu_samples (at, host_id, gpu_index, uuid, utilization_pct, memory_used_mib, memory_total_mib, power_w, temperature_c)
      VALUES (@at, @hostId, @gpuIndex, @uuid, @utilizationPct, @memoryUsedMib, @memoryTotalMib, @powerW, @temperatureC)`);
    this.rollups = {
      minute: db.prepare(`
        INSERT OR REPLACE INTO gpu_sample_rollups (${ROLLUP_COLUMNS})
        SELECT 'minute', @hostId, @gpuIndex, @bucket, count(*), avg(utilization_pct), max(utilization_pct),
          avg(memory_used_mib), avg(memory_total_mib), avg(power_w), max(power_w)
        FROM gpu_samples WHERE host_id = @hostId AND at >= @bucket AND at < @bucket + ${WIDTH_MS.minute} AND gpu_index = @gpuIndex
        HAVING count(*) > 0`),
      hour: db.prepare(mergeFrom('minute', 'hour')),
      day: db.prepare(mergeFrom('hour', 'day')),
    };
  }

  /** Stores a batch and brings the minutes, hours and days it touches up to date, in one transaction. */
  insertMany(samples: GpuSample[]): void {
    if (!samples.length) return;
    this.db.transaction(() => {
      const touched = { minute: new Map(), hour: new Map(), day: new Map() } as Record<GpuGranularity, Map<string, { hostId: string; gpuIndex: number; bucket: number }>>;
      for (const s of samples) {
        this.insert.run(s);
        for (const g of ['minute', 'hour', 'day'] as const) {
          const bucket = Math.floor(s.at / WIDTH_MS[g]) * WIDTH_MS[g];
          touched[g].set(`${s.hostId}\u0000${s.gpuIndex}\u0000${bucket}`, { hostId: s.hostId, gpuIndex: s.gpuIndex, bucket });
        }
      }
      for (const g of ['minute', 'hour', 'day'] as const) for (const b of touched[g].values()) this.rollups[g].run(b);
    })();
  }

  /** A host's GPU buckets of one width starting in [fromMs, toMs), by GPU index then time. */
  buckets(granularity: GpuGranularity, hostId: string, fromMs: number, toMs: number): GpuSampleBucket[] {
    return (this.db.prepare(`
      SELECT * FROM gpu_sample_rollups WHERE granularity = ? AND host_id = ? AND bucket >= ? AND bucket < ?
      ORDER BY gpu_index, bucket`).all(granularity, hostId, fromMs, toMs) as BucketRow[]).map(toBucket);
  }

  /** The host's GPUs as its last sampling pass saw them, by GPU index; empty when never sampled. */
  latest(hostId: string): GpuSample[] {
    const rows = this.db.prepare(`
      SELECT * FROM gpu_samples
      WHERE host_id = ? AND at = (SELECT max(at) FROM gpu_samples WHERE host_id = ?)
      ORDER BY gpu_index`).all(hostId, hostId) as Row[];
    return rows.map(toSample);
  }

  /**
   * The host's average total GPU power over [fromMs, toMs), watts: the GPUs' draws are summed per
   * pass, and the passes averaged. Null when no pass in the range reported any power.
   */
  averagePowerW(hostId: string, fromMs: number, toMs: number): number | null {
    return (this.db.prepare(`
      SELECT avg(total) AS w FROM (
        SELECT sum(power_w) AS total FROM gpu_samples
        WHERE host_id = ? AND at >= ? AND at < ? AND power_w IS NOT NULL
        GROUP BY at)`).get(hostId, fromMs, toMs) as { w: number | null }).w;
  }

  /** Deletes raw samples older than `beforeMs` (the rollups stay); returns how many went. */
  deleteOlderThan(beforeMs: number): number {
    return this.db.prepare(`DELETE FROM gpu_samples WHERE at < ?`).run(beforeMs).changes;
  }
}
