import { describe, expect, it } from 'vitest';
import type { VirtualKey } from '../../lib/types';
import { keyStatus, limitsSummary } from './key-view';

const key = (over: Partial<VirtualKey> = {}): VirtualKey => ({
  id: 'k1',
  prefix: 'sk-…abcd',
  alias: 'notebook',
  models: [],
  maxBudgetUsd: null,
  budgetDuration: null,
  spendUsd: 0,
  budgetResetAt: null,
  budgetExhausted: false,
  teamId: null,
  userId: null,
  blocked: false,
  rpmLimit: null,
  tpmLimit: null,
  maxParallelRequests: null,
  expiresAt: null,
  revokedAt: null,
  createdAt: '2025-03-01T00:00:00Z',
  ...over,
});

const now = Date.parse('2025-03-14T12:00:00Z');

describe('keyStatus', () => {
  it('says revoked before expired before blocked before over budget', () => {
    expect(keyStatus(key(), now)).toBe('active');
    expect(keyStatus(key({ blocked: true, maxBudgetUsd: 5, spendUsd: 5 }), now)).toBe('blocked');
    expect(keyStatus(key({ blocked: true, revokedAt: '2025-03-02T00:00:00Z' }), now)).toBe('revoked');
    expect(keyStatus(key({ maxBudgetUsd: 5, spendUsd: 5 }), now)).toBe('over-budget');
    expect(keyStatus(key({ maxBudgetUsd: 5, spendUsd: 4.5, budgetExhausted: true }), now)).toBe('over-budget');
    expect(keyStatus(key({ maxBudgetUsd: 5, spendUsd: 5, expiresAt: '2025-03-13T00:00:00Z' }), now)).toBe('expired');
    expect(keyStatus(key({ expiresAt: '2025-03-13T00:00:00Z', revokedAt: '2025-03-02T00:00:00Z' }), now)).toBe(
      'revoked',
    );
    expect(keyStatus(key({ expiresAt: '2025-03-15T00:00:00Z' }), now)).toBe('active');
  });
});

describe('limits summary', () => {
  it('lists only the limits that are set', () => {
    expect(limitsSummary(key())).toBe('No limits');
    expect(limitsSummary(key({ rpmLimit: 60, maxParallelRequests: 4 }))).toBe('60 rpm · 4 parallel');
  });
});
