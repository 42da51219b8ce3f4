// Migrations of the OpenAI Responses route: stored responses (store: true) for
// previous_response_id and GET /v1/responses/{id}, and the inbound route of each logged request.
import type { Migration } from './migration';

export const responsesMigrations: Migration[] = [
  {
    version: 17,
    name: 'stored responses of /v1/responses (store: true), and the route each logged request came in on',
    sql: `
      CREATE TABLE stored_responses (
        id         TEXT PRIMARY KEY,                   -- resp_…, as the client saw it
        key_id     TEXT,                               -- the key that created it (null = the master key)
        created_at INTEGER NOT NULL,                   -- epoch ms
        input      TEXT NOT NULL,                      -- JSON array: the whole expanded input of that turn
        response   TEXT NOT NULL                       -- JSON object: the Response as sent (its output included)
      ) STRICT;
      CREATE INDEX stored_responses_created ON stored_responses(created_at);
      ALTER TABLE request_logs ADD COLUMN route TEXT;  -- chat/completions | completions | embeddings | rerank | messages | responses | vllm; null = before this
    `,
  },
];
