// The request log: one row per gateway request, and its rollups per minute, hour and day
// (dashboards read rollups only). Rows are written in batches (one transaction, one INSERT per
// row, group-committed by the gateway's request-log writer) and folded into the rollups in that
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
  private readonly insert: Database.Statement;
  private readonly rollupFrom: Database.Statement;
  private readonly readMark: Database.Statement;
  private readonly maxSeq: Database.Statement;
  private readonly writeMark: Database.Statement;
  /** The same rows rolled up by one dimension at a time, for the Spend charts (store/spend-rollups.ts). */
  readonly spend: SpendRollupsRepo;

  constructor(private readonly db: Database.Database) {
    this.spend = new SpendRollupsRepo(db);
    this.insert = db.prepare(`
      INSERT INTO request_logs (id, at, key_id, team_id, model_group, deployment, status, prompt_tokens, completion_tokens,
        cost_usd, latency_ms, ttft_ms, attempts, error_class, route, trace)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.readMark = db.prepare(`SELECT value FROM settings WHERE key = ?`);
    this.maxSeq = db.prepare(`SELECT max(seq) AS seq FROM request_logs`);
    this.writeMark = db.prepare(
      `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    );
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
   * even after a crash. Rows left unfolded by an older version are folded in by the first batch.
   */
  insertMany(rows: NewRequestLog[]): void {
    this.db
      .transaction(() => {
        for (const r of rows) {
          this.insert.run(
            r.id,
            r.at,
            r.keyId,
            r.teamId ?? null,
            r.modelGroup,
            r.deployment,
            r.status,
            r.promptTokens,
            r.completionTokens,
            r.costUsd,
            r.latencyMs,
            r.ttftMs,
            r.attempts,
            r.errorClass,
            r.route ?? null,
            r.trace ?? null,
          );
        }
        this.foldNewRows();
      })
      .immediate();
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
