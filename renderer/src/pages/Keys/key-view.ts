// How a virtual key reads in the table: its status and its limits (budgets: lib/budget.ts). Pure.
import { budgetLevel, budgetShare } from '../../lib/budget';
import { formatCount } from '../../lib/format';
import type { Tone } from '../../lib/status';
import type { VirtualKey } from '../../lib/types';

export type KeyStatus = 'active' | 'blocked' | 'revoked' | 'expired' | 'over-budget';

export function keyStatus(key: VirtualKey, now: number): KeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return 'expired';
  if (key.blocked) return 'blocked';
  if (budgetLevel(budgetShare(key.spendUsd, key.maxBudgetUsd), key.budgetExhausted) === 'exhausted')
    return 'over-budget';
  return 'active';
}

export const keyStatusTone: Record<KeyStatus, Tone> = {
  active: 'ok',
  blocked: 'warn',
  revoked: 'muted',
  expired: 'muted',
  'over-budget': 'danger',
};
export const keyStatusLabel: Record<KeyStatus, string> = {
  active: 'Active',
  blocked: 'Blocked',
  revoked: 'Revoked',
  expired: 'Expired',
  'over-budget': 'Exhausted',
};

/** A key's or a team's limits (teams have no parallel limit): "60 rpm · 100,000 tpm · 4 parallel", or "No limits". */
export function limitsSummary(limits: {
  rpmLimit: number | null;
  tpmLimit: number | null;
  maxParallelRequests?: number | null;
}): string {
  const parts = [
    limits.rpmLimit !== null ? `${formatCount(limits.rpmLimit)} rpm` : null,
    limits.tpmLimit !== null ? `${formatCount(limits.tpmLimit)} tpm` : null,
    limits.maxParallelRequests != null ? `${formatCount(limits.maxParallelRequests)} parallel` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'No limits';
}
