// What keys and teams share when they change: alias, budget, budget period and rate limits, as
// UPDATE columns. Undefined leaves a field alone, null clears it; a new period starts now; a new
// budget or period clears the gateway's last refusal (it is to be seen afresh).
import type Database from 'better-sqlite3';
import { addDuration } from '../../../shared/durations';

export interface BudgetChange {
  alias?: string | null;
  maxBudgetUsd?: number | null;
  budgetDuration?: string | null;
  rpmLimit?: number | null;
  tpmLimit?: number | null;
}

export function budgetColumns(change: BudgetChange, now: number): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  if (change.alias !== undefined) columns.alias = change.alias;
  if (change.maxBudgetUsd !== undefined) columns.max_budget_usd = change.maxBudgetUsd;
  if (change.budgetDuration !== undefined) {
    columns.budget_duration = change.budgetDuration;
    columns.budget_reset_at = change.budgetDuration ? addDuration(now, change.budgetDuration) : null;
  }
  if (change.rpmLimit !== undefined) columns.rpm_limit = change.rpmLimit;
  if (change.tpmLimit !== undefined) columns.tpm_limit = change.tpmLimit;
  if (change.maxBudgetUsd !== undefined || change.budgetDuration !== undefined) columns.budget_refused_at = null;
  return columns;
}

/** UPDATE `table` SET the given columns WHERE id = `id`; nothing when there are none. */
export function updateColumns(
  db: Database.Database,
  table: 'virtual_keys' | 'teams' | 'users',
  id: string,
  columns: Record<string, unknown>,
): void {
  const names = Object.keys(columns);
  if (names.length)
    db.prepare(`UPDATE ${table} SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`).run({
      ...columns,
      id,
    });
}
