// The request log: one row per gateway request. Rows are written in batches (one transaction per
// batch) so logging costs the gateway's hot path almost nothing.
import type Database from 'better-sqlite3';
import type { RequestLogRow } from '../../../shared/schemas';

export type NewRequestLog = Omit<RequestLogRow, 'at'> & { at: number; teamId?: string | null };

type Row = {
  id: string; at: number; key_id: string | null; model_group: string | null; deployment: string | null; status: number;
  prompt_tokens: number; completion_tokens: number; cost_usd: number; latency_ms: number; ttft_ms: number | null;
  attempts: number; error_class: string | null;
};

export class RequestLogRepo {
  private readonly insert: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`
      INSERT INTO request_logs (id, at, key_id, team_id, model_group, deployment, status, prompt_tokens, completion_tokens,
        cost_usd, latency_ms, ttft_ms, attempts, error_class)
      VALUES (@id, @at, @keyId, @teamId, @modelGroup, @deployment, @status, @promptTokens, @completionTokens,
        @costUsd, @latencyMs, @ttftMs, @attempts, @errorClass)`);
  }

  insertMany(rows: NewRequestLog[]): void {
    this.db.transaction(() => {
      for (const row of rows) this.insert.run({ teamId: null, ...row });
    })();
  }

  recent(limit: number): RequestLogRow[] {
    const rows = this.db.prepare(`SELECT * FROM request_logs ORDER BY at DESC LIMIT ?`).all(limit) as Row[];
    return rows.map((r) => ({
      id: r.id, at: new Date(r.at).toISOString(), keyId: r.key_id, modelGroup: r.model_group, deployment: r.deployment,
      status: r.status, promptTokens: r.prompt_tokens, completionTokens: r.completion_tokens, costUsd: r.cost_usd,
      latencyMs: r.latency_ms, ttftMs: r.ttft_ms, attempts: r.attempts, errorClass: r.error_class,
    }));
  }

  /** Deletes raw rows older than `beforeMs`; returns how many went. */
  deleteOlderThan(beforeMs: number): number {
    return this.db.prepare(`DELETE FROM request_logs WHERE at < ?`).run(beforeMs).changes;
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM request_logs`).get() as { n: number }).n;
  }
}
