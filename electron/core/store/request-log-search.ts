// The Logs page's free-text search (migration 20). A row matches when its request id starts with
// the text (exact bytes), or when it failed and its error text — kind, the message the client was
// sent, each attempt's message — holds the text, ASCII letters in either case (as LIKE compares;
// at least 3 characters, the trigram index's unit). Each side is one statement chosen by how many
// rows match it, counted up to FEW_MATCHES through its index first:
// - few: the matching rows straight from the index (request ids by value, or the FTS5 trigram
//   index of error texts, each candidate's text then checked with LIKE), filtered, and sorted;
//   at most FEW_MATCHES rows, so a miss or an exact id is a lookup, never a scan;
// - many: the filter's own time-ordered index range (the log's, or the error texts' by time),
//   each row checked, so matches are dense enough that a page fills in a few thousand rows.
// A page is the two sides' pages merged by (at, seq); each side's statement is what
// test/logs/query-plans.test.ts checks with EXPLAIN QUERY PLAN.
import type Database from 'better-sqlite3';
import type { LogCursor, LogFilter } from '../../../shared/contract-logs';
import { COLUMNS, filterTerms, JOIN_NAMES, logPageSql, type Params } from './request-log-sql';

/** Up to this many matches on a side, its rows are read from the search index and sorted. */
export const FEW_MATCHES = 5000;

/** Search text shorter than this matches request ids only: trigrams need three characters. */
export const MESSAGE_MIN_CHARS = 3;

export type SearchSide = 'id' | 'message';
export type SearchPlan = 'few' | 'many';

/** Sorts after every character an id may hold: the id-prefix range's upper bound. */
const AFTER_ALL = '\u{10FFFF}';

function idRange(search: string): Params {
  return { idFrom: search, idTo: search + AFTER_ALL };
}

/** The text as one FTS5 phrase (trigrams in a row: a substring), and as a LIKE pattern. */
function messageTerms(search: string): Params {
  return {
    phrase: `"${search.replace(/"/g, '""')}"`,
    pattern: `%${search.replace(/[\\%_]/g, '\\$&')}%`,
  };
}

const ID_MATCH = 'l.id >= @idFrom AND l.id < @idTo';
const TEXT_MATCH = String.raw`e.text LIKE @pattern ESCAPE '\'`;

/** Capped counts of each side's matches, through its index (SEARCH_COUNTS in the plan test). */
export const SEARCH_COUNTS = {
  id: `SELECT count(*) FROM (SELECT 1 FROM request_logs INDEXED BY request_logs_id_at
    WHERE id >= @idFrom AND id < @idTo LIMIT @cap)`,
  message: `SELECT count(*) FROM (SELECT 1 FROM request_log_error_search
    WHERE request_log_error_search MATCH @phrase LIMIT @cap)`,
} as const;

/**
 * The SQL and parameters of one side's page of `filter` (its search included) after `cursor`.
 * `columns` are over l, k and t, as logPageSql's.
 */
export function logSearchSql(
  side: SearchSide,
  plan: SearchPlan,
  filter: LogFilter & { search: string },
  cursor: LogCursor | undefined,
  limit: number,
  columns: string = COLUMNS,
): { sql: string; params: Params } {
  if (side === 'id') {
    if (plan === 'many') {
      const page = logPageSql(filter, cursor, limit, columns, [ID_MATCH]);
      return { sql: page.sql, params: { ...page.params, ...idRange(filter.search) } };
    }
    const { where, params } = filterTerms(filter, cursor, limit);
    // NOT INDEXED: the rows come by rowid from the id range, not from another index's range.
    const sql = `SELECT ${columns} FROM request_logs l NOT INDEXED ${JOIN_NAMES}
      WHERE l.seq IN (SELECT seq FROM request_logs INDEXED BY request_logs_id_at WHERE id >= @idFrom AND id < @idTo)
      ${where.map((w) => `AND ${w}`).join(' ')}
      ORDER BY l.at DESC, l.seq DESC LIMIT @limit`;
    return { sql, params: { ...params, ...idRange(filter.search) } };
  }
  // Messages: the error-text table (e) leads, by its FTS index (few) or its time index (many);
  // CROSS JOIN keeps it first, and each row's log row is a rowid lookup.
  const { where, params } = filterTerms(filter, cursor, limit, 'e');
  const from =
    plan === 'few'
      ? `request_log_errors e NOT INDEXED CROSS JOIN request_logs l NOT INDEXED`
      : `request_log_errors e INDEXED BY request_log_errors_at CROSS JOIN request_logs l NOT INDEXED`;
  const found =
    plan === 'few'
      ? 'e.seq IN (SELECT rowid FROM request_log_error_search WHERE request_log_error_search MATCH @phrase) AND '
      : '';
  const sql = `SELECT ${columns} FROM ${from} ${JOIN_NAMES}
    WHERE ${found}${TEXT_MATCH} AND l.seq = e.seq ${where.map((w) => `AND ${w}`).join(' ')}
    ORDER BY e.at DESC, e.seq DESC LIMIT @limit`;
  const { phrase, pattern } = messageTerms(filter.search);
  return { sql, params: plan === 'few' ? { ...params, phrase, pattern } : { ...params, pattern } };
}

/** Reads rows of a filter with a search, with statements prepared once per shape. */
export class RequestLogSearch {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly counts: Record<SearchSide, Database.Statement>;

  /** `fewMatches`: FEW_MATCHES, or fewer in a test that means both plans to run on a small log. */
  constructor(
    private readonly db: Database.Database,
    private readonly fewMatches = FEW_MATCHES,
  ) {
    this.counts = {
      id: db.prepare(SEARCH_COUNTS.id).pluck(),
      message: db.prepare(SEARCH_COUNTS.message).pluck(),
    };
  }

  /** Which statement each side uses for `search` (none: that side cannot match). */
  plans(search: string): Partial<Record<SearchSide, SearchPlan>> {
    const plans: Partial<Record<SearchSide, SearchPlan>> = {};
    const cap = this.fewMatches + 1;
    const ids = this.counts.id.get({ ...idRange(search), cap }) as number;
    if (ids > 0) plans.id = ids > this.fewMatches ? 'many' : 'few';
    if ([...search].length >= MESSAGE_MIN_CHARS) {
      const { phrase } = messageTerms(search);
      const messages = this.counts.message.get({ phrase, cap }) as number;
      if (messages > 0) plans.message = messages > this.fewMatches ? 'many' : 'few';
    }
    return plans;
  }

  /**
   * Up to `limit` rows of `filter` after `cursor`, newest first: each side's page, merged by
   * (at, seq) with a row both sides found kept once. `raw`: rows as arrays, `key` their (at, seq).
   */
  rows<R>(
    filter: LogFilter & { search: string },
    cursor: LogCursor | undefined,
    limit: number,
    options: { columns?: string; raw?: boolean; key: (row: R) => LogCursor },
  ): R[] {
    const pages: R[][] = [];
    for (const [side, plan] of Object.entries(this.plans(filter.search)) as Array<[SearchSide, SearchPlan]>) {
      const { sql, params } = logSearchSql(side, plan, filter, cursor, limit, options.columns);
      pages.push(this.prepared(sql, options.raw ?? false).all(params) as R[]);
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
