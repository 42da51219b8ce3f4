// The current budget period of a key or team, as the gateway's ledger will see it. The gateway
// rolls a period over only when the next request arrives, so the stored spend may belong to a
// period that has already ended: then the spend now is 0 and the period end moves on. Pure.
import { addDuration } from '../../shared/durations';

export interface StoredBudget {
  spendUsd: number;
  /** Epoch ms when the stored period ends, or null without a period. */
  resetAt: number | null;
  duration: string | null;
}

export function currentBudgetPeriod(b: StoredBudget, now: number): { spendUsd: number; resetAt: number | null } {
  if (!b.duration || b.resetAt == null || now < b.resetAt) return { spendUsd: b.spendUsd, resetAt: b.resetAt };
  let next = b.resetAt;
  while (next <= now) next = addDuration(next, b.duration);
  return { spendUsd: 0, resetAt: next };
}
