// The budget watcher against a real SQLite store: alerts at 80 % and 100 %, once per budget
// period, not again after a restart, and afresh in the next period.
import { afterEach, describe, expect, it } from 'vitest';
import { useTempStores } from '../../test/support/temp-store';
import type { EventPayload } from '../../shared/contract';
import { BudgetWatcher, currentBudgetAlerts, thresholdReached } from './budget-watch';
import { currentBudgetPeriod } from './budget-period';
import { EventBus } from './events';
import { Store } from './store';

const { tempDir } = useTempStores('budget-watch');
const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));
const DAY = 86_400_000;

function setup(dir = tempDir(), start = Date.parse('2025-03-01T00:00:00Z')) {
  const clock = {
    t: start,
    now() {
      return this.t;
    },
  };
  const store = Store.open(dir, clock);
  stores.push(store);
  const events = new EventBus();
  const heard: EventPayload<'budgets.alert'>[] = [];
  events.on('budgets.alert', (a) => heard.push(a));
  const watcher = new BudgetWatcher(store, events, clock);
  return { clock, store, watcher, heard, dir };
}

/** What the gateway process does after a request: writes the key's spend for its period. */
const spend = (store: Store, id: string, usd: number) => store.keys.update(id, { spendUsd: usd });

describe('thresholdReached', () => {
  it('is 0 below 80 %, 80 from 80 %, 100 from the whole budget', () => {
    expect(thresholdReached(7.99, 10)).toBe(0);
    expect(thresholdReached(8, 10)).toBe(80);
    expect(thresholdReached(9.99, 10)).toBe(80);
    expect(thresholdReached(10, 10)).toBe(100);
    expect(thresholdReached(0.00010000001, 0.0001)).toBe(100);
  });
});

describe('currentBudgetPeriod', () => {
  it('keeps spend inside the period and starts from 0, not exhausted, once it has ended, moving the end on', () => {
    const resetAt = Date.parse('2025-03-02T00:00:00Z');
    expect(currentBudgetPeriod({ spendUsd: 3, resetAt, duration: '1d', exhausted: true }, resetAt - 1)).toEqual({
      spendUsd: 3,
      resetAt,
      exhausted: true,
    });
    expect(currentBudgetPeriod({ spendUsd: 3, resetAt, duration: '1d', exhausted: true }, resetAt + 2.5 * DAY)).toEqual(
      { spendUsd: 0, resetAt: resetAt + 3 * DAY, exhausted: false },
    );
    expect(currentBudgetPeriod({ spendUsd: 3, resetAt: null, duration: null, exhausted: false }, resetAt)).toEqual({
      spendUsd: 3,
      resetAt: null,
      exhausted: false,
    });
  });
});

