// The request log: one row per gateway request, and its rollups per minute, hour and day
// (dashboards read rollups only). Rows are written in batches (one transaction, an INSERT per 64
// rows, group-committed by the gateway's request-log writer) and folded into the rollups in that
// same transaction, where they land: a reader never finds a row the rollups do not count yet, and
// no reader has to fold anything first.
import type Database from 'better-sqlite3';
import { GRANULARITIES, GRANULARITY_MS, type Granularity } from '../../../shared/granularity';
import type { RequestLogRow } from '../../../shared/schemas';
import { SpendRollupsRepo } from './spend-rollups';

export type NewRequestLog = Omit<RequestLogRow, 'at' | 'route'> & {
  at: number;
  teamId?: string | null;
  /** The route the client called (the inbound dialect). */
  route?: string | null;
  /** The request's trace as JSON (shared/contract-capture.ts RequestTrace), serialized by the gateway. */
  trace?: string | null;
};

type Row = {
  id: string;
  at: number;
  key_id: string | null;
  model_group: string | null;
  deployment: string | null;
  status: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  latency_ms: number;
  ttft_ms: number | null;
  attempts: number;
  error_class: string | null;
  route: string | null;
};

/** Columns of one INSERT row, and the most rows one INSERT statement writes. */
const INSERT_COLUMNS = 16;
const INSERT_CHUNK = 64;

/** Private setting: the last request_logs.seq folded into the rollups. */
const ROLLUP_MARK = 'private.requestRollupSeq';

export interface RollupRow {
  bucket: number;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export interface DeploymentTokens {
  promptTokens: number;
  completionTokens: number;
}

export interface DeploymentUsage extends DeploymentTokens {
  deployment: string;
  requests: number;
  /** USD charged (request_logs.cost_usd). */
  costUsd: number;
}

export class RequestLogRepo {
  /** INSERT statements by how many rows each writes (one per size met, INSERT_CHUNK at most). */
  private readonly inserts = new Map<number, Database.Statement>();
  private readonly rollupFrom: Database.Statement;
  private readonly addToRollup: Database.Statement;
  private readonly readMark: Database.Statement;
  private readonly maxSeq: Database.Statement;
  private readonly writeMark: Database.Statement;
  /** The same rows rolled up by one dimension at a time, for the Spend charts (store/spend-rollups.ts). */
  readonly spend: SpendRollupsRepo;

