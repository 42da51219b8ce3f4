// GPU samples: one row per GPU per sampling pass (docker/gpu-sampler.ts), with what nvidia-smi
// reported. The Hosts & GPUs page reads the latest pass; the energy pricer reads average power.
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

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`
      INSERT INTO gpu_samples (at, host_id, gpu_index, uuid, utilization_pct, memory_used_mib, memory_total_mib, power_w, temperature_c)
      VALUES (@at, @hostId, @gpuIndex, @uuid, @utilizationPct, @memoryUsedMib, @memoryTotalMib, @powerW, @temperatureC)`);
  }

  /** Stores a batch in one transaction. */
  insertMany(samples: GpuSample[]): void {
    this.db.transaction(() => {
      for (const s of samples) this.insert.run(s);
    })();
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

  /** Deletes samples older than `beforeMs`; returns how many went. */
  deleteOlderThan(beforeMs: number): number {
    return this.db.prepare(`DELETE FROM gpu_samples WHERE at < ?`).run(beforeMs).changes;
  }
}
