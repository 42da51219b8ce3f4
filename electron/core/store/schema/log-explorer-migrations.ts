// Migration of the Logs page's explorer: the filters that had no index of their own (error kind,
// route, status class) get one ending in the time, as the key/team/group/target ones do
// (migration 16), so that a page filtered by one of them alone is one index range in (at, seq)
// order, however rare its rows are. Min latency / min cost (ranges) and free-text search stay
// filters on the range the other terms (at least the time) pick: see store/request-log-reads.ts.
import type { Migration } from './migration';

export const logExplorerMigrations: Migration[] = [
  {
    version: 19,
    name: 'logs explorer: request log indexes by error kind, route and status class over time',
    sql: `
      CREATE INDEX request_logs_error_at ON request_logs(error_class, at);
      CREATE INDEX request_logs_route_at ON request_logs(route, at);
      CREATE INDEX request_logs_status_class_at ON request_logs(status / 100, at);
    `,
  },
];
