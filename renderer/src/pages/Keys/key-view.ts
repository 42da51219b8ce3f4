// How a virtual key reads in the table: its status and its budget/limit summaries. Pure.
import { formatCount, formatUsd } from '../../lib/format';
import type { Tone } from '../../lib/status';
import type { VirtualKey } from '../../lib/types';

export type KeyStatus = 'active' | 'revoked' | 'expired' | 'over-budget';

export function keyStatus(key: VirtualKey, now: number): KeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return 'expired';
  if (key.maxBudgetUsd !== null && key.spendUsd >= key.maxBudgetUsd) return 'over-budget';
  return 'active';
}

export const keyStatusTone: Record<KeyStatus, Tone> = { active: 'ok', revoked: 'muted', expired: 'muted', 'over-budget': 'warn' };
export const keyStatusLabel: Record<KeyStatus, string> = { active: 'Active', revoked: 'Revoked', expired: 'Expired', 'over-budget': 'Budget used up' };

/** "$1.20 of $25.00 / 30d", or "$1.20 (no budget)". */
export function budgetSummary(key: VirtualKey): string {
  if (key.maxBudgetUsd === null) return `${formatUsd(key.spendUsd)} (no budget)`;
  const period = key.budgetDuration ? ` / ${key.budgetDuration}` : '';
  return `${formatUsd(key.spendUsd)} of ${formatUsd(key.maxBudgetUsd)}${period}`;
}

/** Share of the budget spent, 0–1, or null without a budget. */
export function budgetUsed(key: VirtualKey): number | null {
  if (key.maxBudgetUsd === null || key.maxBudgetUsd <= 0) return null;
  return Math.min(1, key.spendUsd / key.maxBudgetUsd);
}

/** "60 rpm · 100,000 tpm · 4 parallel", or "No limits". */
export function limitsSummary(key: VirtualKey): string {
  const parts = [
    key.rpmLimit !== null ? `${formatCount(key.rpmLimit)} rpm` : null,
    key.tpmLimit !== null ? `${formatCount(key.tpmLimit)} tpm` : null,
    key.maxParallelRequests !== null ? `${formatCount(key.maxParallelRequests)} parallel` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'No limits';
}
