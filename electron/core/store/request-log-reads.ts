// Reads of the request log for the Logs page: filtered pages newest first by keyset (the
// statements: request-log-sql.ts; with a free-text search: request-log-search.ts), one row by its
// sequence number, rows by request id. `logPageSql` and `logSearchSql` are what the store runs,
// and what test/logs/query-plans.test.ts checks with EXPLAIN QUERY PLAN.
import type Database from 'better-sqlite3';
import type { LogCursor, LogFilter, LogRow } from '../../../shared/contract-logs';
import { prepareAll } from './prepared-reads';
import { RequestLogSearch } from './request-log-search';
import { COLUMNS, FROM, logPageSql } from './request-log-sql';

export { logPageSql };

/** Named reads with a fixed shape (the query-plan test checks these as well). */
export const LOG_READS = {
  bySeq: `SELECT ${COLUMNS} ${FROM} WHERE l.seq = ?`,
  countById: `SELECT count(*) AS n FROM request_logs WHERE id = ? AND at >= ? AND at <= ?`,
  /** A row by its request id since a time: the Playground's own requests, just answered. */
  byIdSince: `SELECT ${COLUMNS} ${FROM} WHERE l.at >= ? AND l.id = ? ORDER BY l.at DESC LIMIT 1`,
  /** A key's and a team's names, for the export (which looks each up once instead of joining every row). */
  keyName: `SELECT alias, prefix FROM virtual_keys WHERE id = ?`,
  teamName: `SELECT alias FROM teams WHERE id = ?`,
} as const;

export class RequestLogReads {
  private readonly pages = new Map<string, Database.Statement>();
  private readonly statements: Record<keyof typeof LOG_READS, Database.Statement>;

  private readonly search: RequestLogSearch;

  /** `searchLimits`: how many matches a search reads from its indexes (request-log-search.ts). */
  constructor(
    private readonly db: Database.Database,
    searchLimits?: { ids: number; messages: number },
  ) {
    this.statements = prepareAll(db, LOG_READS);
    this.search = new RequestLogSearch(db, searchLimits);
  }

  /** One page of the filtered log, newest first, and the cursor of the next (null: this was the last). */
  page(
    filter: LogFilter,
    cursor: LogCursor | undefined,
    limit: number,
  ): { rows: LogRow[]; nextCursor: LogCursor | null } {
    const rows = this.rows<LogRow>(filter, cursor, limit + 1, { key: (r) => r });
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows[rows.length - 1];
    return { rows, nextCursor: more && last ? { at: last.at, seq: last.seq } : null };
  }

  /**
   * Up to `limit` rows of `filter` after `cursor`, newest first, with `columns` (over l, k and t;
   * as arrays when `raw`) and `key` giving a row's (at, seq): the Logs page's rows and the export's.
   */
  rows<R>(
    filter: LogFilter,
    cursor: LogCursor | undefined,
    limit: number,
    options: { columns?: string; raw?: boolean; key: (row: R) => LogCursor },
  ): R[] {
    const { search } = filter;
    if (search !== undefined) return this.search.rows({ ...filter, search }, cursor, limit, options);
    const { sql, params } = logPageSql(filter, cursor, limit, options.columns);
    const name = `${options.raw ? 'raw' : 'rows'} ${sql}`;
    // A filter's shape makes at most a few hundred distinct statements: prepared once each.
    let statement = this.pages.get(name);
    if (!statement) {
      statement = options.raw ? this.db.prepare(sql).raw() : this.db.prepare(sql);
      if (this.pages.size > 500) this.pages.clear();
      this.pages.set(name, statement);
    }
    return statement.all(params) as R[];
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

  keyName(id: string): { alias: string | null; prefix: string } | null {
    return (this.statements.keyName.get(id) as { alias: string | null; prefix: string } | undefined) ?? null;
  }

  teamName(id: string): string | null {
    return (this.statements.teamName.get(id) as { alias: string | null } | undefined)?.alias ?? null;
  }
}
