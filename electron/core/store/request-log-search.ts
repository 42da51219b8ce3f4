// The Logs page's free-text search (migration 20). A row matches when its request id starts with
// the text (exact bytes), or when it failed and its error text — kind, the message the client was
// sent, each attempt's message — holds the text, ASCII letters in either case (as LIKE compares;
// at least 3 characters, the trigram index's unit). Each side is read by how many rows match it,
// counted through its index first (up to a cap, so a count costs at most that many entries):
// - candidates: the matches' (at, seq), newest first after the cursor, straight from an index
//   (request ids by value, covering; the error texts' FTS5 trigram index, each text then checked
//   with LIKE; or, for many messages, the error texts by time), a window at a time; then the log
//   rows of each window by rowid with the filter's other terms, until the page is full. A miss or
//   an exact id is a lookup, and no log row is read that is not a match. Few messages with other
//   terms (a key, a group…): one statement over all the matches instead (logFewMessagesSql).
// - scan (ids past ID_CANDIDATES, or many messages under an equality such as a key): the filter's
//   own time-ordered index range, each row checked; matches are dense there.
// A page is the two sides' pages merged by (at, seq); each statement is what
// test/logs/query-plans.test.ts checks with EXPLAIN QUERY PLAN.
import type Database from 'better-sqlite3';
import type { LogCursor, LogFilter } from '../../../shared/contract-logs';
import { COLUMNS, filterTerms, JOIN_NAMES, logPageSql, type Params, STATUS_CLASS_INDEX } from './request-log-sql';

/** Up to this many id matches, they are candidates (sorted from the covering id index). */
export const ID_CANDIDATES = 200_000;
/** Up to this many message matches, they are candidates from the FTS index. */
export const FEW_MESSAGES = 5000;

/** Search text shorter than this matches request ids only: trigrams need three characters. */
export const MESSAGE_MIN_CHARS = 3;

export type SearchSide = 'id' | 'message';
/** Where a side's matches come from: few/many are candidates, scan walks the filter's range. */
export type SearchPlan = 'few' | 'many' | 'scan';

export type SearchFilter = LogFilter & { search: string };

/** Sorts after every character an id may hold: the id-prefix range's upper bound. */
const AFTER_ALL = '\u{10FFFF}';

function idRange(search: string): Params {
  return { idFrom: search, idTo: search + AFTER_ALL };
}

/** The text as one FTS5 phrase (trigrams in a row: a substring), and as a LIKE pattern. */
function messageTerms(search: string): { phrase: string; pattern: string } {
  return {
    phrase: `"${search.replace(/"/g, '""')}"`,
    pattern: `%${search.replace(/[\\%_]/g, '\\$&')}%`,
  };
}

const TEXT_MATCH = String.raw`c.text LIKE @pattern ESCAPE '\'`;

/** Capped counts of each side's matches, through its index. */
export const SEARCH_COUNTS = {
  id: `SELECT count(*) FROM (SELECT 1 FROM request_logs INDEXED BY request_logs_id_at
    WHERE id >= @idFrom AND id < @idTo LIMIT @cap)`,
  message: `SELECT count(*) FROM (SELECT 1 FROM request_log_error_search
    WHERE request_log_error_search MATCH @phrase LIMIT @cap)`,
} as const;

/** Whether the filter has an equality whose index range a scan of failed rows can lead with. */
function hasEquality(filter: LogFilter): boolean {
  const { index } = filterTerms(filter, undefined, 0, 'l', 'rest');
  return index !== 'request_logs_at' && index !== STATUS_CLASS_INDEX;
}

/** Whether the filter has terms besides its time range and search (a key, a status, a min cost…). */
function hasOtherTerms(filter: LogFilter): boolean {
  return filterTerms(filter, undefined, 0, 'l', 'rest').where.length > 0;
}

/**
 * The statement of a side's plan. scan: the page's rows (columns over l, k and t). few/many: up
 * to @window candidates (at, seq) after the cursor, newest first; `logRowsSql` reads their rows.
 */
