// BudgetWatcher: the core (not the gateway process) watches key, team and user spend against budgets.
// The gateway writes spend into the shared SQLite file; every few seconds this compares it with
// each budget and announces a `budgets.alert` event the first time a key, team or user passes 80 % and
// 100 % in a budget period. What was announced is stored, so a restart does not announce it again,
// and a new period starts afresh.
import type { BudgetAlert } from '../../shared/contract-access';
import { iso, type Clock } from './clock';
import { currentBudgetPeriod, keyBudget, teamBudget } from './budget-period';
import type { EventBus } from './events';
import type { Store } from './store';
import type { BudgetScopeKind } from './store/budget-alerts';

export const BUDGET_THRESHOLDS = [80, 100] as const;
export type BudgetThreshold = (typeof BUDGET_THRESHOLDS)[number];

/**
 * The highest threshold (percent) reached, or 0. `exhausted`: the gateway refused a request for
 * this budget since the last spend. It reserves a request's worst-case cost first, so spend itself
 * stops short of 100 %: the refusal is what says the budget is used up.
 */
export function thresholdReached(spendUsd: number, maxBudgetUsd: number, exhausted = false): 0 | BudgetThreshold {
  // A hair of tolerance: a budget spent to the last fraction of a cent counts as spent.
  const used = spendUsd / maxBudgetUsd + 1e-9;
  return exhausted || used >= 1 ? 100 : used >= 0.8 ? 80 : 0;
}

interface WatchedBudget {
  scope: BudgetScopeKind;
  id: string;
  name: string;
  maxBudgetUsd: number;
  spendUsd: number;
  resetAt: number | null;
  exhausted: boolean;
}

/** Every key (not revoked), team and user with a budget, spend taken in its current period. */
function watchedBudgets(store: Store, now: number): WatchedBudget[] {
  const keys = store.keys
    .list()
    .filter((k) => k.maxBudgetUsd != null && !k.revokedAt)
    .map(
      (k): WatchedBudget => ({
        scope: 'key',
        id: k.id,
        name: k.alias ?? k.prefix,
        maxBudgetUsd: k.maxBudgetUsd!,
        ...currentBudgetPeriod(keyBudget(k), now),
      }),
    );
  const teams = store.teams
    .list()
    .filter((t) => t.maxBudgetUsd != null)
    .map(
      (t): WatchedBudget => ({
        scope: 'team',
        id: t.id,
        name: t.alias ?? t.id,
        maxBudgetUsd: t.maxBudgetUsd!,
        ...currentBudgetPeriod(teamBudget(t), now),
      }),
    );
  const users = store.users.withBudget().map(
    (u): WatchedBudget => ({
      scope: 'user',
      id: u.id,
      name: u.alias ?? u.email ?? u.id,
      maxBudgetUsd: u.maxBudgetUsd!,
      ...currentBudgetPeriod(teamBudget(u), now),
    }),
  );
  return [...keys, ...teams, ...users];
}

function toAlert(b: WatchedBudget, threshold: BudgetThreshold): BudgetAlert {
  return {
    scope: b.scope,
    id: b.id,
    name: b.name,
    threshold,
    spendUsd: b.spendUsd,
    maxBudgetUsd: b.maxBudgetUsd,
    usedFraction: b.spendUsd / b.maxBudgetUsd,
    budgetResetAt: iso(b.resetAt),
  };
}

/** Keys, teams and users at or past 80 % now, most spent first. */
export function currentBudgetAlerts(store: Store, now: number): BudgetAlert[] {
  return watchedBudgets(store, now)
    .map((b) => ({ b, level: thresholdReached(b.spendUsd, b.maxBudgetUsd, b.exhausted) }))
    .filter((x): x is { b: WatchedBudget; level: BudgetThreshold } => x.level > 0)
    .map(({ b, level }) => toAlert(b, level))
    .sort((a, b) => b.usedFraction - a.usedFraction);
}

export class BudgetWatcher {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly everyMs = 3_000,
  ) {}

  start(): void {
    this.check();
    this.timer = setInterval(() => this.check(), this.everyMs);
    this.timer.unref();
  }

  /** One round: announces each threshold newly passed; returns what it announced. */
  check(): BudgetAlert[] {
    const now = this.clock.now();
    const announced: BudgetAlert[] = [];
    try {
      for (const b of watchedBudgets(this.store, now)) {
        const periodEnd = b.resetAt ?? 0;
        const level = thresholdReached(b.spendUsd, b.maxBudgetUsd, b.exhausted);
        this.store.budgetAlerts.forget(b.scope, b.id, periodEnd, level);
        if (level === 0) continue;
        const fired = this.store.budgetAlerts.fired(b.scope, b.id, periodEnd);
        const fresh = BUDGET_THRESHOLDS.filter((t) => t <= level && !fired.has(t));
        if (fresh.length === 0) continue;
        this.store.budgetAlerts.markFired(b.scope, b.id, periodEnd, fresh, now);
        // Passing 80 % and 100 % in one step is one alert: the budget is exhausted.
        const alert = toAlert(b, level);
        announced.push(alert);
        this.events.emit('budgets.alert', { ...alert, at: new Date(now).toISOString() });
      }
    } catch (err) {
      // The database may be closing at shutdown; the next round tries again.
      if (this.timer) console.error(`[budgets] check failed: ${(err as Error).message}`);
    }
    return announced;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
