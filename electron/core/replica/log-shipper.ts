// Ships a replica's spooled request-log rows to its instance in batches, oldest first, and moves
// the spool's acknowledged offset only after the instance answered. While the instance is
// unreachable rows stay in the spool (the gateway keeps serving) and shipping is retried every
// second; what was spooled meanwhile then arrives in order, each row once (log-ingest.ts).
import type { InstanceLink } from './instance-link';
import type { LogSpool } from './log-spool';
import { LOG_BATCH_MAX_BYTES, LOG_BATCH_MAX_ROWS, LogBatch, type SpendTotal } from './replica-wire';

export interface SpendSource {
  takeSpend(): SpendTotal[];
  returnSpend(totals: SpendTotal[]): void;
}

const IDLE_MS = 500;
const RETRY_MS = 1_000;
/** Bytes of spool read per batch: well under the instance's body limit, which counts JSON, not lines. */
const BATCH_READ_BYTES = LOG_BATCH_MAX_BYTES / 4;

export class LogShipper {
  private stopped = false;
  private wake: (() => void) | null = null;
  private failing: string | null = null;
  private running: Promise<void> | null = null;
  /** Rows the instance newly wrote, and rows it already had, since start. */
  readonly shipped = { written: 0, alreadyHad: 0 };

  constructor(
    private readonly spool: LogSpool,
    private readonly link: InstanceLink,
    private readonly replica: string,
    private readonly log: (line: string) => void,
    /** Budgets settled in Redis: where the totals to ship come from (null: each row's cost is added on the instance). */
    private readonly sharedSpend: SpendSource | null = null,
  ) {}

  start(): void {
    this.running = this.loop();
  }

  /** New rows were spooled: ship them now rather than at the next idle tick. */
  nudge(): void {
    this.wake?.();
  }

  /** Stops after the batch under way; with `drainMs`, first tries that long to ship what is owed. */
  async stop(drainMs = 0): Promise<void> {
    const deadline = Date.now() + drainMs;
    while (this.spool.owed() > 0 && !this.failing && Date.now() < deadline) await sleep(50);
    this.stopped = true;
    this.nudge();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let pause = IDLE_MS;
      try {
        if (await this.shipOne()) pause = 0;
        if (this.failing) this.log(`request log: the instance takes rows again (${this.failing} before)`);
        this.failing = null;
      } catch (err) {
        const why = (err as Error).message;
        if (this.failing === null)
          this.log(
            `request log: spooling locally until the instance answers (${why}); ${this.spool.owed()} bytes owed`,
          );
        this.failing = why;
        pause = RETRY_MS;
      }
      if (pause > 0 && !this.stopped) await new Promise<void>((r) => this.idle(r, pause));
    }
  }

  private idle(done: () => void, ms: number): void {
    const timer = setTimeout(finish, ms);
    const self = this;
    function finish() {
      clearTimeout(timer);
      self.wake = null;
      done();
    }
    // While failing, a new row does not cut the retry pause short.
    if (!this.failing) this.wake = finish;
  }

  /** Ships one batch; false when nothing was owed. */
  private async shipOne(): Promise<boolean> {
    const batch = await this.spool.next(LOG_BATCH_MAX_ROWS, BATCH_READ_BYTES);
    const spend = this.sharedSpend?.takeSpend() ?? [];
    if (!batch && spend.length === 0) return false;
    const body = LogBatch.parse({
      replica: this.replica,
      rows: batch?.rows ?? [],
      spendShared: this.sharedSpend !== null,
      spend,
    });
    let receipt: Awaited<ReturnType<InstanceLink['ship']>>;
    try {
      receipt = await this.link.ship(body);
    } catch (err) {
      this.sharedSpend?.returnSpend(spend);
      throw err;
    }
    if (batch) await this.spool.markShipped(batch.end);
    this.shipped.written += receipt.written;
    this.shipped.alreadyHad += receipt.alreadyHad;
    return true;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
