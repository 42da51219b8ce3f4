// The request log as text: CSV (RFC 4180 quoting; a cell that a spreadsheet would run as a formula
// is prefixed with ') and JSON Lines, one object per row (the LogRow shape). Times are ISO 8601 UTC.
// SQLite writes each line itself (json_object, or the quoted cells joined), in the store's own page
// statement (logPageSql, one index range): reading lines as text is several times faster than
// reading row objects and formatting them in JS.
// `writeLogExport` streams a filtered log of any size: keyset chunks of that statement, each
// chunk's lines read with iterate(), written as one piece, and the next chunk read only once the
// writer has drained. The connection is free between chunks (a held iterator would keep the
// gateway's log writer out), and memory holds one chunk of text, never the result.
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { type LogCursor, LogExportFormat, LogFilter } from '../../../shared/contract-logs';
import type { Store } from '../store';
import { logPageSql } from '../store/request-log-reads';

/** The CSV header, and each column's SQL (over l, k and t) and whether it is text to quote. */
const CSV: Array<[string, string, 'text' | 'number' | 'real']> = [
  ['time', ISO_TIME('l.at'), 'number'],
  ['request_id', 'l.id', 'text'],
  ['key_id', 'l.key_id', 'text'],
  ['key_alias', 'k.alias', 'text'],
  ['team_id', 'l.team_id', 'text'],
  ['team_alias', 't.alias', 'text'],
  ['model_group', 'l.model_group', 'text'],
  ['served_target', 'l.deployment', 'text'],
  ['route', 'l.route', 'text'],
  ['status', 'l.status', 'number'],
  ['error_kind', 'l.error_class', 'text'],
  ['prompt_tokens', 'l.prompt_tokens', 'number'],
  ['completion_tokens', 'l.completion_tokens', 'number'],
  ['cost_usd', 'l.cost_usd', 'real'],
  ['latency_ms', 'l.latency_ms', 'real'],
  ['ttft_ms', 'l.ttft_ms', 'real'],
  ['attempts', 'l.attempts', 'number'],
];

export const CSV_COLUMNS = CSV.map(([name]) => name);

/** Epoch ms as ISO 8601 UTC with milliseconds, exactly as Date.toISOString writes it. */
function ISO_TIME(column: string): string {
  return `(strftime('%Y-%m-%dT%H:%M:%S', ${column} / 1000, 'unixepoch') || printf('.%03dZ', ${column} % 1000))`;
}

/** A cell that needs quotes holds " , LF or CR; one a spreadsheet would run starts with - = + @ TAB or CR. */
const NEEDS_QUOTES = `'*[",\n\r]*'`;
const FORMULA = `'[-=+@\t\r]*'`;

const quoted = (value: string) =>
  `(CASE WHEN ${value} GLOB ${NEEDS_QUOTES} THEN '"' || replace(${value}, '"', '""') || '"' ELSE ${value} END)`;

/** A text cell: empty for null, ' before a formula's first character, quoted when it must be. */
function csvText(column: string): string {
  return `coalesce(CASE WHEN ${column} GLOB ${FORMULA} THEN ${quoted(`'''' || ${column}`)} ELSE ${quoted(column)} END, '')`;
}

/** A REAL cell as JS writes the number: 12, not SQLite's 12.0. */
const csvReal = (column: string) =>
  `coalesce(CASE WHEN ${column} = CAST(${column} AS INTEGER) THEN CAST(CAST(${column} AS INTEGER) AS TEXT) ELSE ${column} END, '')`;

const CSV_LINE = CSV.map(([, sql, kind]) =>
  kind === 'text' ? csvText(sql) : kind === 'real' ? csvReal(sql) : `coalesce(${sql}, '')`,
).join(" || ',' || ");

const JSON_LINE = `json_object('seq', l.seq, 'id', l.id, 'at', ${ISO_TIME('l.at')}, 'keyId', l.key_id, 'keyAlias', k.alias,
  'keyPrefix', k.prefix, 'teamId', l.team_id, 'teamAlias', t.alias, 'modelGroup', l.model_group, 'deployment', l.deployment,
  'route', l.route, 'status', l.status, 'promptTokens', l.prompt_tokens, 'completionTokens', l.completion_tokens,
  'costUsd', l.cost_usd, 'latencyMs', l.latency_ms, 'ttftMs', l.ttft_ms, 'attempts', l.attempts, 'errorClass', l.error_class)`;

/** The select list of an export chunk: the line, then the row's time and seq (the next cursor). */
export function exportColumns(format: LogExportFormat): string {
  return `${format === 'csv' ? CSV_LINE : JSON_LINE} AS line, l.at AS at, l.seq AS seq`;
}

/** Rows per chunk of a streamed export: a few hundred kB of text. */
export const EXPORT_CHUNK_ROWS = 2000;

/** One chunk of the export: up to `limit` rows after `cursor` as text, each line ending in \n. */
export function logExportChunk(
  store: Store,
  filter: LogFilter,
  format: LogExportFormat,
  cursor: LogCursor | undefined,
  limit: number,
): { text: string; rows: number; last: LogCursor | null } {
  const { sql, params } = logPageSql(filter, cursor, limit, exportColumns(format));
  let text = '';
  let rows = 0;
  let at = 0;
  let seq = 0;
  for (const row of store.db.prepare(sql).raw().iterate(params) as IterableIterator<[string, number, number]>) {
    text += `${row[0]}\n`;
    at = row[1];
    seq = row[2];
    rows++;
  }
  return { text, rows, last: rows ? { at, seq } : null };
}

/** What POST /api/logs.download (or GET with ?format=&filter=<JSON>) takes. */
export const LogDownloadInput = z.object({ filter: LogFilter.default({}), format: LogExportFormat }).strict();
export type LogDownloadInput = z.infer<typeof LogDownloadInput>;

export const EXPORT_CONTENT_TYPE: Record<LogExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/** Until `out` drains or closes, whichever comes first (the other listener removed). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/**
 * Writes the filtered log to `out`, newest first, as CSV (with its header) or JSON Lines, waiting
 * for 'drain' whenever `out` asks to; stops early when `out` is destroyed (the client went away).
 * Returns the rows written. Does not end `out`.
 */
export async function writeLogExport(
  store: Store,
  filter: LogFilter,
  format: LogExportFormat,
  out: Writable,
  chunkRows = EXPORT_CHUNK_ROWS,
): Promise<number> {
  if (format === 'csv') out.write(`${CSV_COLUMNS.join(',')}\n`);
  let cursor: LogCursor | undefined;
  let written = 0;
  for (;;) {
    if (out.destroyed) return written;
    const chunk = logExportChunk(store, filter, format, cursor, chunkRows);
    written += chunk.rows;
    if (chunk.rows > 0 && !out.write(chunk.text) && !out.destroyed) await drained(out);
    if (chunk.rows < chunkRows || !chunk.last) return written;
    cursor = chunk.last;
  }
}