export function logSearchSql(
  side: SearchSide,
  plan: SearchPlan,
  filter: SearchFilter,
  cursor: LogCursor | undefined,
  limit: number,
  columns: string = COLUMNS,
): { sql: string; params: Params } {
  const { phrase, pattern } = messageTerms(filter.search);
  if (plan === 'scan' && side === 'id') {
    const page = logPageSql(filter, cursor, limit, columns, ['l.id >= @idFrom AND l.id < @idTo']);
    return { sql: page.sql, params: { ...page.params, ...idRange(filter.search) } };
  }
  if (plan === 'scan') {
    // The page's seqs first, its rows then: the range's rows are checked from the index and the
    // small error table alone (no l.error_class term: only failed rows have an error text), so a
    // row that did not fail costs no read of its log row; only the page's rows are read (and sorted).
    const match = `EXISTS (SELECT 1 FROM request_log_errors c WHERE c.seq = l.seq AND ${TEXT_MATCH})`;
    const page = logPageSql(filter, cursor, limit, 'l.seq AS seq', [match]);
    const sql = `SELECT ${columns} FROM (${page.sql}) m JOIN request_logs l ON l.seq = m.seq ${JOIN_NAMES}
      ORDER BY l.at DESC, l.seq DESC`;
    return { sql, params: { ...page.params, pattern } };
  }
  const { where, params } = filterTerms(filter, cursor, limit, 'c', 'time');
  const window = { window: limit };
  delete params.limit;
  if (side === 'id') {
    const sql = `SELECT c.at, c.seq FROM request_logs c INDEXED BY request_logs_id_at
      WHERE c.id >= @idFrom AND c.id < @idTo ${where.map((w) => `AND ${w}`).join(' ')}
      ORDER BY c.at DESC, c.seq DESC LIMIT @window`;
    return { sql, params: { ...params, ...window, ...idRange(filter.search) } };
  }
  const [from, found] =
    plan === 'few'
      ? [
          'request_log_errors c NOT INDEXED',
          'c.seq IN (SELECT rowid FROM request_log_error_search WHERE request_log_error_search MATCH @phrase) AND ',
        ]
      : ['request_log_errors c INDEXED BY request_log_errors_at', ''];
  const sql = `SELECT c.at, c.seq FROM ${from} WHERE ${found}${TEXT_MATCH} ${where.map((w) => `AND ${w}`).join(' ')}
    ORDER BY c.at DESC, c.seq DESC LIMIT @window`;
  return {
    sql,
    params: plan === 'few' ? { ...params, ...window, phrase, pattern } : { ...params, ...window, pattern },
  };
}

/**
 * A page of `filter` with few message matches (FEW_MESSAGES at most) and other terms: every match
 * from the FTS index (with a time range or a cursor, first checked against the error texts' own
 * time: a small table, where the log is a large one), its log row by rowid and the filter checked
 * on it, then its error text with LIKE only for the rows that pass; sorted. One pass over the
 * matches, not windows of candidates re-read until the page is full.
 */
export function logFewMessagesSql(
  filter: SearchFilter,
  cursor: LogCursor | undefined,
  limit: number,
  columns: string = COLUMNS,
): { sql: string; params: Params } {
  const { phrase, pattern } = messageTerms(filter.search);
  const time = filterTerms(filter, cursor, limit, 'c', 'time');
  const rest = filterTerms(filter, undefined, limit, 'l', 'rest');
  const matches = 'SELECT rowid FROM request_log_error_search WHERE request_log_error_search MATCH @phrase';
  const seqs = time.where.length
    ? `SELECT c.seq FROM request_log_errors c NOT INDEXED WHERE c.seq IN (${matches}) AND ${time.where.join(' AND ')}`
    : matches;
  const sql = `SELECT ${columns} FROM request_logs l NOT INDEXED ${JOIN_NAMES}
    WHERE l.seq IN (${seqs}) ${rest.where.map((w) => `AND ${w}`).join(' ')}
    AND EXISTS (SELECT 1 FROM request_log_errors c WHERE c.seq = l.seq AND ${TEXT_MATCH})
    ORDER BY l.at DESC, l.seq DESC LIMIT @limit`;
  return { sql, params: { ...time.params, ...rest.params, phrase, pattern } };
}

/** The log rows of some candidates (@seqs, a JSON array) that pass the filter's other terms, newest first. */
export function logRowsSql(filter: LogFilter, columns: string = COLUMNS): { sql: string; params: Params } {
  const { where, params } = filterTerms(filter, undefined, 0, 'l', 'rest');
  delete params.limit;
  const sql = `SELECT ${columns} FROM request_logs l NOT INDEXED ${JOIN_NAMES}
    WHERE l.seq IN (SELECT value FROM json_each(@seqs)) ${where.map((w) => `AND ${w}`).join(' ')}
    ORDER BY l.at DESC, l.seq DESC`;
  return { sql, params };
}

type Options<R> = { columns?: string; raw?: boolean; key: (row: R) => LogCursor };

