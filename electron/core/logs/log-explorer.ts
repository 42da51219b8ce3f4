// The Logs page's domain: pages of the request log, one row in full, and the export, over the
// store's reads (store/request-log-reads.ts). Read-only: the gateway is the log's only writer.
import {
  LOG_EXPORT_PAGE_ROWS,
  type LogCursor,
  type LogDetail,
  type LogExportFormat,
  type LogFilter,
  type LogPage,
} from '../../../shared/contract-logs';
import type { Writable } from 'node:stream';
import { ApiError, invalidInput } from '../errors';
import type { Store } from '../store';
import { EXPORT_CONTENT_TYPE, LogDownloadInput, logExportChunk, writeLogExport } from './log-export';
import { CSV_HEADER } from './log-lines';
import { logReads } from './log-reads';

/** What the request log does not hold, said in the drawer rather than left blank. */
export const NOT_RECORDED = [
  'each attempt on its own (target tried, its error and duration, cooldowns, the fallback step): only the count and the target that served',
  'time queued in the gateway (the latency split is first token and generation)',
  'the reservation held (only the settled cost)',
  'the error message (only its kind) and the headers sent back',
  'request and response bodies',
];

export { logReads };

export function logPage(store: Store, filter: LogFilter, cursor: LogCursor | undefined, limit: number): LogPage {
  return logReads(store).page(filter, cursor, limit);
}

export function logDetail(store: Store, seq: number): LogDetail {
  const reads = logReads(store);
  const row = reads.bySeq(seq);
  if (!row) {
    throw new ApiError(
      'not_found',
      `No request log row ${seq}: it may have passed the retention period (Settings); search the log again.`,
    );
  }
  const generationMs = row.ttftMs === null ? null : Math.max(0, row.latencyMs - row.ttftMs);
  const tokensPerSecond =
    generationMs && generationMs > 0 && row.completionTokens > 1
      ? (row.completionTokens - 1) / (generationMs / 1000)
      : null;
  return {
    row,
    latency: { totalMs: row.latencyMs, ttftMs: row.ttftMs, generationMs },
    tokensPerSecond,
    sameIdCount: Math.max(0, reads.countById(row.id, row.at) - 1),
    notRecorded: NOT_RECORDED,
  };
}

/** One export page: the rows after `cursor` as text; the first page of a CSV starts with its header. */
export function logExportPage(
  store: Store,
  filter: LogFilter,
  format: LogExportFormat,
  cursor: LogCursor | undefined,
): { text: string; rows: number; nextCursor: LogCursor | null } {
  const chunk = logExportChunk(store, filter, format, cursor, LOG_EXPORT_PAGE_ROWS);
  const header = format === 'csv' && cursor === undefined ? CSV_HEADER : '';
  // A full page may be followed by more; the page after the last full one comes back empty.
  return {
    text: header + chunk.text,
    rows: chunk.rows,
    nextCursor: chunk.rows === LOG_EXPORT_PAGE_ROWS ? chunk.last : null,
  };
}

/**
 * The headless admin API's streamed export (POST /api/logs.download, or GET with ?format=&filter=):
 * the whole filtered log as one file, written as it is read (log-export.ts).
 */
export function logDownload(store: Store, now: () => number = Date.now) {
  return {
    open(input: unknown) {
      const parsed = LogDownloadInput.safeParse(input ?? {});
      if (!parsed.success) throw invalidInput('logs.download', parsed.error);
      const { filter, format } = parsed.data;
      const stamp = new Date(now()).toISOString().slice(0, 16).replace(':', '-');
      return {
        contentType: EXPORT_CONTENT_TYPE[format],
        filename: `switchyard-requests-${stamp}.${format}`,
        write: (out: Writable) => writeLogExport(store, filter, format, out),
      };
    },
  };
}
