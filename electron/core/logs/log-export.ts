// The request log exported as CSV or JSON Lines (the lines themselves: log-lines.ts).
// `writeLogExport` streams a filtered log of any size: keyset chunks of the store's own page
// statements (RequestLogReads.rows: one index range, or a search's), each chunk's rows read as
// arrays, its lines encoded as UTF-8 one after another into one Buffer and written as one piece. The next chunk is read once
// the writer has room (back-pressure: 'drain' is awaited whenever more than a chunk is buffered),
// and the event loop gets a turn between chunks. The connection is free between chunks (a held
// iterator would keep the gateway's log writer out), and memory holds a chunk or two of text,
// never the result (a chunk's Buffer, not its text: joining 1,000 lines into a string and
// encoding that cost some 12 µs a row, encoding each line into the Buffer 3-4). Keys' and teams' names are looked up once each per export, not joined per row.
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { type LogCursor, LogExportFormat, LogFilter } from '../../../shared/contract-logs';
import type { Store } from '../store';
import { logReads } from './log-reads';
import { CSV_HEADER, EXPORT_COLUMNS, ExportLines, type ExportNames, type ExportRow, LineBytes } from './log-lines';

export { CSV_COLUMNS } from './log-lines';

/**
 * Rows per chunk of a streamed export: about 200 kB of CSV, 450 kB of JSON Lines. Small enough
 * that a chunk's strings die young (5,000-row chunks cost a fifth more CPU, mostly in GC).
 */
export const EXPORT_CHUNK_ROWS = 1000;

/** One export: its reads, and its lines (the names and cells it has encoded, the day its times are in). */
class LogExport {
  private readonly line: (row: ExportRow) => string;

  constructor(
    private readonly store: Store,
    private readonly filter: LogFilter,
    format: LogExportFormat,
  ) {
    const lines = new ExportLines(cachedNames(store));
    this.line = format === 'csv' ? (row) => lines.csv(row) : (row) => lines.json(row);
  }

  /** Up to `limit` rows after `cursor`, and the last row's cursor. */
  private read(cursor: LogCursor | undefined, limit: number): { rows: ExportRow[]; last: LogCursor | null } {
    const rows = logReads(this.store).rows<ExportRow>(this.filter, cursor, limit, {
      columns: EXPORT_COLUMNS,
      raw: true,
      key: (r) => ({ at: r[2], seq: r[0] }),
    });
    const last = rows[rows.length - 1];
    return { rows, last: last ? { at: last[2], seq: last[0] } : null };
  }

  /** Up to `limit` rows after `cursor` as text, each line ending in \n, and the last row's cursor. */
  chunk(cursor: LogCursor | undefined, limit: number): { text: string; rows: number; last: LogCursor | null } {
    const { rows, last } = this.read(cursor, limit);
    // One join, not += per line: the chunk is flattened once, from lines that die young.
    const lines = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) lines[i] = this.line(rows[i]);
    return { text: lines.join(''), rows: rows.length, last };
  }

  /** The same chunk as its UTF-8 bytes, each line encoded where the last ended (LineBytes). */
  bytes(cursor: LogCursor | undefined, limit: number): { bytes: Buffer; rows: number; last: LogCursor | null } {
    const { rows, last } = this.read(cursor, limit);
    const bytes = new LineBytes(rows.length * CHUNK_BYTES_PER_ROW);
    for (let i = 0; i < rows.length; i++) bytes.add(this.line(rows[i]));
    return { bytes: bytes.bytes(), rows: rows.length, last };
  }
}

/** A chunk's first buffer, per row: a JSON line is some 450 bytes, a CSV line 200 (LineBytes grows it when not). */
const CHUNK_BYTES_PER_ROW = 512;

/** The store's key and team names, each looked up once (a name changed during an export keeps its first value). */
function cachedNames(store: Store): ExportNames {
  const reads = logReads(store);
  const keys = new Map<string, { alias: string | null; prefix: string } | null>();
  const teams = new Map<string, string | null>();
  return {
    key(id) {
      let key = keys.get(id);
      if (key === undefined) {
        key = reads.keyName(id);
        keys.set(id, key);
      }
      return key;
    },
    team(id) {
      let team = teams.get(id);
      if (team === undefined) {
        team = reads.teamName(id);
        teams.set(id, team);
      }
      return team;
    },
  };
}

/** One chunk of the export: up to `limit` rows after `cursor` as text, each line ending in \n. */
export function logExportChunk(
  store: Store,
  filter: LogFilter,
  format: LogExportFormat,
  cursor: LogCursor | undefined,
  limit: number,
): { text: string; rows: number; last: LogCursor | null } {
  return new LogExport(store, filter, format).chunk(cursor, limit);
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

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes the filtered log to `out`, newest first, as CSV (with its header) or JSON Lines. While
 * more than one chunk's text waits in `out`, waits for 'drain'; otherwise reads the next chunk
 * while `out` writes this one. Stops early when `out` is destroyed (the client went away).
 * Returns the rows written. Does not end `out`.
 */
export async function writeLogExport(
  store: Store,
  filter: LogFilter,
  format: LogExportFormat,
  out: Writable,
  chunkRows = EXPORT_CHUNK_ROWS,
): Promise<number> {
  const exporter = new LogExport(store, filter, format);
  if (format === 'csv') out.write(CSV_HEADER);
  let cursor: LogCursor | undefined;
  let written = 0;
  for (;;) {
    if (out.destroyed) return written;
    const chunk = exporter.bytes(cursor, chunkRows);
    written += chunk.rows;
    if (chunk.rows > 0 && !out.write(chunk.bytes) && out.writableLength > chunk.bytes.length && !out.destroyed)
      await drained(out);
    else await turn();
    if (chunk.rows < chunkRows || !chunk.last) return written;
    cursor = chunk.last;
  }
}