/** Reads rows of a filter with a search, with statements prepared once per shape. */
export class RequestLogSearch {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly counts: Record<SearchSide, Database.Statement>;

  /** `limits`: the caps above, or smaller ones in a test that means every plan to run on a small log. */
  constructor(
    private readonly db: Database.Database,
    private readonly limits = { ids: ID_CANDIDATES, messages: FEW_MESSAGES },
  ) {
    this.counts = {
      id: db.prepare(SEARCH_COUNTS.id).pluck(),
      message: db.prepare(SEARCH_COUNTS.message).pluck(),
    };
  }

  /** Which plan each side uses for `filter` (absent: that side matches nothing). */
  plans(filter: SearchFilter): Partial<Record<SearchSide, SearchPlan>> {
    const plans: Partial<Record<SearchSide, SearchPlan>> = {};
    const ids = this.counts.id.get({ ...idRange(filter.search), cap: this.limits.ids + 1 }) as number;
    if (ids > 0) plans.id = ids > this.limits.ids ? 'scan' : 'few';
    if ([...filter.search].length >= MESSAGE_MIN_CHARS) {
      const { phrase } = messageTerms(filter.search);
      const messages = this.counts.message.get({ phrase, cap: this.limits.messages + 1 }) as number;
      if (messages > 0)
        plans.message = messages <= this.limits.messages ? 'few' : hasEquality(filter) ? 'scan' : 'many';
    }
    return plans;
  }

  /**
   * Up to `limit` rows of `filter` after `cursor`, newest first: each side's page, merged by
   * (at, seq) with a row both sides found kept once. `raw`: rows as arrays, `key` their (at, seq).
   */
  rows<R>(filter: SearchFilter, cursor: LogCursor | undefined, limit: number, options: Options<R>): R[] {
    const pages: R[][] = [];
    for (const [side, plan] of Object.entries(this.plans(filter)) as Array<[SearchSide, SearchPlan]>) {
      if (plan === 'scan' || (side === 'message' && plan === 'few' && hasOtherTerms(filter))) {
        const { sql, params } =
          plan === 'scan'
            ? logSearchSql(side, plan, filter, cursor, limit, options.columns)
            : logFewMessagesSql(filter, cursor, limit, options.columns);
        pages.push(this.prepared(sql, options.raw ?? false).all(params) as R[]);
      } else pages.push(this.fromCandidates(side, plan, filter, cursor, limit, options));
    }
    if (pages.length < 2) return pages[0] ?? [];
    const seen = new Set<number>();
    const merged: R[] = [];
    for (const row of [...pages[0], ...pages[1]]) {
      const { seq } = options.key(row);
      if (seen.has(seq)) continue;
      seen.add(seq);
      merged.push(row);
    }
    merged.sort((a, b) => {
      const x = options.key(a);
      const y = options.key(b);
      return y.at - x.at || y.seq - x.seq;
    });
    return merged.slice(0, limit);
  }

  /**
   * A side's page from its candidates: a window of them newest first, their rows with the other
   * terms, again after the window's last one (twice as many each time) until the page is full.
   */
  private fromCandidates<R>(
    side: SearchSide,
    plan: SearchPlan,
    filter: SearchFilter,
    cursor: LogCursor | undefined,
    limit: number,
    options: Options<R>,
  ): R[] {
    const rowsSql = logRowsSql(filter, options.columns);
    const rows = this.prepared(rowsSql.sql, options.raw ?? false);
    const others = hasOtherTerms(filter);
    const out: R[] = [];
    let after = cursor;
    for (let window = others ? Math.max(2 * limit, 400) : limit; ; window *= 2) {
      const { sql, params } = logSearchSql(side, plan, filter, after, limit);
      const candidates = this.prepared(sql, true).all({ ...params, window }) as Array<[number, number]>;
      if (!candidates.length) return out;
      const seqs = JSON.stringify(candidates.map((c) => c[1]));
      for (const row of rows.all({ ...rowsSql.params, seqs }) as R[]) {
        out.push(row);
        if (out.length === limit) return out;
      }
      if (candidates.length < window) return out;
      const [at, seq] = candidates[candidates.length - 1];
      after = { at, seq };
    }
  }

  private prepared(sql: string, raw: boolean): Database.Statement {
    const name = `${raw ? 'raw' : 'rows'} ${sql}`;
    let statement = this.statements.get(name);
    if (!statement) {
      statement = raw ? this.db.prepare(sql).raw() : this.db.prepare(sql);
      // A filter's shape makes at most a few hundred distinct statements: prepared once each.
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(name, statement);
    }
    return statement;
  }
}
