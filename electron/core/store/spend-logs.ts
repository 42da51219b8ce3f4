// The request log read the way LiteLLM's spend routes show it: rows filtered by key, user, team
// and time (/spend/logs), the total (/global/spend) and spend per UTC day and team, key or model
// (/global/spend/report). Read-only; the request-log writer owns the rows.
import type Database from 'better-sqlite3';

export interface SpendFilter {
  keyId?: string;
  userId?: string;
  teamId?: string;
  requestId?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

export interface SpendLogRow {
  requestId: string;
  at: number;
  latencyMs: number;
  keyId: string | null;
  keyHash: string | null;
  keyAlias: string | null;
  userId: string | null;
  teamId: string | null;
  modelGroup: string | null;
  deployment: string | null;
  status: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export type SpendGroup = 'team' | 'key' | 'model';

export interface SpendReportRow {
  day: string;
  /** Team id, key id or model group (null: none). */
  group: string | null;
  model: string | null;
  spendUsd: number;
  tokens: number;
}

const DAY_MS = 86_400_000;

function where(f: SpendFilter): { clause: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, v: unknown) => (parts.push(sql), args.push(v));
  if (f.keyId !== undefined) add('r.key_id = ?', f.keyId);
  if (f.userId !== undefined) add('k.user_id = ?', f.userId);
  if (f.teamId !== undefined) add('r.team_id = ?', f.teamId);
  if (f.requestId !== undefined) add('r.id = ?', f.requestId);
  if (f.from !== undefined) add('r.at >= ?', f.from);
  if (f.to !== undefined) add('r.at < ?', f.to);
  return { clause: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

export class SpendLogsRepo {
  constructor(private readonly db: Database.Database) {}

  /** Rows newest first, one page. */
  page(f: SpendFilter, offset: number, limit: number): { rows: SpendLogRow[]; total: number } {
    const w = where(f);
    const from = 'FROM request_logs r LEFT JOIN virtual_keys k ON k.id = r.key_id';
    const total = (this.db.prepare(`SELECT count(*) AS n ${from} ${w.clause}`).get(...w.args) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT r.id AS requestId, r.at, r.latency_ms AS latencyMs, r.key_id AS keyId, k.key_hash AS keyHash,
           k.alias AS keyAlias, k.user_id AS userId, r.team_id AS teamId, r.model_group AS modelGroup,
           r.deployment, r.status, r.prompt_tokens AS promptTokens, r.completion_tokens AS completionTokens,
           r.cost_usd AS costUsd
         ${from} ${w.clause} ORDER BY r.seq DESC LIMIT ? OFFSET ?`,
      )
      .all(...w.args, limit, offset) as SpendLogRow[];
    return { rows, total };
  }

  /** USD charged in total over the filter. */
  total(f: SpendFilter = {}): number {
    const w = where(f);
    return (
      this.db
        .prepare(
          `SELECT coalesce(sum(r.cost_usd), 0) AS usd FROM request_logs r LEFT JOIN virtual_keys k ON k.id = r.key_id ${w.clause}`,
        )
        .get(...w.args) as { usd: number }
    ).usd;
  }

  /** Spend per UTC day, per group and model, oldest day first. */
  report(f: SpendFilter, group: SpendGroup): SpendReportRow[] {
    const w = where(f);
    const column = group === 'team' ? 'r.team_id' : group === 'key' ? 'r.key_id' : 'r.model_group';
    return this.db
      .prepare(
        `SELECT (r.at / ${DAY_MS}) * ${DAY_MS} AS dayMs, ${column} AS grp, r.model_group AS model,
           sum(r.cost_usd) AS spendUsd, sum(r.prompt_tokens + r.completion_tokens) AS tokens
         FROM request_logs r LEFT JOIN virtual_keys k ON k.id = r.key_id ${w.clause}
         GROUP BY dayMs, grp, model ORDER BY dayMs, grp, model`,
      )
      .all(...w.args)
      .map((r) => {
        const row = r as { dayMs: number; grp: string | null; model: string | null; spendUsd: number; tokens: number };
        return {
          day: new Date(row.dayMs).toISOString().slice(0, 10),
          group: row.grp,
          model: row.model,
          spendUsd: row.spendUsd,
          tokens: row.tokens,
        };
      });
  }
}
