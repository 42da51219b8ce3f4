// Deployment samples: one row per scraped target per scrape (telemetry/scraper.ts), and the
// per-minute rollups the Performance charts read. A minute's rollup is recomputed from its raw
// rows in the transaction that lands a sample (at most a dozen rows at a 5 s interval, found by
// the (target, at) index), so it is always exact and costs the same however long the history.
// Hour and day buckets live in deployment_sample_rollups.
// Times are epoch ms; rates per second; latencies ms; KV usage and hit rate fractions 0–1.
import type Database from 'better-sqlite3';
import { bucketStart, type Granularity, MINUTE_MS } from '../../../shared/granularity';
import { prepareAll } from './prepared-reads';
import type { DeploymentSample } from '../../../shared/telemetry-schemas';

/** Sample fields and their columns, in table order. */
const FIGURES = {
  kvCacheUsage: 'kv_cache_usage',
  running: 'running',
  waiting: 'waiting',
  promptTps: 'prompt_tps',
  generationTps: 'generation_tps',
  requestsPs: 'requests_ps',
  ttftP50Ms: 'ttft_p50_ms',
  ttftP95Ms: 'ttft_p95_ms',
  ttftP99Ms: 'ttft_p99_ms',
  e2eP50Ms: 'e2e_p50_ms',
  e2eP95Ms: 'e2e_p95_ms',
  e2eP99Ms: 'e2e_p99_ms',
  preemptionsPs: 'preemptions_ps',
  prefixHitRate: 'prefix_hit_rate',
} as const satisfies Record<Exclude<keyof DeploymentSample, 'at' | 'target'>, string>;

type Figure = keyof typeof FIGURES;
const FIELDS = Object.keys(FIGURES) as Figure[];
/** The figures' order in `averages` rows. */
export const FIGURE_ORDER: readonly Figure[] = FIELDS;
const COLUMNS = FIELDS.map((f) => FIGURES[f]);

/** One target's minute: how many samples, and each figure's average and maximum (null when none had it). */
export type DeploymentSampleMinute = { target: string; minute: number; samples: number } & {
  [F in Figure]: { avg: number | null; max: number | null };
};

/** A target's hour or day (or minute) bucket: the same figures as a minute, under `bucket`. */
export type DeploymentSampleBucket = Omit<DeploymentSampleMinute, 'minute'> & { bucket: number };

type Row = Record<string, number | string | null>;

/** One sample added to an hour or day bucket: sums and counts of the figures it has, and maxima. */
const ADD_TO_BUCKET = `
  INSERT INTO deployment_sample_rollups (granularity, target, bucket, samples, ${COLUMNS.map((c) => `${c}_sum, ${c}_n, ${c}_max`).join(', ')})
  VALUES (@granularity, @target, @bucket, 1, ${FIELDS.map((f) => `@${f}, @${f} IS NOT NULL, @${f}`).join(', ')})
  ON CONFLICT (granularity, target, bucket) DO UPDATE SET samples = samples + 1, ${COLUMNS.map(
    (c) => `
    ${c}_sum = CASE WHEN excluded.${c}_sum IS NULL THEN ${c}_sum ELSE coalesce(${c}_sum, 0) + excluded.${c}_sum END,
    ${c}_n = ${c}_n + excluded.${c}_n, ${c}_max = coalesce(max(${c}_max, excluded.${c}_max), ${c}_max, excluded.${c}_max)`,
  ).join(',')}`;

const toSample = (r: Row): DeploymentSample => {
  const s = { at: r.at as number, target: r.target as string } as DeploymentSample;
  for (const f of FIELDS) s[f] = r[FIGURES[f]] as number | null;
  return s;
};

const toMinute = (r: Row): DeploymentSampleMinute => {
  const m = {
    target: r.target as string,
    minute: r.minute as number,
    samples: r.samples as number,
  } as DeploymentSampleMinute;
  for (const f of FIELDS)
    m[f] = { avg: r[`${FIGURES[f]}_avg`] as number | null, max: r[`${FIGURES[f]}_max`] as number | null };
  return m;
};