describe('BudgetWatcher', () => {
  it('announces 80 % and then 100 %, each once', () => {
    const { store, watcher, heard } = setup();
    const { info } = store.keys.create({ alias: 'notebook', models: [], maxBudgetUsd: 10, budgetDuration: '1d' });
    spend(store, info.id, 5);
    expect(watcher.check()).toEqual([]);
    spend(store, info.id, 8.5);
    watcher.check();
    watcher.check();
    expect(heard.map((a) => [a.name, a.threshold])).toEqual([['notebook', 80]]);
    expect(heard[0]).toMatchObject({
      scope: 'key',
      id: info.id,
      spendUsd: 8.5,
      maxBudgetUsd: 10,
      budgetResetAt: '2025-03-02T00:00:00.000Z',
    });
    spend(store, info.id, 10.02);
    watcher.check();
    watcher.check();
    expect(heard.map((a) => a.threshold)).toEqual([80, 100]);
    expect(currentBudgetAlerts(store, Date.parse('2025-03-01T12:00:00Z'))).toMatchObject([
      { id: info.id, threshold: 100, usedFraction: 1.002 },
    ]);
  });

  it('sends one alert (exhausted) when a request jumps past both thresholds', () => {
    const { store, watcher, heard } = setup();
    const { info } = store.keys.create({ models: [], maxBudgetUsd: 0.0001 });
    spend(store, info.id, 0.00012);
    watcher.check();
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ threshold: 100, name: info.prefix, budgetResetAt: null });
  });

  it('counts a budget as exhausted once the gateway refused a request for it, until the next spend or a budget change', () => {
    const { store, watcher, heard } = setup();
    const { info } = store.keys.create({ alias: 'tiny', models: [], maxBudgetUsd: 0.0001 });
    spend(store, info.id, 0.000088);
    watcher.check();
    expect(store.keys.get(info.id)!.budgetExhausted).toBe(false);
    // What the gateway's request-log writer does when the ledger refuses a reservation.
    store.db.prepare('UPDATE virtual_keys SET budget_refused_at = ? WHERE id = ?').run(Date.now(), info.id);
    watcher.check();
    expect(store.keys.get(info.id)!.budgetExhausted).toBe(true);
    expect(heard.map((a) => [a.threshold, a.spendUsd])).toEqual([
      [80, 0.000088],
      [100, 0.000088],
    ]);
    store.keys.update(info.id, { maxBudgetUsd: 1 });
    expect(store.keys.get(info.id)!.budgetExhausted).toBe(false);
    expect(watcher.check()).toEqual([]);
  });

  it('does not announce again after a restart, within the same period', () => {
    const first = setup();
    const { info } = first.store.keys.create({ alias: 'a', models: [], maxBudgetUsd: 10, budgetDuration: '30d' });
    spend(first.store, info.id, 9);
    first.watcher.check();
    expect(first.heard).toHaveLength(1);
    first.store.close();

    const second = setup(first.dir);
    second.watcher.check();
    expect(second.heard).toEqual([]);
  });

  it('starts afresh in the next budget period', () => {
    const { clock, store, watcher, heard } = setup();
    const { info } = store.keys.create({ alias: 'daily', models: [], maxBudgetUsd: 1, budgetDuration: '1d' });
    spend(store, info.id, 1);
    watcher.check();
    // The next day: spend stored is from yesterday, so nothing is over budget now.
    clock.t += DAY + 1_000;
    expect(watcher.check()).toEqual([]);
    expect(currentBudgetAlerts(store, clock.now())).toEqual([]);
    // The gateway rolls the period over and records today's spend.
    store.keys.update(info.id, { spendUsd: 0.85 });
    store.db
      .prepare('UPDATE virtual_keys SET budget_reset_at = ? WHERE id = ?')
      .run(Date.parse('2025-03-03T00:00:00Z'), info.id);
    watcher.check();
    expect(heard.map((a) => [a.threshold, a.budgetResetAt])).toEqual([
      [100, '2025-03-02T00:00:00.000Z'],
      [80, '2025-03-03T00:00:00.000Z'],
    ]);
  });

  it('announces again after the budget was raised and passed again', () => {
    const { store, watcher, heard } = setup();
    const { info } = store.keys.create({ models: [], maxBudgetUsd: 1 });
    spend(store, info.id, 1);
    watcher.check();
    store.keys.update(info.id, { maxBudgetUsd: 10 });
    watcher.check();
    spend(store, info.id, 10);
    watcher.check();
    expect(heard.map((a) => [a.threshold, a.maxBudgetUsd])).toEqual([
      [100, 1],
      [100, 10],
    ]);
  });

  it('watches team budgets, and ignores revoked keys and keys without a budget', () => {
    const { store, watcher, heard } = setup();
    const team = store.teams.create({ alias: 'search', maxBudgetUsd: 50, budgetDuration: '30d' });
    store.db.prepare('UPDATE teams SET spend_usd = 41 WHERE id = ?').run(team.id);
    const revoked = store.keys.create({ models: [], maxBudgetUsd: 1 }).info;
    spend(store, revoked.id, 5);
    store.keys.revoke(revoked.id);
    const unlimited = store.keys.create({ models: [] }).info;
    spend(store, unlimited.id, 500);
    watcher.check();
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ scope: 'team', id: team.id, name: 'search', threshold: 80 });
  });

  it('watches user budgets (LiteLLM /user/*): 80 %, then exhausted once the gateway refused a request for it', () => {
    const { clock, store, watcher, heard } = setup();
    const user = store.users.create({ alias: 'ana', email: 'ana@lab', maxBudgetUsd: 10, budgetDuration: '30d' });
    store.users.create({ alias: 'no-budget' });
    store.db.prepare('UPDATE users SET spend_usd = 8.5 WHERE id = ?').run(user.id);
    watcher.check();
    expect(heard).toEqual([expect.objectContaining({ scope: 'user', id: user.id, name: 'ana', threshold: 80 })]);
    // What the gateway writes when it refuses the next request for the user's budget.
    store.db.prepare('UPDATE users SET budget_refused_at = ? WHERE id = ?').run(clock.now(), user.id);
    watcher.check();
    expect(heard.map((a) => [a.scope, a.threshold])).toEqual([
      ['user', 80],
      ['user', 100],
    ]);
    expect(currentBudgetAlerts(store, clock.now())).toEqual([
      expect.objectContaining({ scope: 'user', threshold: 100, spendUsd: 8.5, maxBudgetUsd: 10 }),
    ]);
    // The next period starts afresh.
    clock.t += 31 * DAY;
    expect(currentBudgetAlerts(store, clock.now())).toEqual([]);
  });
});
