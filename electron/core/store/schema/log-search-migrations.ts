// Migration of the Logs page's free-text search (store/request-log-search.ts): request ids by
// value, so an exact id or an id prefix is an index range; and the error text of each failed row
// (its kind, the message the client was sent, each attempt's message) in a table of its own, by
// time, with a contentless FTS5 index over it (trigram tokenizer), so a substring of a message is
// an index lookup. Triggers keep both in step with the log and fire only for failed rows
// (error_class set): a successful request's write gains one id index entry and nothing else.
import type { Migration } from './migration';

/** The searchable error text of a failed row, over its columns (`row` is new or the table's alias). */
function errorText(row: string): string {
  const trace = `(CASE WHEN json_valid(${row}.trace) THEN ${row}.trace END)`;
  return `concat_ws(' ', ${row}.error_class, ${trace} ->> '$.message',
    (SELECT group_concat(a.value ->> 'message', ' ') FROM json_each(${trace}, '$.attempts') a
      WHERE a.value ->> 'message' IS NOT (${trace} ->> '$.message')))`;
}

export const logSearchMigrations: Migration[] = [
  {
    version: 20,
    name: 'logs search: request ids by value, and the error text of failed rows by time and by trigram (FTS5)',
    sql: `
      CREATE INDEX request_logs_id_at ON request_logs(id, at);
      CREATE TABLE request_log_errors (
        seq   INTEGER PRIMARY KEY,                     -- request_logs.seq
        at    INTEGER NOT NULL,                        -- request_logs.at (epoch ms)
        text  TEXT NOT NULL                            -- error kind, message, attempts' messages
      ) STRICT;
      CREATE INDEX request_log_errors_at ON request_log_errors(at);
      CREATE VIRTUAL TABLE request_log_error_search USING fts5(
        text, tokenize = 'trigram', content = '', contentless_delete = 1
      );
      CREATE TRIGGER request_log_errors_insert AFTER INSERT ON request_logs WHEN new.error_class IS NOT NULL BEGIN
        INSERT INTO request_log_errors (seq, at, text) VALUES (new.seq, new.at, ${errorText('new')});
        INSERT INTO request_log_error_search (rowid, text) SELECT seq, text FROM request_log_errors WHERE seq = new.seq;
      END;
      CREATE TRIGGER request_log_errors_delete AFTER DELETE ON request_logs WHEN old.error_class IS NOT NULL BEGIN
        DELETE FROM request_log_errors WHERE seq = old.seq;
        DELETE FROM request_log_error_search WHERE rowid = old.seq;
      END;
      INSERT INTO request_log_errors (seq, at, text)
        SELECT l.seq, l.at, ${errorText('l')} FROM request_logs l INDEXED BY request_logs_error_at WHERE l.error_class IS NOT NULL;
      INSERT INTO request_log_error_search (rowid, text) SELECT seq, text FROM request_log_errors;
    `,
  },
];