/** A minute row (averages) or an hour/day row (sums and counts) as a bucket of averages and maxima. */
const toBucket = (r: Row): DeploymentSampleBucket => {
  const b = {
    target: r.target as string,
    bucket: r.bucket as number,
    samples: r.samples as number,
  } as DeploymentSampleBucket;
  for (const f of FIELDS) {
    const c = FIGURES[f];
    const avg =
      `${c}_avg` in r
        ? (r[`${c}_avg`] as number | null)
        : (r[`${c}_n`] as number) > 0
          ? (r[`${c}_sum`] as number) / (r[`${c}_n`] as number)
          : null;
    b[f] = { avg, max: r[`${c}_max`] as number | null };
  }
  return b;
};

/** A target's hour or day buckets as arrays: the bucket, then each figure's average and sample count. */
const rollupAverages = (granularity: 'hour' | 'day') => `
  SELECT bucket, ${COLUMNS.map((c) => `${c}_sum / nullif(${c}_n, 0), ${c}_n`).join(', ')}
  FROM deployment_sample_rollups WHERE granularity = '${granularity}' AND target = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`;

/** A target's hour or day buckets in a range exist: one step down the primary key. */
const hasRollup = (granularity: 'hour' | 'day') =>
  `SELECT 1 FROM deployment_sample_rollups WHERE granularity = '${granularity}' AND target = ? AND bucket >= ? AND bucket < ? LIMIT 1`;

/**
 * Every range read of the samples, by name, prepared once per store. Each is a range of a primary
 * key or of the (target, at) / (at) indexes, so it costs the same whatever the history holds;
 * test/dashboards/query-plans.test.ts checks each one's plan with EXPLAIN QUERY PLAN.
 */
export const SAMPLE_READS = {
  range: `SELECT * FROM deployment_samples WHERE target = ? AND at >= ? AND at < ? ORDER BY at`,
  minutes: `SELECT * FROM deployment_sample_minutes WHERE target = ? AND minute >= ? AND minute < ? ORDER BY minute`,
  minuteBuckets: `SELECT *, minute AS bucket FROM deployment_sample_minutes WHERE target = ? AND minute >= ? AND minute < ? ORDER BY minute`,
  rollupBuckets: `SELECT * FROM deployment_sample_rollups WHERE granularity = ? AND target = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`,
  minuteAverages: `
  SELECT minute, ${COLUMNS.map((c) => `${c}_avg, CASE WHEN ${c}_avg IS NULL THEN 0 ELSE samples END`).join(', ')}
  FROM deployment_sample_minutes WHERE target = ? AND minute >= ? AND minute < ? ORDER BY minute`,
  hourAverages: rollupAverages('hour'),
  dayAverages: rollupAverages('day'),
  targetsOfDays: `SELECT DISTINCT target FROM deployment_sample_rollups WHERE granularity = 'day' AND bucket >= ? AND bucket < ? ORDER BY target`,
  minuteExists: `SELECT 1 FROM deployment_sample_minutes WHERE target = ? AND minute >= ? AND minute < ? LIMIT 1`,
  hourExists: hasRollup('hour'),
  dayExists: hasRollup('day'),
  since: `SELECT * FROM deployment_samples WHERE at >= ? ORDER BY at`,
  latestOf: `SELECT * FROM deployment_samples WHERE target = ? ORDER BY at DESC LIMIT 1`,
} as const;

export class DeploymentSamplesRepo {
  private readonly insert: Database.Statement;
  private readonly rollup: Database.Statement;
  private readonly addToBucket: Database.Statement;
  private readonly read: Record<keyof typeof SAMPLE_READS, Database.Statement>;

  constructor(private readonly db: Database.Database) {
    this.read = prepareAll(db, SAMPLE_READS);
    this.insert = db.prepare(`
      INSERT INTO deployment_samples (at, target, ${COLUMNS.join(', ')})
      VALUES (@at, @target, ${FIELDS.map((f) => `@${f}`).join(', ')})`);
    this.rollup = db.prepare(`
      INSERT OR REPLACE INTO deployment_sample_minutes (target, minute, samples, ${COLUMNS.map((c) => `${c}_avg, ${c}_max`).join(', ')})
      SELECT @target, @minute, count(*), ${COLUMNS.map((c) => `avg(${c}), max(${c})`).join(', ')}
      FROM deployment_samples WHERE target = @target AND at >= @minute AND at < @minute + ${MINUTE_MS}`);
    this.addToBucket = db.prepare(ADD_TO_BUCKET);
  }

