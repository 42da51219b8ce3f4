// Captured request and response bodies (body capture, off by default): one row per captured
// request, keyed by the request id and start time of its log row, written in the request-log
// writer's batches and pruned by retention.ts after `capture.retentionDays`.
import type Database from 'better-sqlite3';
import type { CapturedBodies, CapturedBody } from '../../../shared/contract-capture';

export interface NewRequestBodies extends CapturedBodies {
  requestId: string;
  at: number;
}

type Row = {
  route: string;
  request: string;
  response: string | null;
  request_headers: string;
  redacted: string;
};

export class RequestBodiesRepo {
  private readonly insert: Database.Statement;
  private readonly byKey: Database.Statement;
  private readonly prune: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(`INSERT OR REPLACE INTO request_bodies
      (request_id, at, route, request, response, request_headers, redacted) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.byKey = db.prepare(`SELECT * FROM request_bodies WHERE request_id = ? AND at = ?`);
    this.prune = db.prepare(`DELETE FROM request_bodies WHERE at < ?`);
  }

  /** Inside the caller's transaction (the request-log writer's batch). */
  insertMany(rows: NewRequestBodies[]): void {
    for (const r of rows)
      this.insert.run(
        r.requestId,
        r.at,
        r.route,
        JSON.stringify(r.request),
        r.response ? JSON.stringify(r.response) : null,
        JSON.stringify(r.requestHeaders),
        JSON.stringify(r.redacted),
      );
  }

  /** The bodies of the log row with this request id and start time, or null. */
  get(requestId: string, at: number): CapturedBodies | null {
    const row = this.byKey.get(requestId, at) as Row | undefined;
    if (!row) return null;
    return {
      route: row.route,
      request: JSON.parse(row.request) as CapturedBody,
      response: row.response ? (JSON.parse(row.response) as CapturedBody) : null,
      requestHeaders: JSON.parse(row.request_headers) as Record<string, string>,
      redacted: JSON.parse(row.redacted) as string[],
    };
  }

  /** Deletes bodies of requests started before `beforeMs`; returns how many went. */
  deleteOlderThan(beforeMs: number): number {
    return this.prune.run(beforeMs).changes;
  }
}

const repos = new WeakMap<Database.Database, RequestBodiesRepo>();

/** The bodies repo of an open database, prepared once. */
export function requestBodies(db: Database.Database): RequestBodiesRepo {
  let repo = repos.get(db);
  if (!repo) {
    repo = new RequestBodiesRepo(db);
    repos.set(db, repo);
  }
  return repo;
}
