// Migrations of the Logs page and the Playground: the request log's filter indexes (each ends in
// the time, and SQLite appends the row's seq, so a filtered page comes in (at, seq) order from one
// index range) and the Playground's conversations.
import type { Migration } from './migration';

export const logsMigrations: Migration[] = [
  {
    version: 16,
    name: 'logs page: request log indexes by key, team and model group over time; playground conversations',
    sql: `
      CREATE INDEX request_logs_key_at ON request_logs(key_id, at);
      CREATE INDEX request_logs_team_at ON request_logs(team_id, at);
      CREATE INDEX request_logs_group_at ON request_logs(model_group, at);

      CREATE TABLE playground_conversations (
        id         TEXT PRIMARY KEY,
        title      TEXT NOT NULL,
        body       TEXT NOT NULL,                       -- JSON: messages, settings, targets, figures (the renderer's shape)
        created_at INTEGER NOT NULL,                    -- epoch ms
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX playground_conversations_updated ON playground_conversations(updated_at);
    `,
  },
];