  /**
   * Stores a batch and brings its minutes, hours and days up to date, in one transaction: each
   * touched minute is recomputed from its raw rows, and each sample is added to its hour and day
   * (sums and counts), so the cost does not grow with the history.
   */
  insertMany(samples: DeploymentSample[]): void {
    if (!samples.length) return;
    this.db.transaction(() => {
      const touched = new Map<string, { target: string; minute: number }>();
      for (const s of samples) {
        this.insert.run(s);
        const minute = bucketStart('minute', s.at);
        touched.set(`${s.target}\u0000${minute}`, { target: s.target, minute });
        this.addToBucket.run({ ...s, granularity: 'hour', bucket: bucketStart('hour', s.at) });
        this.addToBucket.run({ ...s, granularity: 'day', bucket: bucketStart('day', s.at) });
      }
      for (const m of touched.values()) this.rollup.run(m);
    })();
  }

  /** A target's raw samples in [fromMs, toMs), oldest first. */
  range(target: string, fromMs: number, toMs: number): DeploymentSample[] {
    return (this.read.range.all(target, fromMs, toMs) as Row[]).map(toSample);
  }

  /** A target's minute rollups whose minute starts in [fromMs, toMs), oldest first. */
  minutes(target: string, fromMs: number, toMs: number): DeploymentSampleMinute[] {
    return (this.read.minutes.all(target, fromMs, toMs) as Row[]).map(toMinute);
  }

  /** A target's buckets of one width starting in [fromMs, toMs), oldest first (minutes included, as buckets). */
  buckets(granularity: Granularity, target: string, fromMs: number, toMs: number): DeploymentSampleBucket[] {
    const rows =
      granularity === 'minute'
        ? this.read.minuteBuckets.all(target, fromMs, toMs)
        : this.read.rollupBuckets.all(granularity, target, fromMs, toMs);
    return (rows as Row[]).map(toBucket);
  }

  /**
   * A target's buckets of one width starting in [fromMs, toMs), oldest first, as plain arrays for
   * charts: `[bucket, then per figure (in FIGURE_ORDER) its average and how many samples it
   * averages]`. Hours and days count each figure's samples exactly; a minute counts all its samples
   * where the figure has an average (its raw rows are not consulted).
   */
  averages(granularity: Granularity, target: string, fromMs: number, toMs: number): number[][] {
    return this.read[`${granularity}Averages`].raw().all(target, fromMs, toMs) as number[][];
  }

  /**
   * The targets with a bucket of this width starting in [fromMs, toMs), by name. Candidates come
   * from the day rollups (a few rows per target per day); each is then checked by its primary key.
   */
  targetsWithBuckets(granularity: Granularity, fromMs: number, toMs: number): string[] {
    const candidates = (this.read.targetsOfDays.all(bucketStart('day', fromMs), toMs) as { target: string }[]).map(
      (r) => r.target,
    );
    const has = this.read[`${granularity}Exists`];
    return candidates.filter((t) => has.get(t, fromMs, toMs) !== undefined);
  }

  /** Samples taken at or after `sinceMs` (found by the `at` index), oldest first. */
  since(sinceMs: number): DeploymentSample[] {
    return (this.read.since.all(sinceMs) as Row[]).map(toSample);
  }

  /** A target's newest sample, or null (one step down the (target, at) index). */
  latestOf(target: string): DeploymentSample | null {
    const row = this.read.latestOf.get(target) as Row | undefined;
    return row ? toSample(row) : null;
  }

  /** The newest sample of each target, by target name. */
  latest(): DeploymentSample[] {
    return (
      this.db
        .prepare(`
      SELECT s.* FROM deployment_samples s
      JOIN (SELECT target, max(at) AS at FROM deployment_samples GROUP BY target) m ON m.target = s.target AND m.at = s.at
      ORDER BY s.target`)
        .all() as Row[]
    ).map(toSample);
  }

  /** Deletes raw samples older than `beforeMs` (minute, hour and day rollups stay); returns how many went. */
  deleteOlderThan(beforeMs: number): number {
    return this.db.prepare(`DELETE FROM deployment_samples WHERE at < ?`).run(beforeMs).changes;
  }
}
