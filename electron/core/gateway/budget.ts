// BudgetLedger: budgets that never overspend. A request reserves its worst-case cost against
// every scope it belongs to (key, team) before dispatch; the reservation settles to the real cost
// after. Node runs one request handler at a time, so check-and-reserve is atomic: concurrent
// requests can never together pass a budget. Periods reset on schedule (budget_duration). Gateway
// workers and replicas hold and settle in Redis instead (shared-state/redis-state.ts); this ledger
// then keeps each scope's limits and period and mirrors the shared spend.
import { nextPeriodEnd } from '../../../shared/durations';
import type { Clock } from '../clock';

export interface BudgetScope {
  /** `key:<id>` or `team:<id>`. */
  id: string;
  maxUsd: number | null;
  spentUsd: number;
  duration: string | null;
  resetAt: number | null;
}

export interface Reservation {
  /** Its name in the shared state (redis-state.ts); absent in memory. */
  id?: string;
  scopes: string[];
  amountUsd: number;
  settled: boolean;
}

export type ReserveResult =
  | { ok: true; reservation: Reservation }
  | { ok: false; scope: string; remainingUsd: number; requestedUsd: number; resetAt: number | null };

/**
 * What the ledger wants persisted after a change: new spend and period for a scope, and, when a
 * request was just refused for this budget, when (any later change clears it).
 */
export type SpendChange = { scope: string; spentUsd: number; resetAt: number | null; refusedAt?: number };

export class BudgetLedger {
  private readonly scopes = new Map<string, BudgetScope & { reservedUsd: number }>();
  /** Scopes whose stored duration is not valid, warned about once. */
  private readonly warned = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly onChange: (change: SpendChange) => void = () => {},
  ) {}

  /** Loads or refreshes a scope's limits; keeps in-flight reservations and, unless told, spend. */
  upsert(scope: BudgetScope): void {
    const existing = this.scopes.get(scope.id);
    this.scopes.set(scope.id, {
      ...scope,
      spentUsd: existing ? Math.max(existing.spentUsd, scope.spentUsd) : scope.spentUsd,
      reservedUsd: existing?.reservedUsd ?? 0,
    });
  }

  get(id: string): (BudgetScope & { reservedUsd: number }) | undefined {
    const scope = this.scopes.get(id);
    if (scope) this.rollPeriod(scope);
    return scope;
  }

  reserve(scopeIds: string[], amountUsd: number): ReserveResult {
    const scopes = scopeIds.map((id) => this.get(id)).filter((s): s is NonNullable<typeof s> => Boolean(s));
    for (const s of scopes) {
      if (s.maxUsd == null) continue;
      const remaining = s.maxUsd - s.spentUsd - s.reservedUsd;
      if (amountUsd > remaining + 1e-12) {
        this.noteRefusal(s.id);
        return {
          ok: false,
          scope: s.id,
          remainingUsd: Math.max(0, s.maxUsd - s.spentUsd),
          requestedUsd: amountUsd,
          resetAt: s.resetAt,
        };
      }
    }
    for (const s of scopes) s.reservedUsd += amountUsd;
    return { ok: true, reservation: { scopes: scopes.map((s) => s.id), amountUsd, settled: false } };
  }

  /** Releases the reservation and records the real cost (idempotent). */
  settle(reservation: Reservation, actualUsd: number): void {
    if (reservation.settled) return;
    reservation.settled = true;
    for (const id of reservation.scopes) {
      const s = this.scopes.get(id);
      if (!s) continue;
      s.reservedUsd = Math.max(0, s.reservedUsd - reservation.amountUsd);
      if (actualUsd > 0) {
        s.spentUsd += actualUsd;
        this.onChange({ scope: id, spentUsd: s.spentUsd, resetAt: s.resetAt });
      }
    }
  }

  /** Persisted so the app can show the budget as exhausted: nothing this size gets through now. */
  noteRefusal(id: string): void {
    const s = this.scopes.get(id);
    if (s) this.onChange({ scope: s.id, spentUsd: s.spentUsd, resetAt: s.resetAt, refusedAt: this.clock.now() });
  }

  /**
   * The shared state's spend of a scope (gateway workers, replicas: redis-state.ts) becomes this
   * ledger's view; `persist` queues it for SQLite too (after a settlement here).
   */
  observeSpend(id: string, spentUsd: number, persist: boolean): void {
    const s = this.scopes.get(id);
    if (!s || !Number.isFinite(spentUsd)) return;
    s.spentUsd = spentUsd;
    if (persist) this.onChange({ scope: id, spentUsd, resetAt: s.resetAt });
  }

  private rollPeriod(s: BudgetScope): void {
    if (!s.duration || s.resetAt == null) return;
    const now = this.clock.now();
    if (now < s.resetAt) return;
    const next = nextPeriodEnd(s.resetAt, s.duration, now);
    if (next == null) {
      // A data dir written before durations were checked may hold "0s": no period, never a hang.
      if (!this.warned.has(s.id)) {
        this.warned.add(s.id);
        console.warn(
          `[gateway] ${s.id} has budget_duration "${s.duration}", which is not valid: treated as no period.`,
        );
      }
      return;
    }
    s.spentUsd = 0;
    s.resetAt = next;
    this.onChange({ scope: s.id, spentUsd: 0, resetAt: next });
  }
}
