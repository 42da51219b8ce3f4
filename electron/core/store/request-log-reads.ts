// Reads of the request log for the Logs page: filtered pages newest first by keyset, one row by
// its sequence number, rows by request id. Every page is one index range: the filter's leading
// equality (key, team, model group, served target, error kind, route or status class) picks an
// index ending in the time, otherwise the time index; both end in the row's seq (SQLite appends the
// rowid to every index), so rows come in (at, seq) order with no sort, and a page's cursor is a
// range bound, never an OFFSET. Min latency, min cost and free-text search have no index: they
// filter the rows of the range the other terms pick (bound them by a time range on a big log).
// The statements are built from the filter's shape; `logPageSql` is what the store runs, and what
// test/logs/query-plans.test.ts and test/logs/explorer-plans.test.ts check with EXPLAIN QUERY PLAN.
import type Database from 'better-sqlite3';
import type { LogCursor, LogFilter, LogRow } from '../../../shared/contract-logs';

type Params = Record<string, string | number>;

const COLUMNS = `l.seq AS seq, l.id AS id, l.at AS at, l.key_id AS keyId, k.alias AS keyAlias, k.prefix AS keyPrefix,
  l.team_id AS teamId, t.alias AS teamAlias, l.model_group AS modelGroup, l.deployment AS deployment, l.route AS route, l.status AS status,
  l.prompt_tokens AS promptTokens, l.completion_tokens AS completionTokens, l.cost_usd AS costUsd,
  l.latency_ms AS latencyMs, l.ttft_ms AS ttftMs, l.attempts AS attempts, l.error_class AS errorClass`;

const FROM = `FROM request_logs l LEFT JOIN virtual_keys k ON k.id = l.key_id LEFT JOIN teams t ON t.id = l.team_id`;

/** The index each leading equality uses (migrations 5, 16 and 19), in the order they are preferred. */
const EQUALITIES = [
  ['keyId', 'l.key_id', 'request_logs_key_at'],
  ['teamId', 'l.team_id', 'request_logs_team_at'],
  ['modelGroup', 'l.model_group', 'request_logs_group_at'],
  ['deployment', 'l.deployment', 'request_logs_deployment_at'],
  ['errorKind', 'l.error_class', 'request_logs_error_at'],
  ['route', 'l.route', 'request_logs_route_at'],
] as const;

/** The status class as the expression its index holds (migration 19): 2, 4 or 5. */
const STATUS_CLASS_INDEX = 'request_logs_status_class_at';

/**
 * The SQL and its parameters for one page of `filter` after `cursor`, at most `limit` rows.
 * `columns` (over l, k and t) replaces the row's columns: the export selects each row's text line.
 */
export function logPageSql(
  filter: LogFilter,
  cursor: LogCursor | undefined,
  limit: number,
  columns: string = COLUMNS,
): {
  sql: string;
  params: Params;
} {
  const where: string[] = [];
  const params: Params = { limit };
  // Only one index can serve the range: the first equality present picks it, the others filter.
  let index = 'request_logs_at';
  for (const [field, column, name] of EQUALITIES) {
    const value = filter[field];
    if (value === undefined) continue;
    if (index === 'request_logs_at') index = name;
    where.push(`${column} = @${field}`);
    params[field] = value;
  }
  if (filter.fromMs !== undefined) {
    where.push('l.at >= @fromMs');
    params.fromMs = filter.fromMs;
  }
  // One upper bound on at, never two: given both, SQLite ranges over one and filters by the other,
  // so a deep page would read from the range's top. Whichever is lower implies the other.
  const cursorBounds = cursor !== undefined && (filter.toMs === undefined || cursor.at < filter.toMs);
  if (filter.toMs !== undefined && !cursorBounds) {
    where.push('l.at < @toMs');
    params.toMs = filter.toMs;
  }
  if (cursor && cursorBounds) {
    // (at, seq) < (cursor.at, cursor.seq), written so the at bound is an index range.
    where.push('l.at <= @cursorAt AND (l.at < @cursorAt OR l.seq < @cursorSeq)');
    params.cursorAt = cursor.at;
    params.cursorSeq = cursor.seq;
  }
  if (filter.statusClass) {
    // Written as the index's expression, so it can pick that index when nothing else does.
    if (index === 'request_logs_at') index = STATUS_CLASS_INDEX;
    where.push('l.status / 100 = @statusClass');
    params.statusClass = Number(filter.statusClass[0]);
  }
  if (filter.minLatencyMs !== undefined) {
    where.push('l.latency_ms >= @minLatencyMs');
    params.minLatencyMs = filter.minLatencyMs;
  }
  if (filter.minCostUsd !== undefined) {
    where.push('l.cost_usd >= @minCostUsd');
    params.minCostUsd = filter.minCostUsd;
  }
  if (filter.search !== undefined) {
    where.push(`(instr(l.id, @search) > 0 OR instr(coalesce(l.error_class, ''), @search) > 0)`);
    params.search = filter.search;
  }
  // INDEXED BY keeps the planner on the range the comment above promises (with no statistics it
  // could prefer another index and sort); a missing index then fails loudly instead of scanning.
  const sql = `SELECT ${columns} FROM request_logs l INDEXED BY ${index}
    LEFT JOIN virtual_keys k ON k.id = l.key_id LEFT JOIN teams t ON t.id = l.team_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY l.at DESC, l.seq DESC LIMIT @limit`;
  return { sql, params };
}

/** Named reads with a fixed shape (the query-plan test checks these as well). */
export const LOG_READS = {
  bySeq: `SELECT ${COLUMNS} ${FROM} WHERE l.seq = ?`,
  countById: `SELECT count(*) AS n FROM request_logs WHERE id = ? AND at >= ? AND at <= ?`,
  /** A row by its request id since a time: the Playground's own requests, just answered. */
  byIdSince: `SELECT ${COLUMNS} ${FROM} WHERE l.at >= ? AND l.id = ? ORDER BY l.at DESC LIMIT 1`,
} as const;

export class RequestLogReads {
  private readonly pages = new Map<string, Database.Statement>();
  private readonly statements: Record<keyof typeof LOG_READS, Database.Statement>;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      bySeq: db.prepare(LOG_READS.bySeq),
      countById: db.prepare(LOG_READS.countById),
      byIdSince: db.prepare(LOG_READS.byIdSince),
    };
  }

  /** One page of the filtered log, newest first, and the cursor of the next (null: this was the last). */
  page(
    filter: LogFilter,
    cursor: LogCursor | undefined,
    limit: number,
  ): { rows: LogRow[]; nextCursor: LogCursor | null } {
    const { sql, params } = logPageSql(filter, cursor, limit + 1);
    // A filter's shape makes at most a few hundred distinct statements: prepared once each.
    let statement = this.pages.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.pages.size > 500) this.pages.clear();
      this.pages.set(sql, statement);
    }
    const rows = statement.all(params) as LogRow[];
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows[rows.length - 1];
    return { rows, nextCursor: more && last ? { at: last.at, seq: last.seq } : null };
  }

  bySeq(seq: number): LogRow | null {
    return (this.statements.bySeq.get(seq) as LogRow | undefined) ?? null;
  }

  /** How many rows carry `id` within a day either side of `at` (client-chosen ids may repeat). */
  countById(id: string, at: number): number {
    return (this.statements.countById.get(id, at - 86_400_000, at + 86_400_000) as { n: number }).n;
  }

  byIdSince(id: string, sinceMs: number): LogRow | null {
    return (this.statements.byIdSince.get(sinceMs, id) as LogRow | undefined) ?? null;
  }
}
