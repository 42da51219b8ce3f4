import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentBudgetPeriod } from '../budget-period';
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

const DAY = 86_400_000;

afterEach(() => vi.restoreAllMocks());

describe('finding 4: budget periods roll over in O(1)', () => {
  it('a clock ten thousand years on rolls a 1s period at once, to the period that holds now', () => {
    let now = Date.UTC(2026, 0, 1);
    const changes: SpendChange[] = [];
    const ledger = new BudgetLedger({ now: () => now }, (c) => changes.push(c));
    ledger.upsert({ id: 'key:a', maxUsd: 1, spentUsd: 0.9, duration: '1s', resetAt: now + 1000 });
    now += 10_000 * 365 * DAY + 250;
    const started = performance.now();
    const scope = ledger.get('key:a')!;
    expect(performance.now() - started).toBeLessThan(50);
    expect(scope.spentUsd).toBe(0);
    expect(scope.resetAt).toBe(now - 250 + 1000);
    expect(changes.at(-1)).toEqual({ scope: 'key:a', spentUsd: 0, resetAt: now - 250 + 1000 });
  });

  it('calendar months: 1mo from Jan 15 two hundred years on ends on the 15th of the next month', () => {
    let now = Date.UTC(2026, 0, 15);
    const ledger = new BudgetLedger({ now: () => now });
    ledger.upsert({ id: 'team:t', maxUsd: 1, spentUsd: 1, duration: '1mo', resetAt: now });
    now = Date.UTC(2226, 4, 20);
    expect(new Date(ledger.get('team:t')!.resetAt!).toISOString()).toBe('2226-06-15T00:00:00.000Z');
  });

  it('a stored "0s" is no period: no hang, the spend stands, one warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let now = 1_000_000;
    const ledger = new BudgetLedger({ now: () => now });
    ledger.upsert({ id: 'key:z', maxUsd: 1, spentUsd: 0.5, duration: '0s', resetAt: 1 });
    now += DAY;
    expect(ledger.get('key:z')).toMatchObject({ spentUsd: 0.5, resetAt: 1 });
    expect(ledger.reserve(['key:z'], 0.4).ok).toBe(true);
    expect(ledger.reserve(['key:z'], 0.4).ok).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/key:z has budget_duration "0s", which is not valid: treated as no period/);
  });

  it("the core's view of a period (budget watcher, app) agrees and never loops", () => {
    const now = Date.UTC(2026, 5, 1);
    expect(currentBudgetPeriod({ spendUsd: 3, resetAt: 1, duration: '0s', exhausted: true }, now)).toEqual({
      spendUsd: 3,
      resetAt: 1,
      exhausted: true,
    });
    const rolled = currentBudgetPeriod({ spendUsd: 3, resetAt: 0, duration: '7d', exhausted: true }, now);
    expect(rolled.spendUsd).toBe(0);
    expect(rolled.exhausted).toBe(false);
    expect(rolled.resetAt! - now).toBeGreaterThan(0);
    expect(rolled.resetAt! - now).toBeLessThanOrEqual(7 * DAY);
    expect(rolled.resetAt! % (7 * DAY)).toBe(0);
  });
});
