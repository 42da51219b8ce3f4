// Group commit of request-log rows and spend changes: everything queued during one turn of the
// event loop is written in one transaction at the next, and each request's promise resolves once
// its row is durable. A response ends only after that, so nothing served goes unlogged. The rows
// are folded into the rollups in that same transaction (RequestLogRepo.insertMany). Captured
// bodies (body capture on) go in the same batches, queued once the answer has ended.
import type { Store } from '../store';
import { type NewRequestBodies, type RequestBodiesRepo, requestBodies } from '../store/request-bodies';
import type { NewRequestLog } from '../store/request-log';
import type { SpendChange } from './budget';

/**
 * A spend total never moves back within its period: gateway workers sharing Redis each write the
 * total they last settled, and a slower worker's older (smaller) total must not overwrite a newer
 * one. A new period (another reset time) takes the total as it is.
 */
const SPEND_IN_PERIOD = 'CASE WHEN budget_reset_at IS ? THEN max(spend_usd, ?) ELSE ? END';

export class RequestLogWriter {
  private rows: NewRequestLog[] = [];
  private bodies: NewRequestBodies[] = [];
  private bodiesRepo: RequestBodiesRepo | null = null;
  private spend = new Map<string, SpendChange>();
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;
  private readonly updateKey;
  private readonly updateTeam;
  private readonly updateUser;

  /** `enabled: false` drops request rows (spend is still kept): for benchmarks and disable_spend_logs. */
  constructor(
    private readonly store: Store,
    private readonly enabled = true,
  ) {
    this.updateKey = store.db.prepare(
      `UPDATE virtual_keys SET spend_usd = ${SPEND_IN_PERIOD}, budget_reset_at = ?, budget_refused_at = ? WHERE id = ?`,
    );
    this.updateTeam = store.db.prepare(
      `UPDATE teams SET spend_usd = ${SPEND_IN_PERIOD}, budget_reset_at = ?, budget_refused_at = ? WHERE id = ?`,
    );
    this.updateUser = store.db.prepare(
      `UPDATE users SET spend_usd = ${SPEND_IN_PERIOD}, budget_reset_at = ?, budget_refused_at = ? WHERE id = ?`,
    );
  }

  log(row: NewRequestLog): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    this.rows.push(row);
    const logged = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule();
    return logged;
  }

  /** Queues one request's captured bodies for the next batch (nothing waits on them). */
  logBodies(row: NewRequestBodies): void {
    if (!this.enabled) return;
    this.bodies.push(row);
    this.schedule();
  }

  recordSpend(change: SpendChange): void {
    this.spend.set(change.scope, change);
    this.schedule();
  }

  /** Writes whatever is queued now (used at shutdown). */
  flush(): void {
    const rows = this.rows;
    const bodies = this.bodies;
    const spend = [...this.spend.values()];
    const waiters = this.waiters;
    this.rows = [];
    this.bodies = [];
    this.spend = new Map();
    this.waiters = [];
    this.scheduled = false;
    if (rows.length === 0 && spend.length === 0 && bodies.length === 0) {
      waiters.forEach((w) => w.resolve());
      return;
    }
    try {
      this.store.db.transaction(() => {
        if (rows.length) this.store.requestLog.insertMany(rows);
        if (bodies.length) {
          this.bodiesRepo ??= requestBodies(this.store.db);
          this.bodiesRepo.insertMany(bodies);
        }
        for (const s of spend) {
          const [kind, id] = [s.scope.slice(0, s.scope.indexOf(':')), s.scope.slice(s.scope.indexOf(':') + 1)];
          (kind === 'team' ? this.updateTeam : kind === 'user' ? this.updateUser : this.updateKey).run(
            s.resetAt,
            s.spentUsd,
            s.spentUsd,
            s.resetAt,
            s.refusedAt ?? null,
            id,
          );
        }
      })();
      waiters.forEach((w) => w.resolve());
    } catch (err) {
      console.error('[gateway] request log write failed:', err);
      waiters.forEach((w) => w.reject(err));
    }
  }

  /** Writes what is queued (at shutdown). */
  close(): void {
    this.flush();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }
}
