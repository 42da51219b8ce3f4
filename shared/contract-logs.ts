// The Logs page's calls (electron/core/api/logs.ts; the reads in electron/core/store/request-log-reads.ts):
// the request log, newest first, a page at a time by keyset (the cursor is the last row's time and
// sequence number, so every later page is an index range, not an OFFSET), one row in full, and the
// filtered log exported page by page as CSV or JSON Lines (the renderer joins the pages into one file,
// so neither side ever holds the whole log as one result).
import { z } from 'zod';
import { call } from './contract-parts';
import { DAY_MS } from './granularity';

export const StatusClass = z.enum(['2xx', '4xx', '5xx']);
export type StatusClass = z.infer<typeof StatusClass>;

const name = z.string().trim().min(1).max(200);

/** What the Logs page filters by; every field is optional and they combine with AND. */
export const LogFilter = z
  .object({
    /** Epoch ms; `toMs` exclusive. Without them: the whole log. */
    fromMs: z.number().int().nonnegative().optional(),
    toMs: z.number().int().positive().optional(),
    keyId: name.optional(),
    teamId: name.optional(),
    modelGroup: name.optional(),
    /** The target that served it (a deployment or a provider endpoint's name). */
    deployment: name.optional(),
    /** The route the client called: chat/completions, completions, embeddings, rerank, messages, responses, vllm. */
    route: name.optional(),
    statusClass: StatusClass.optional(),
    /** The logged error kind (e.g. "rate_limit_exceeded", "upstream_error"). */
    errorKind: name.optional(),
    minLatencyMs: z.number().nonnegative().max(86_400_000).optional(),
    minCostUsd: z.number().nonnegative().max(1e9).optional(),
    /**
     * The start of a request id, or part of a failed request's error kind or message (3 characters
     * or more; ASCII letters in either case). electron/core/store/request-log-search.ts.
     */
    search: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((f) => f.fromMs === undefined || f.toMs === undefined || f.toMs > f.fromMs, {
    message: 'toMs must be after fromMs',
    path: ['toMs'],
  })
  .refine((f) => f.fromMs === undefined || f.toMs === undefined || f.toMs - f.fromMs <= 400 * DAY_MS, {
    message: 'at most 400 days',
    path: ['toMs'],
  });
export type LogFilter = z.infer<typeof LogFilter>;

/** Where the next page starts: the last row seen (its time and sequence number). */
export const LogCursor = z.object({ at: z.number().int(), seq: z.number().int().positive() }).strict();
export type LogCursor = z.infer<typeof LogCursor>;

export const LogRow = z.object({
  /** The log's own sequence number: unique, unlike a request id a client may reuse. */
  seq: z.number().int(),
  id: z.string(),
  /** Epoch ms. */
  at: z.number().int(),
  keyId: z.string().nullable(),
  keyAlias: z.string().nullable(),
  keyPrefix: z.string().nullable(),
  teamId: z.string().nullable(),
  teamAlias: z.string().nullable(),
  modelGroup: z.string().nullable(),
  deployment: z.string().nullable(),
  /** The route the client called (null on rows logged before routes were). */
  route: z.string().nullable(),
  status: z.number().int(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  attempts: z.number().int(),
  errorClass: z.string().nullable(),
});
export type LogRow = z.infer<typeof LogRow>;

export const LogPage = z.object({ rows: z.array(LogRow), nextCursor: LogCursor.nullable() });
export type LogPage = z.infer<typeof LogPage>;

/** One row as the drawer shows it: the row, its latency split, and what the log does not record. */
export const LogDetail = z.object({
  row: LogRow,
  latency: z.object({
    totalMs: z.number(),
    /** Until the first token (streams and non-streams alike, as the gateway measured it); null when none came. */
    ttftMs: z.number().nullable(),
    /** From the first token to the end. */
    generationMs: z.number().nullable(),
  }),
  /** Output tokens per second of generation, when there was a first token and more than one token. */
  tokensPerSecond: z.number().nullable(),
  /** Other rows with the same request id (a client may send its own id more than once). */
  sameIdCount: z.number().int(),
  notRecorded: z.array(z.string()),
});
export type LogDetail = z.infer<typeof LogDetail>;

export const LogExportFormat = z.enum(['csv', 'jsonl']);
export type LogExportFormat = z.infer<typeof LogExportFormat>;

/** Rows per export page: a few hundred kB of text per call. */
export const LOG_EXPORT_PAGE_ROWS = 5000;

export const logCalls = {
  'logs.page': call(
    z
      .object({
        filter: LogFilter.default({}),
        cursor: LogCursor.optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    LogPage,
  ),
  'logs.get': call(z.object({ seq: z.number().int().positive() }).strict(), LogDetail),
  /** One page of the export; the first (no cursor) starts with the CSV header. Call again with nextCursor until null. */
  'logs.export': call(
    z.object({ filter: LogFilter.default({}), format: LogExportFormat, cursor: LogCursor.optional() }).strict(),
    z.object({ text: z.string(), rows: z.number().int(), nextCursor: LogCursor.nullable() }),
  ),
} as const;
