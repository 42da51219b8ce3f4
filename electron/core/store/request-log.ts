// The request log: one row per gateway request, and its rollups per minute, hour and day, updated
// in the same transaction as the rows land (dashboards read rollups only). Rows are written in
// batches (one transaction per batch) so logging costs the gateway's hot path almost nothing.
import type Database from 'better-sqlite3';
import type { RequestLogRow } from '../../../shared/schemas';

export type NewRequestLog = Omit<RequestLogRow, 'at'> & { at: number; teamId?: string | null };

type Row = {
  id: string; at: number; key_id: string | null; model_group: string | null; deployment: string | null; status: number;
  prompt_tokens: number; completion_tokens: number; cost_usd: number; latency_ms: number; ttft_ms: number | null;
  attempts: number; error_class: string | null;
};

const GRANULARITY_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type Granularity = keyof typeof GRANULARITY_MS;

export interface RollupRow {
  bucket: number;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export class RequestLogRepo {
  private readonly insert: Database.Statement;
  private readonly rollup: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`
      INSERT INTO request_logs (id, at, key_id, team_id, model_group, deployment, status, prompt_tokens, completion_tokens,
        cost_usd, latency_ms, ttft_ms, attempts, error_class)
      VALUES (@id, @at, @keyId, @teamId, @modelGroup, @deployment, @status, @promptTokens, @completionTokens,
        @costUsd, @latencyMs, @ttftMs, @attempts, @errorClass)`);
    this.rollup = db.prepare(`
      INSERT INTO request_rollups (granularity, bucket, key_id, team_id, model_group, deployment, requests, errors,
        prompt_tokens, completion_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count)
      VALUES (@granularity, @bucket, @keyId, @teamId, @modelGroup, @deployment, 1, @error, @promptTokens, @completionTokens,
        @costUsd, @latencyMs, @ttftSum, @ttftCount)
      ON CONFLICT (granularity, bucket, key_id, team_id, model_group, deployment) DO UPDATE SET
        requests = requests + 1, errors = errors + excluded.errors, prompt_tokens = prompt_tokens + excluded.prompt_tokens,
        completion_tokens = completion_tokens + excluded.completion_tokens, cost_usd = cost_usd + excluded.cost_usd,
        latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum, ttft_ms_sum = ttft_ms_sum + excluded.ttft_ms_sum,
        ttft_count = ttft_count + excluded.ttft_count`);
  }

  insertMany(rows: NewRequestLog[]): void {
    this.db.transaction(() => {
      for (const row of rows) {
        this.insert.run({ teamId: null, ...row });
        const shared = {
          keyId: row.keyId ?? '', teamId: row.teamId ?? '', modelGroup: row.modelGroup ?? '', deployment: row.deployment ?? '',
          error: row.status >= 400 ? 1 : 0, promptTokens: row.promptTokens, completionTokens: row.completionTokens, costUsd: row.costUsd,
          latencyMs: row.latencyMs, ttftSum: row.ttftMs ?? 0, ttftCount: row.ttftMs == null ? 0 : 1,
        };
        for (const [granularity, ms] of Object.entries(GRANULARITY_MS)) {
          this.rollup.run({ ...shared, granularity, bucket: Math.floor(row.at / ms) * ms });
        }
      }
    })();
  }

  /** Totals per bucket between two times (epoch ms), optionally for one model group. */
  rollups(granularity: Granularity, fromMs: number, toMs: number, modelGroup?: string): RollupRow[] {
    return this.db.prepare(`
      SELECT bucket, sum(requests) AS requests, sum(errors) AS errors, sum(prompt_tokens) AS promptTokens,
        sum(completion_tokens) AS completionTokens, sum(cost_usd) AS costUsd
      FROM request_rollups WHERE granularity = ? AND bucket >= ? AND bucket < ? ${modelGroup ? 'AND model_group = ?' : ''}
      GROUP BY bucket ORDER BY bucket`).all(...[granularity, fromMs, toMs, ...(modelGroup ? [modelGroup] : [])]) as RollupRow[];
  }

  recent(limit: number): RequestLogRow[] {
    const rows = this.db.prepare(`SELECT * FROM request_logs ORDER BY at DESC LIMIT ?`).all(limit) as Row[];
    return rows.map((r) => ({
      id: r.id, at: new Date(r.at).toISOString(), keyId: r.key_id, modelGroup: r.model_group, deployment: r.deployment,
      status: r.status, promptTokens: r.prompt_tokens, completionTokens: r.completion_tokens, costUsd: r.cost_usd,
      latencyMs: r.latency_ms, ttftMs: r.ttft_ms, attempts: r.attempts, errorClass: r.error_class,
    }));
  }

  /** When `deployment` last served a request (epoch ms), or null. */
  lastRequestAt(deployment: string): number | null {
    return (this.db.prepare(`SELECT max(at) AS at FROM request_logs WHERE deployment = ?`).get(deployment) as { at: number | null }).at;
  }

  /** Deletes raw rows older than `beforeMs`; returns how many went. */
  deleteOlderThan(beforeMs: number): number {
    return this.db.prepare(`DELETE FROM request_logs WHERE at < ?`).run(beforeMs).changes;
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM request_logs`).get() as { n: number }).n;
  }
}
