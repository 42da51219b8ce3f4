// The request log's page statements, built from a filter's shape (store/request-log-reads.ts runs
// them, request-log-search.ts adds a search's terms): every page is one index range. The filter's
// leading equality (key, team, model group, served target, error kind, route or status class)
// picks an index ending in the time, otherwise the time index; both end in the row's seq (SQLite
// appends the rowid to every index), so rows come in (at, seq) order with no sort, and a page's
// cursor is a range bound, never an OFFSET. Min latency and min cost filter the rows of the range
// the other terms pick.
import type { LogCursor, LogFilter } from '../../../shared/contract-logs';

export type Params = Record<string, string | number>;

export const COLUMNS = `l.seq AS seq, l.id AS id, l.at AS at, l.key_id AS keyId, k.alias AS keyAlias, k.prefix AS keyPrefix,
  l.team_id AS teamId, t.alias AS teamAlias, l.model_group AS modelGroup, l.deployment AS deployment, l.route AS route, l.status AS status,
  l.prompt_tokens AS promptTokens, l.completion_tokens AS completionTokens, l.cost_usd AS costUsd,
  l.latency_ms AS latencyMs, l.ttft_ms AS ttftMs, l.attempts AS attempts, l.error_class AS errorClass`;

export const FROM = `FROM request_logs l LEFT JOIN virtual_keys k ON k.id = l.key_id LEFT JOIN teams t ON t.id = l.team_id`;

/** The index each leading equality uses (migrations 5, 16, 19 and 21), in the order they are preferred. */
const EQUALITIES = [
  ['keyId', 'l.key_id', 'request_logs_key_at'],
  ['teamId', 'l.team_id', 'request_logs_team_at'],
  ['modelGroup', 'l.model_group', 'request_logs_group_at'],
  ['deployment', 'l.deployment', 'request_logs_deployment_at'],
  ['errorKind', 'l.error_class', 'request_logs_error_at'],
  ['route', 'l.route', 'request_logs_route_at'],
] as const;

/** The index of the status class as an expression (migration 19), of failed rows only (migration 21): 4 or 5. */
export const STATUS_CLASS_INDEX = 'request_logs_status_class_at';

/** The WHERE terms of a filter (its search aside), and the index its first equality picks. */
export interface FilterTerms {
  where: string[];
  params: Params;
  index: string;
}

/**
 * The terms of `filter` after `cursor`, its search left out (request-log-search.ts adds it). The
 * time and the cursor bound `rows`.at and `rows`.seq: the log itself (l), or a search's candidates
 * (c); every other term is on l. `only`: the time terms, or the others, alone.
 */
export function filterTerms(
  filter: LogFilter,
  cursor: LogCursor | undefined,
  limit: number,
  rows = 'l',
  only?: 'time' | 'rest',
): FilterTerms {
  const terms = { where: [] as string[], params: { limit } as Params, index: 'request_logs_at' };
  if (only !== 'rest') timeTerms(filter, cursor, rows, terms);
  if (only !== 'time') restTerms(filter, terms);
  return terms;
}

function restTerms(filter: LogFilter, terms: FilterTerms): void {
  const { where, params } = terms;
  // Only one index can serve the range: the first equality present picks it, the others filter.
  for (const [field, column, name] of EQUALITIES) {
    const value = filter[field];
    if (value === undefined) continue;
    if (terms.index === 'request_logs_at') terms.index = name;
    where.push(`${column} = @${field}`);
    params[field] = value;
  }
  if (filter.statusClass) {
    // Written as the index's expression, so it can pick that index when nothing else does. The
    // index holds failed rows only (migration 21): a 4xx/5xx page states the index's condition so
    // SQLite may use it; a 2xx page ranges over the time index, most of whose rows are 2xx.
    const failed = filter.statusClass !== '2xx';
    if (terms.index === 'request_logs_at' && failed) terms.index = STATUS_CLASS_INDEX;
    where.push('l.status / 100 = @statusClass');
    if (failed) where.push('l.status >= 400');
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
}

function timeTerms(filter: LogFilter, cursor: LogCursor | undefined, rows: string, terms: FilterTerms): void {
  const { where, params } = terms;
  if (filter.fromMs !== undefined) {
    where.push(`${rows}.at >= @fromMs`);
    params.fromMs = filter.fromMs;
  }
  // One upper bound on at, never two: given both, SQLite ranges over one and filters by the other,
  // so a deep page would read from the range's top. Whichever is lower implies the other.
  const cursorBounds = cursor !== undefined && (filter.toMs === undefined || cursor.at < filter.toMs);
  if (filter.toMs !== undefined && !cursorBounds) {
    where.push(`${rows}.at < @toMs`);
    params.toMs = filter.toMs;
  }
  if (cursor && cursorBounds) {
    // (at, seq) < (cursor.at, cursor.seq), written so the at bound is an index range.
    where.push(`${rows}.at <= @cursorAt AND (${rows}.at < @cursorAt OR ${rows}.seq < @cursorSeq)`);
    params.cursorAt = cursor.at;
    params.cursorSeq = cursor.seq;
  }
}

/** The key's and the team's names beside each row. */
export const JOIN_NAMES = 'LEFT JOIN virtual_keys k ON k.id = l.key_id LEFT JOIN teams t ON t.id = l.team_id';

/**
 * The SQL and its parameters for one page of `filter` after `cursor`, at most `limit` rows, the
 * filter's search left out (request-log-search.ts runs that). `columns` (over l, k and t)
 * replaces the row's columns: the export selects its own; `extra` are terms to add (a search's).
 */
export function logPageSql(
  filter: LogFilter,
  cursor: LogCursor | undefined,
  limit: number,
  columns: string = COLUMNS,
  extra: string[] = [],
): {
  sql: string;
  params: Params;
} {
  const { where, params, index } = filterTerms(filter, cursor, limit);
  where.push(...extra);
  // INDEXED BY keeps the planner on the range the comment above promises (with no statistics it
  // could prefer another index and sort); a missing index then fails loudly instead of scanning.
  const sql = `SELECT ${columns} FROM request_logs l INDEXED BY ${index} ${JOIN_NAMES}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY l.at DESC, l.seq DESC LIMIT @limit`;
  return { sql, params };
}
