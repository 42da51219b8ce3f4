// Group commit of request-log rows and spend changes: everything queued within one commit window
// (COMMIT_WINDOW_MS, or sooner once MAX_BATCH_ROWS are waiting) is written in one transaction. The
// answer does not wait for it: a commit per answer was most of the gateway's CPU per request and
// its whole added latency at concurrency 1. What a crash can lose is the rows and spend changes of
// the last window (docs/ARCHITECTURE.md); while the gateway runs its budgets are held in memory
// (budget.ts), so nothing is overspent meanwhile. The rows are folded into the rollups in that same
// transaction (RequestLogRepo.insertMany). Captured bodies (body capture on) go in the same batches,
// queued once the answer has ended.
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

/** The longest a queued row waits for its commit, ms: what a crash can lose. */
export const COMMIT_WINDOW_MS = 20;
/** A batch this large is committed at the next turn of the event loop, not at the window's end. */
const MAX_BATCH_ROWS = 2_000;

export class RequestLogWriter {
  private rows: NewRequestLog[] = [];
  private bodies: NewRequestBodies[] = [];
  private bodiesRepo: RequestBodiesRepo | null = null;
  private spend = new Map<string, SpendChange>();
  /** Resolves once the batch now being queued is written (or its write failed, which is logged). */
  private written: Promise<void> | null = null;
  private markWritten: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private soon = false;
  private readonly updateKey;
  private readonly updateTeam;
  private readonly updateUser;

  /** `enabled: false` drops request rows (spend is still kept): for benchmarks and disable_spend_logs. */
  constructor(
    private readonly store: Store,
    /** Whether rows are kept at all (spend always is). */
    readonly enabled = true,
  ) {
    // Temporary b-trees the commit's statements need stay in memory: with the default, about three
    // commits in four created, unlinked and closed a file in the temp directory for one (strace of
    // commits of 12 rows). The gateway's connection runs no query whose sort could need much room.
    store.db.pragma('temp_store = MEMORY');
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

  /**
   * Whether an answer ends only once its row is durable (`settle` then waits for `log`). Not here:
   * the row is committed within COMMIT_WINDOW_MS of the answer. A replica's spool says yes.
   */
  readonly answerWaitsForRow: boolean = false;

  /** Queues the row for the next commit; the promise resolves once that commit is done (it never rejects). */
  log(row: NewRequestLog): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    this.rows.push(row);
    this.schedule();
    if (!this.written) this.written = new Promise<void>((resolve) => (this.markWritten = resolve));
    return this.written;
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
    const markWritten = this.markWritten;
    this.rows = [];
    this.bodies = [];
    this.spend = new Map();
    this.written = null;
    this.markWritten = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.soon = false;
    try {
      if (rows.length === 0 && spend.length === 0 && bodies.length === 0) return;
      // IMMEDIATE: the write lock is taken (waiting out another gateway worker's commit) before the
      // first read; a read first would make a later write fail at once if another wrote meanwhile.
      this.store.db
        .transaction(() => {
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
        })
        .immediate();
    } catch (err) {
      console.error(`[gateway] request log write failed, ${rows.length} row(s) and their spend not stored:`, err);
    } finally {
      markWritten?.();
    }
  }

  /** Writes what is queued (at shutdown). */
  close(): void {
    this.flush();
  }

  private schedule(): void {
    if (this.rows.length >= MAX_BATCH_ROWS && !this.soon) {
      this.soon = true;
      setImmediate(this.flushNow);
    }
    if (this.timer) return;
    this.timer = setTimeout(this.flushNow, COMMIT_WINDOW_MS);
  }

  private readonly flushNow = (): void => {
    if (this.timer || this.soon) this.flush();
  };
}
