// Migration of the request log's detail and body capture: each row's recorded trace (attempt
// chain, latency split, reservation, headers sent back) as one compact JSON column written in the
// same INSERT, and the captured bodies in a side table (only where capture is on), keyed by the
// request id and start time the log row carries, with their own retention (pruned by at).
import type { Migration } from './migration';

export const captureMigrations: Migration[] = [
  {
    version: 18,
    name: 'request log detail: the trace of each request, and captured request and response bodies',
    sql: `
      ALTER TABLE request_logs ADD COLUMN trace TEXT;     -- JSON (shared/contract-capture.ts RequestTrace); null = before this
      CREATE TABLE request_bodies (
        request_id       TEXT NOT NULL,                  -- request_logs.id
        at               INTEGER NOT NULL,               -- request_logs.at (epoch ms)
        route            TEXT NOT NULL,
        request          TEXT NOT NULL,                  -- JSON: CapturedBody (redacted, cut at the cap)
        response         TEXT,                           -- JSON: CapturedBody, null when no answer was sent
        request_headers  TEXT NOT NULL,                  -- JSON object, redacted
        redacted         TEXT NOT NULL,                  -- JSON array of the paths and headers redacted
        PRIMARY KEY (request_id, at)
      ) STRICT;
      CREATE INDEX request_bodies_at ON request_bodies(at);
    `,
  },
];
