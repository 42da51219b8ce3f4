// The request-log writer of a replica: rows go to the local spool (log-spool.ts) instead of the
// store, group-committed like the instance's writer (every row queued in one turn of the event
// loop is appended and fdatasync'd at the next) and each request's promise resolves once its row
// is on disk, so a response ends only after its row is durable. Spend still goes to the mirror
// store (the replica's own budget view until the next snapshot); the shipper takes it from there.
import type { Store } from '../store';
import type { NewRequestLog } from '../store/request-log';
import { RequestLogWriter } from '../gateway/request-log-writer';
import type { SpendChange } from '../gateway/budget';
import type { LogSpool } from './log-spool';
import type { SpendTotal } from './replica-wire';

export class SpoolingWriter extends RequestLogWriter {
  override readonly answerWaitsForRow = true;
  private spoolRows: NewRequestLog[] = [];
  private spoolWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private spoolScheduled = false;

  constructor(
    store: Store,
    private readonly spool: LogSpool,
    /** Called after each append (the shipper sends at once rather than at its next tick). */
    private readonly spooled: () => void,
  ) {
    super(store);
  }

  /** Totals settled since the last batch, by scope: shipped when budgets are shared (Redis). */
  private settled = new Map<string, SpendTotal>();

  override recordSpend(change: SpendChange): void {
    super.recordSpend(change);
    this.settled.set(change.scope, { scope: change.scope, spentUsd: change.spentUsd, resetAt: change.resetAt });
  }

  /** The totals settled since the last call (handed back with `returnSpend` when a batch fails). */
  takeSpend(): SpendTotal[] {
    const totals = [...this.settled.values()];
    this.settled = new Map();
    return totals;
  }

  returnSpend(totals: SpendTotal[]): void {
    for (const t of totals) if (!this.settled.has(t.scope)) this.settled.set(t.scope, t);
  }

  override log(row: NewRequestLog): Promise<void> {
    this.spoolRows.push(row);
    const logged = new Promise<void>((resolve, reject) => this.spoolWaiters.push({ resolve, reject }));
    if (!this.spoolScheduled) {
      this.spoolScheduled = true;
      setImmediate(() => this.appendQueued());
    }
    return logged;
  }

  private appendQueued(): void {
    const rows = this.spoolRows;
    const waiters = this.spoolWaiters;
    this.spoolRows = [];
    this.spoolWaiters = [];
    this.spoolScheduled = false;
    this.spool.append(rows).then(
      () => {
        waiters.forEach((w) => w.resolve());
        this.spooled();
      },
      (err) => {
        console.error('[replica] request log spool write failed:', err);
        waiters.forEach((w) => w.reject(err));
      },
    );
  }
}