  constructor(private readonly db: Database.Database) {
    this.spend = new SpendRollupsRepo(db);
    this.readMark = db.prepare(`SELECT value FROM settings WHERE key = ?`);
    this.maxSeq = db.prepare(`SELECT max(seq) AS seq FROM request_logs`);
    this.writeMark = db.prepare(
      `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    );
    this.addToRollup = db.prepare(`
      INSERT INTO request_rollups (granularity, bucket, key_id, team_id, model_group, deployment, requests, errors,
        prompt_tokens, completion_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (granularity, bucket, key_id, team_id, model_group, deployment) DO UPDATE SET
        requests = requests + excluded.requests, errors = errors + excluded.errors, prompt_tokens = prompt_tokens + excluded.prompt_tokens,
        completion_tokens = completion_tokens + excluded.completion_tokens, cost_usd = cost_usd + excluded.cost_usd,
        latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum, ttft_ms_sum = ttft_ms_sum + excluded.ttft_ms_sum,
        ttft_count = ttft_count + excluded.ttft_count`);
    this.rollupFrom = db.prepare(`
      INSERT INTO request_rollups (granularity, bucket, key_id, team_id, model_group, deployment, requests, errors,
        prompt_tokens, completion_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count)
      SELECT @granularity, (at / CAST(@ms AS INTEGER)) * CAST(@ms AS INTEGER), coalesce(key_id, ''), coalesce(team_id, ''), coalesce(model_group, ''), coalesce(deployment, ''),
        count(*), sum(status >= 400), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd), sum(latency_ms),
        sum(coalesce(ttft_ms, 0)), count(ttft_ms)
      FROM request_logs WHERE seq > @from AND seq <= @to
      GROUP BY 2, 3, 4, 5, 6
      ON CONFLICT (granularity, bucket, key_id, team_id, model_group, deployment) DO UPDATE SET
        requests = requests + excluded.requests, errors = errors + excluded.errors, prompt_tokens = prompt_tokens + excluded.prompt_tokens,
        completion_tokens = completion_tokens + excluded.completion_tokens, cost_usd = cost_usd + excluded.cost_usd,
        latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum, ttft_ms_sum = ttft_ms_sum + excluded.ttft_ms_sum,
        ttft_count = ttft_count + excluded.ttft_count`);
  }

  /**
   * Writes a batch of rows and folds them into the minute, hour and day rollups, in one write
   * transaction that also moves the mark: rows and rollups land together, so rollups are exact
   * even after a crash. The batch is summed here, from the rows in hand (a few upserts, where
   * folding by SQL read the new rows back once per rollup); rows past the mark that some other
   * writer left unfolded are folded by SQL first.
   */
  insertMany(rows: NewRequestLog[]): void {
    if (rows.length === 0) return;
    this.db
      .transaction(() => {
        this.foldNewRows();
        // Up to INSERT_CHUNK rows a statement: one call into SQLite per chunk, not per row.
        let last: number | bigint = 0;
        for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
          const chunk = Math.min(rows.length - start, INSERT_CHUNK);
          const values: unknown[] = new Array(chunk * INSERT_COLUMNS);
          for (let i = 0; i < chunk; i++) {
            const r = rows[start + i];
            const o = i * INSERT_COLUMNS;
            values[o] = r.id;
            values[o + 1] = r.at;
            values[o + 2] = r.keyId;
            values[o + 3] = r.teamId ?? null;
            values[o + 4] = r.modelGroup;
            values[o + 5] = r.deployment;
            values[o + 6] = r.status;
            values[o + 7] = r.promptTokens;
            values[o + 8] = r.completionTokens;
            values[o + 9] = r.costUsd;
            values[o + 10] = r.latencyMs;
            values[o + 11] = r.ttftMs;
            values[o + 12] = r.attempts;
            values[o + 13] = r.errorClass;
            values[o + 14] = r.route ?? null;
            values[o + 15] = r.trace ?? null;
          }
          last = this.insertOf(chunk).run(values).lastInsertRowid;
        }
        this.foldBatch(rows);
        this.writeMark.run(ROLLUP_MARK, JSON.stringify(Number(last)));
      })
      .immediate();
  }

  /**
   * Adds a batch of rows to request_rollups and spend_rollups, summed per bucket and dimensions
   * first. A row like the one before it (same key, team, group, target and bucket: most of a
   * batch) adds to the same sums without building their map key again.
   */
  private foldBatch(rows: NewRequestLog[]): void {
    const sums = new Map<string, unknown[]>();
    const last: Array<unknown[] | null> = GRANULARITIES.map(() => null);
    let prev: NewRequestLog | null = null;
    for (const r of rows) {
      const like =
        prev !== null &&
        r.keyId === prev.keyId &&
        (r.teamId ?? null) === (prev.teamId ?? null) &&
        r.modelGroup === prev.modelGroup &&
        r.deployment === prev.deployment;
      for (let g = 0; g < GRANULARITIES.length; g++) {
        const granularity = GRANULARITIES[g];
        const ms = GRANULARITY_MS[granularity];
        const bucket = Math.floor(r.at / ms) * ms;
        let s = last[g];
        if (!like || s === null || s[1] !== bucket) {
          const key = r.keyId ?? '';
          const team = r.teamId ?? '';
          const group = r.modelGroup ?? '';
          const deployment = r.deployment ?? '';
          const id = `${granularity}\u0000${bucket}\u0000${key}\u0000${team}\u0000${group}\u0000${deployment}`;
          s = sums.get(id) ?? null;
          if (!s) {
            s = [granularity, bucket, key, team, group, deployment, 0, 0, 0, 0, 0, 0, 0, 0];
            sums.set(id, s);
          }
          last[g] = s;
        }
        (s[6] as number)++;
        if (r.status >= 400) (s[7] as number)++;
        (s[8] as number) += r.promptTokens;
        (s[9] as number) += r.completionTokens;
        (s[10] as number) += r.costUsd;
        (s[11] as number) += r.latencyMs;
        if (r.ttftMs != null) {
          (s[12] as number) += r.ttftMs;
          (s[13] as number)++;
        }
      }
      prev = r;
    }
    for (const s of sums.values()) this.addToRollup.run(s);
    this.spend.foldRows(rows);
  }

  private insertOf(rows: number): Database.Statement {
    let statement = this.inserts.get(rows);
    if (!statement) {
      const row = `(${new Array(INSERT_COLUMNS).fill('?').join(', ')})`;
      statement = this.db.prepare(`
      INSERT INTO request_logs (id, at, key_id, team_id, model_group, deployment, status, prompt_tokens, completion_tokens,
        cost_usd, latency_ms, ttft_ms, attempts, error_class, route, trace)
      VALUES ${new Array(rows).fill(row).join(', ')}`);
      this.inserts.set(rows, statement);
    }
    return statement;
  }

  /**
   * Folds rows written before rollups were kept at insert (an older version folded them a second
   * later) into the rollups. The store calls this once at open; it is a no-op on a folded log.
   */
  foldLeftovers(): number {
    return this.db.transaction(() => this.foldNewRows()).immediate();
  }

  /** Folds rows with seq past the mark into every rollup and moves the mark; inside a write transaction only. */
  private foldNewRows(): number {
    const mark = this.readMark.get(ROLLUP_MARK) as { value: string } | undefined;
    const from = mark ? Number(JSON.parse(mark.value)) : 0;
    const to = (this.maxSeq.get() as { seq: number | null }).seq ?? 0;
    if (to <= from) return 0;
    for (const granularity of GRANULARITIES)
      this.rollupFrom.run({ granularity, ms: GRANULARITY_MS[granularity], from, to });
    this.spend.fold(from, to);
    this.writeMark.run(ROLLUP_MARK, JSON.stringify(to));
    return to - from;
  }

  /** Totals per bucket between two times (epoch ms), optionally for one model group. */
  rollups(granularity: Granularity, fromMs: number, toMs: number, modelGroup?: string): RollupRow[] {
    return this.db
      .prepare(`
      SELECT bucket, sum(requests) AS requests, sum(errors) AS errors, sum(prompt_tokens) AS promptTokens,
        sum(completion_tokens) AS completionTokens, sum(cost_usd) AS costUsd
      FROM request_rollups WHERE granularity = ? AND bucket >= ? AND bucket < ? ${modelGroup ? 'AND model_group = ?' : ''}
      GROUP BY bucket ORDER BY bucket`)
      .all(...[granularity, fromMs, toMs, ...(modelGroup ? [modelGroup] : [])]) as RollupRow[];
  }

  /** Tokens each deployment served in the rollup buckets starting in [fromMs, toMs); deployments with none are absent. */
  tokensByDeployment(granularity: Granularity, fromMs: number, toMs: number): Map<string, DeploymentTokens> {
    const rows = this.db
      .prepare(`
      SELECT deployment, sum(prompt_tokens) AS promptTokens, sum(completion_tokens) AS completionTokens
      FROM request_rollups WHERE granularity = ? AND bucket >= ? AND bucket < ? AND deployment != ''
      GROUP BY deployment`)
      .all(granularity, fromMs, toMs) as Array<DeploymentTokens & { deployment: string }>;
    return new Map(rows.map(({ deployment, ...t }) => [deployment, t]));
  }

  /** Requests and errors per model group × target (deployment or endpoint name; '' = none served) in the minute buckets starting in [fromMs, toMs). */
  trafficByGroupTarget(
    fromMs: number,
    toMs: number,
  ): Array<{ modelGroup: string; target: string; requests: number; errors: number }> {
    return this.db
      .prepare(`
      SELECT model_group AS modelGroup, deployment AS target, sum(requests) AS requests, sum(errors) AS errors
      FROM request_rollups WHERE granularity = 'minute' AND bucket >= ? AND bucket < ? AND model_group != ''
      GROUP BY model_group, deployment`)
      .all(fromMs, toMs) as Array<{ modelGroup: string; target: string; requests: number; errors: number }>;
  }

  /** Per deployment, from the raw rows in [fromMs, toMs): tokens and the cost charged for them. */
  usageByDeployment(fromMs: number, toMs: number): DeploymentUsage[] {
    return this.db
      .prepare(`
      SELECT deployment, count(*) AS requests, sum(prompt_tokens) AS promptTokens, sum(completion_tokens) AS completionTokens,
        sum(cost_usd) AS costUsd
      FROM request_logs WHERE deployment IS NOT NULL AND at >= ? AND at < ?
      GROUP BY deployment ORDER BY deployment`)
      .all(fromMs, toMs) as DeploymentUsage[];
  }

  recent(limit: number): RequestLogRow[] {
    const rows = this.db.prepare(`SELECT * FROM request_logs ORDER BY at DESC LIMIT ?`).all(limit) as Row[];
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      keyId: r.key_id,
      modelGroup: r.model_group,
      deployment: r.deployment,
      status: r.status,
      promptTokens: r.prompt_tokens,
      completionTokens: r.completion_tokens,
      costUsd: r.cost_usd,
      latencyMs: r.latency_ms,
      ttftMs: r.ttft_ms,
      attempts: r.attempts,
      errorClass: r.error_class,
      route: r.route ?? null,
    }));
  }

  /** When `deployment` last served a request (epoch ms), or null. */
  lastRequestAt(deployment: string): number | null {
    return (
      this.db.prepare(`SELECT max(at) AS at FROM request_logs WHERE deployment = ?`).get(deployment) as {
        at: number | null;
      }
    ).at;
  }

  /** Deletes raw rows older than `beforeMs`; returns how many went. */
  deleteOlderThan(beforeMs: number): number {
    // Every row is in the rollups since it landed, so raw rows can go without losing a figure.
    return this.db.prepare(`DELETE FROM request_logs WHERE at < ?`).run(beforeMs).changes;
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM request_logs`).get() as { n: number }).n;
  }
}
