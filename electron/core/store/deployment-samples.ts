// Deployment samples: one row per scraped target per scrape (telemetry/scraper.ts), and the
// per-minute rollups the Performance charts read. A minute's rollup is recomputed from its raw
// rows in the transaction that lands a sample (at most a dozen rows at a 5 s interval, found by
// the (target, at) index), so it is always exact and costs the same however long the history.
// Times are epoch ms; rates per second; latencies ms; KV usage and hit rate fractions 0–1.
import type Database from 'better-sqlite3';
import type { DeploymentSample } from '../../../shared/telemetry-schemas';

const MINUTE_MS = 60_000;

/** Sample fields and their columns, in table order. */
const FIGURES = {
  kvCacheUsage: 'kv_cache_usage', running: 'running', waiting: 'waiting', promptTps: 'prompt_tps', generationTps: 'generation_tps',
  requestsPs: 'requests_ps', ttftP50Ms: 'ttft_p50_ms', ttftP95Ms: 'ttft_p95_ms', ttftP99Ms: 'ttft_p99_ms', e2eP50Ms: 'e2e_p50_ms',
  e2eP95Ms: 'e2e_p95_ms', e2eP99Ms: 'e2e_p99_ms', preemptionsPs: 'preemptions_ps', prefixHitRate: 'prefix_hit_rate',
} as const satisfies Record<Exclude<keyof DeploymentSample, 'at' | 'target'>, string>;

type Figure = keyof typeof FIGURES;
const FIELDS = Object.keys(FIGURES) as Figure[];
const COLUMNS = FIELDS.map((f) => FIGURES[f]);

/** One target's minute: how many samples, and each figure's average and maximum (null when none had it). */
export type DeploymentSampleMinute = { target: string; minute: number; samples: number } & {
  [F in Figure]: { avg: number | null; max: number | null };
};

type Row = Record<string, number | string | null>;

const toSample = (r: Row): DeploymentSample => {
  const s = { at: r.at as number, target: r.target as string } as DeploymentSample;
  for (const f of FIELDS) s[f] = r[FIGURES[f]] as number | null;
  return s;
};

const toMinute = (r: Row): DeploymentSampleMinute => {
  const m = { target: r.target as string, minute: r.minute as number, samples: r.samples as number } as DeploymentSampleMinute;
  for (const f of FIELDS) m[f] = { avg: r[`${FIGURES[f]}_avg`] as number | null, max: r[`${FIGURES[f]}_max`] as number | null };
  return m;
};

export class DeploymentSamplesRepo {
  private readonly insert: Database.Statement;
  private readonly rollup: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`
      INSERT INTO deployment_samples (at, target, ${COLUMNS.join(', ')})
      VALUES (@at, @target, ${FIELDS.map((f) => `@${f}`).join(', ')})`);
    this.rollup = db.prepare(`
      INSERT OR REPLACE INTO deployment_sample_minutes (target, minute, samples, ${COLUMNS.map((c) => `${c}_avg, ${c}_max`).join(', ')})
      SELECT @target, @minute, count(*), ${COLUMNS.map((c) => `avg(${c}), max(${c})`).join(', ')}
      FROM deployment_samples WHERE target = @target AND at >= @minute AND at < @minute + ${MINUTE_MS}`);
  }

  /** Stores a batch and brings the minutes it touches up to date, in one transaction. */
  insertMany(samples: DeploymentSample[]): void {
    if (!samples.length) return;
    this.db.transaction(() => {
      const touched = new Map<string, { target: string; minute: number }>();
      for (const s of samples) {
        this.insert.run(s);
        const minute = Math.floor(s.at / MINUTE_MS) * MINUTE_MS;
        touched.set(`${s.target}\u0000${minute}`, { target: s.target, minute });
      }
      for (const m of touched.values()) this.rollup.run(m);
    })();
  }

  /** A target's raw samples in [fromMs, toMs), oldest first. */
  range(target: string, fromMs: number, toMs: number): DeploymentSample[] {
    return (this.db.prepare(`SELECT * FROM deployment_samples WHERE target = ? AND at >= ? AND at < ? ORDER BY at`)
      .all(target, fromMs, toMs) as Row[]).map(toSample);
  }

  /** A target's minute rollups whose minute starts in [fromMs, toMs), oldest first. */
  minutes(target: string, fromMs: number, toMs: number): DeploymentSampleMinute[] {
    return (this.db.prepare(`SELECT * FROM deployment_sample_minutes WHERE target = ? AND minute >= ? AND minute < ? ORDER BY minute`)
      .all(target, fromMs, toMs) as Row[]).map(toMinute);
  }

  /** The newest sample of each target, by target name. */
  latest(): DeploymentSample[] {
    return (this.db.prepare(`
      SELECT s.* FROM deployment_samples s
      JOIN (SELECT target, max(at) AS at FROM deployment_samples GROUP BY target) m ON m.target = s.target AND m.at = s.at
      ORDER BY s.target`).all() as Row[]).map(toSample);
  }

  /** Deletes raw samples older than `beforeMs` (minute rollups stay); returns how many went. */
  deleteOlderThan(beforeMs: number): number {
    return this.db.prepare(`DELETE FROM deployment_samples WHERE at < ?`).run(beforeMs).changes;
  }
}
