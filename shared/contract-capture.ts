// What the gateway records of one request beyond its log row (migration 18): the attempt chain,
// the latency split, the reservation and the headers sent back (`RequestTrace`, on every row), and
// — only where body capture is on, globally or for the key — the request and response bodies,
// capped and redacted (`CapturedBodies`, kept for their own retention). The calls are the Logs
// drawer's (`logs.trace`) and the body-capture setting's (`capture.*`); electron/core/api/capture.ts.
import { z } from 'zod';
import { call, Empty } from './contract-parts';

/** Which step of the routing chain an attempt was. */
export const AttemptStep = z.enum(['first', 'retry', 'fallback', 'context-window-fallback']);
export type AttemptStep = z.infer<typeof AttemptStep>;

export const TraceAttempt = z.object({
  target: z.string(),
  group: z.string(),
  step: AttemptStep,
  /** `ok`, or the failure kind (status, context-length, network, timeout, bad-response, client, gateway). */
  outcome: z.string(),
  /** The target's HTTP status, when it answered one. */
  status: z.number().int().nullable().default(null),
  /** The failure in words (the target's error message, trimmed); null when it served. */
  message: z.string().nullable().default(null),
  /** From the request's start to this attempt's send, ms. */
  startMs: z.number(),
  /** Until the answer's headers (or the failure), ms. */
  durationMs: z.number(),
  /** The cooldown this failure put the target in, ms; null when none. */
  cooldownMs: z.number().nullable().default(null),
});
export type TraceAttempt = z.infer<typeof TraceAttempt>;

/** A row stores it without its null fields and the headers its columns give (electron/core/capture/stored-trace.ts): they default. */
export const RequestTrace = z.object({
  attempts: z.array(TraceAttempt),
  /** Groups passed over without a send, and why (e.g. the prompt is longer than every target's context). */
  skipped: z.array(z.string()).default([]),
  /** Parse, admission and reservation: from the start until the first attempt was sent, ms. */
  queuedMs: z.number().nullable().default(null),
  /** From the serving attempt's send to the first token, ms (streams only). */
  upstreamTtftMs: z.number().nullable().default(null),
  /** From the first token (or the answer's headers) to the end, ms. */
  generationMs: z.number().nullable().default(null),
  /** USD and tokens held at admission against the budgets and tokens-per-minute limits. */
  reservedUsd: z.number(),
  reservedTokens: z.number(),
  /** The error message the client was sent, when the request failed. */
  message: z.string().nullable().default(null),
  /** The x-switchyard-* headers sent back (the request id is the row's own). */
  headers: z.record(z.string(), z.string()).default({}),
});
export type RequestTrace = z.infer<typeof RequestTrace>;

export const CapturedBody = z.object({
  /** The body as stored: redacted, then cut at the cap. */
  text: z.string(),
  /** Its size before the cut, bytes. */
  bytes: z.number().int(),
  truncated: z.boolean(),
});
export type CapturedBody = z.infer<typeof CapturedBody>;

export const CapturedBodies = z.object({
  request: CapturedBody,
  /** The answer as the client got it (JSON, or the event stream's text); null when none was sent. */
  response: CapturedBody.nullable(),
  requestHeaders: z.record(z.string(), z.string()),
  /** The route it came in on, e.g. chat/completions (what a replay sends it to). */
  route: z.string(),
  /** Field paths and header names that were redacted. */
  redacted: z.array(z.string()),
});
export type CapturedBodies = z.infer<typeof CapturedBodies>;

const HeaderName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'a header name such as x-api-key');

/** `messages[*].content`, `api_key`, `input[0].text`: keys joined by dots, `[*]` any item, `[n]` one. */
export const RedactPath = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z_$][\w$-]*(\[(\*|\d+)\])*(\.[A-Za-z_$][\w$-]*(\[(\*|\d+)\])*)*$/,
    'a JSON path such as messages[*].content or api_key',
  )
  .max(200);

export const MAX_CAPTURE_BYTES = 1_048_576;

export const CaptureSettings = z
  .object({
    /** Capture every key's bodies (keys can opt in or out below). */
    enabled: z.boolean(),
    /** Per key id: true = capture this key's bodies, false = never; absent = follow `enabled`. */
    keys: z.record(z.string().min(1).max(200), z.boolean()),
    /** Each body is cut at this many bytes (and flagged truncated). */
    maxBytes: z.number().int().min(256).max(MAX_CAPTURE_BYTES),
    /** Request and response header names stored as "[redacted]" (authorization and x-api-key always are). */
    redactHeaders: z.array(HeaderName).max(100),
    /** JSON paths whose values are stored as "[redacted]", in request and response bodies and stream events. */
    redactPaths: z.array(RedactPath).max(100),
    /** Stored bodies older than this are deleted (never later than their log rows). */
    retentionDays: z.number().int().min(1).max(3650),
  })
  .strict();
export type CaptureSettings = z.infer<typeof CaptureSettings>;

export const DEFAULT_CAPTURE_SETTINGS: CaptureSettings = {
  enabled: false,
  keys: {},
  maxBytes: 65_536,
  redactHeaders: ['authorization', 'x-api-key', 'cookie', 'api-key'],
  redactPaths: ['api_key'],
  retentionDays: 7,
};

export const captureCalls = {
  /** The recorded detail of one log row (by its seq): null where the row predates migration 18, or no body was stored. */
  'logs.trace': call(
    z.object({ seq: z.number().int().positive() }).strict(),
    z.object({ trace: RequestTrace.nullable(), bodies: CapturedBodies.nullable() }),
  ),
  'capture.get': call(Empty, CaptureSettings),
  /** Changes the given fields; `keys` replaces the whole per-key map (capture.setKey changes one). */
  'capture.update': call(CaptureSettings.partial().strict(), CaptureSettings),
  /** One key's choice: true / false, or null to follow the global switch. */
  'capture.setKey': call(
    z.object({ keyId: z.string().trim().min(1).max(200), capture: z.boolean().nullable() }).strict(),
    CaptureSettings,
  ),
} as const;
