// Migration of what a request log row costs to write: the indexes of columns that are empty on
// most rows keep only the rows that have them. A successful request has no error kind, usually no
// team and a 2xx status, and paid for an entry in each of those three indexes that no filter could
// use, about 2 µs of every row's write (10 % of it, on the gateway's hot path). A filter by error
// kind or team still implies its index's condition (an equality is never NULL); a 4xx or 5xx page
// adds `status >= 400` to say so, and a 2xx page ranges over the time index, where most rows are
// 2xx (store/request-log-sql.ts).
import type { Migration } from './migration';

export const logWriteMigrations: Migration[] = [
  {
    version: 21,
    name: 'request log: error kind, team and status class indexes hold only the rows that have them',
    sql: `
      DROP INDEX request_logs_error_at;
      CREATE INDEX request_logs_error_at ON request_logs(error_class, at) WHERE error_class IS NOT NULL;
      DROP INDEX request_logs_team_at;
      CREATE INDEX request_logs_team_at ON request_logs(team_id, at) WHERE team_id IS NOT NULL;
      DROP INDEX request_logs_status_class_at;
      CREATE INDEX request_logs_status_class_at ON request_logs(status / 100, at) WHERE status >= 400;
    `,
  },
];
