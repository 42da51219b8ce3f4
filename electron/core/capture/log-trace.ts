// The Logs drawer's recorded detail of one row: its trace (migration 18's column) and, where body
// capture stored them, its bodies (matched to the row by request id and start time).
import type Database from 'better-sqlite3';
import { type CapturedBodies, RequestTrace } from '../../../shared/contract-capture';
import { ApiError } from '../errors';
import type { Store } from '../store';
import { requestBodies } from '../store/request-bodies';
import { headersOfStored, type TraceRowColumns } from './stored-trace';

const statements = new WeakMap<Database.Database, Database.Statement>();

export function logTrace(store: Store, seq: number): { trace: RequestTrace | null; bodies: CapturedBodies | null } {
  let bySeq = statements.get(store.db);
  if (!bySeq) {
    bySeq = store.db.prepare(
      `SELECT id, at, trace, deployment, model_group AS modelGroup, attempts, cost_usd AS costUsd FROM request_logs WHERE seq = ?`,
    );
    statements.set(store.db, bySeq);
  }
  const row = bySeq.get(seq) as ({ id: string; at: number; trace: string | null } & TraceRowColumns) | undefined;
  if (!row)
    throw new ApiError(
      'not_found',
      `No request log row ${seq}: it may have passed the retention period (Settings); search the log again.`,
    );
  let trace: RequestTrace | null = null;
  if (row.trace) {
    const stored: unknown = JSON.parse(row.trace);
    if (stored !== null && typeof stored === 'object') {
      const parsed = RequestTrace.safeParse({ ...stored, headers: headersOfStored(stored, row) });
      trace = parsed.success ? parsed.data : null;
    }
  }
  return { trace, bodies: requestBodies(store.db).get(row.id, row.at) };
}
