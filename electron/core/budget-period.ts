// The current budget period of a key or team, as the gateway's ledger will see it. The gateway
// rolls a period over only when the next request arrives, so the stored spend may belong to a
// period that has already ended: then the spend now is 0, the budget is not exhausted, and the
// period end moves on. Pure.
import { nextPeriodEnd } from '../../shared/durations';

export interface StoredBudget {
  spendUsd: number;
  /** Epoch ms when the stored period ends, or null without a period. */
  resetAt: number | null;
  duration: string | null;
  /** Spent, or refused by the gateway, in the stored period. */
  exhausted: boolean;
}

export function currentBudgetPeriod(
  b: StoredBudget,
  now: number,
): { spendUsd: number; resetAt: number | null; exhausted: boolean } {
  if (!b.duration || b.resetAt == null || now < b.resetAt)
    return { spendUsd: b.spendUsd, resetAt: b.resetAt, exhausted: b.exhausted };
  const next = nextPeriodEnd(b.resetAt, b.duration, now);
  // A duration stored before durations were checked ("0s") is no period: the stored spend stands.
  if (next == null) return { spendUsd: b.spendUsd, resetAt: b.resetAt, exhausted: b.exhausted };
  return { spendUsd: 0, resetAt: next, exhausted: false };
}

/** A team's or user's stored budget: exhausted when spent or refused by the gateway since the last spend. */
export function teamBudget(t: {
  spendUsd: number;
  budgetResetAt: number | null;
  budgetDuration: string | null;
  maxBudgetUsd: number | null;
  budgetRefusedAt: number | null;
}): StoredBudget {
  return {
    spendUsd: t.spendUsd,
    resetAt: t.budgetResetAt,
    duration: t.budgetDuration,
    exhausted: t.maxBudgetUsd != null && (t.budgetRefusedAt != null || t.spendUsd >= t.maxBudgetUsd),
  };
}

/** A key's stored budget, from its VirtualKey view. */
export function keyBudget(k: {
  spendUsd: number;
  budgetResetAt: string | null;
  budgetDuration: string | null;
  budgetExhausted: boolean;
}): StoredBudget {
  return {
    spendUsd: k.spendUsd,
    resetAt: k.budgetResetAt ? Date.parse(k.budgetResetAt) : null,
    duration: k.budgetDuration,
    exhausted: k.budgetExhausted,
  };
}
