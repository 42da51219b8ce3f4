// How a budget reads anywhere in the UI (keys, teams, the banner): share used, its level and
// summary. Amber from 80 %, red and "exhausted" from 100 %, as the budget alerts. Pure.
import { formatUsd } from './format';

export type BudgetLevel = 'ok' | 'near' | 'exhausted';

/** Share of the budget spent, 0 or more (not capped), or null without a budget. */
export function budgetShare(spendUsd: number, maxBudgetUsd: number | null): number | null {
  if (maxBudgetUsd === null || maxBudgetUsd <= 0) return null;
  return spendUsd / maxBudgetUsd;
}

/** `exhausted`: the core says so (spent, or the gateway refused a request for the budget). */
export function budgetLevel(share: number | null, exhausted = false): BudgetLevel {
  if (share === null) return 'ok';
  if (exhausted) return 'exhausted';
  // The same hair of tolerance as the core's watcher (budget-watch.ts).
  if (share + 1e-9 >= 1) return 'exhausted';
  return share + 1e-9 >= 0.8 ? 'near' : 'ok';
}

/** "$1.20 of $25.00 / 30d", or "$1.20 (no budget)". */
export function budgetText(spendUsd: number, maxBudgetUsd: number | null, period: string | null): string {
  if (maxBudgetUsd === null) return `${formatUsd(spendUsd)} (no budget)`;
  return `${formatUsd(spendUsd)} of ${formatUsd(maxBudgetUsd)}${period ? ` / ${period}` : ''}`;
}
