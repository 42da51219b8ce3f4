import { describe, expect, it } from 'vitest';
import { BudgetLedger, type SpendChange } from './budget';

const clockAt = (ms: { now: number }) => ({ now: () => ms.now });

describe('BudgetLedger', () => {
  it('never lets concurrent reservations together pass the budget', () => {
    const ledger = new BudgetLedger(clockAt({ now: 0 }));
    ledger.upsert({ id: 'key:a', maxUsd: 1, spentUsd: 0, duration: null, resetAt: null });
    const granted = Array.from({ length: 50 }, () => ledger.reserve(['key:a'], 0.3)).filter((r) => r.ok);
    expect(granted).toHaveLength(3);
    const refused = ledger.reserve(['key:a'], 0.3);
    expect(refused).toMatchObject({ ok: false, scope: 'key:a', requestedUsd: 0.3 });
  });

  it('settles to the real cost and frees the rest of the reservation', () => {
    const changes: SpendChange[] = [];
    const ledger = new BudgetLedger(clockAt({ now: 0 }), (c) => changes.push(c));
    ledger.upsert({ id: 'key:a', maxUsd: 1, spentUsd: 0, duration: null, resetAt: null });
    const r = ledger.reserve(['key:a'], 0.9);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    ledger.settle(r.reservation, 0.1);
    ledger.settle(r.reservation, 0.1); // idempotent
    expect(ledger.get('key:a')).toMatchObject({ spentUsd: 0.1, reservedUsd: 0 });
    expect(changes).toEqual([{ scope: 'key:a', spentUsd: 0.1, resetAt: null }]);
    expect(ledger.reserve(['key:a'], 0.85).ok).toBe(true);
  });

  it('checks every scope (key and team) and reserves in none when one refuses', () => {
    const ledger = new BudgetLedger(clockAt({ now: 0 }));
    ledger.upsert({ id: 'key:a', maxUsd: 10, spentUsd: 0, duration: null, resetAt: null });
    ledger.upsert({ id: 'team:t', maxUsd: 0.5, spentUsd: 0.4, duration: null, resetAt: null });
    const r = ledger.reserve(['key:a', 'team:t'], 0.2);
    expect(r).toMatchObject({ ok: false, scope: 'team:t' });
    expect(ledger.get('key:a')!.reservedUsd).toBe(0);
  });

  it('resets spend when the budget period ends', () => {
    const time = { now: 1_000 };
    const ledger = new BudgetLedger(clockAt(time));
    ledger.upsert({ id: 'key:a', maxUsd: 1, spentUsd: 1, duration: '1h', resetAt: 2_000 });
    expect(ledger.reserve(['key:a'], 0.5).ok).toBe(false);
    time.now = 2_000 + 3_600_000 * 2.5;
    expect(ledger.reserve(['key:a'], 0.5).ok).toBe(true);
    expect(ledger.get('key:a')!.resetAt).toBe(2_000 + 3_600_000 * 3);
  });

  it('lets keys without a budget through', () => {
    const ledger = new BudgetLedger(clockAt({ now: 0 }));
    ledger.upsert({ id: 'key:a', maxUsd: null, spentUsd: 99, duration: null, resetAt: null });
    expect(ledger.reserve(['key:a'], 1_000).ok).toBe(true);
  });
});
