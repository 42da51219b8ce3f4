// Which budget thresholds (80 %, 100 %) have been announced for a key, team or user in a budget period,
// so an alert is sent once per crossing and a restart does not send it again.
import type Database from 'better-sqlite3';

export type BudgetScopeKind = 'key' | 'team' | 'user';

export class BudgetAlertsRepo {
  constructor(private readonly db: Database.Database) {}

  /** Thresholds already announced in the period ending at `periodEnd` (0 = no period). */
  fired(scope: BudgetScopeKind, id: string, periodEnd: number): Set<number> {
    const rows = this.db
      .prepare(
        `SELECT threshold FROM budget_alerts_fired WHERE scope = @scope AND scope_id = @id AND period_end = CAST(@periodEnd AS INTEGER)`,
      )
      .all({ scope, id, periodEnd }) as { threshold: number }[];
    return new Set(rows.map((r) => r.threshold));
  }

  markFired(scope: BudgetScopeKind, id: string, periodEnd: number, thresholds: number[], at: number): void {
    const insert =
      this.db.prepare(`INSERT OR IGNORE INTO budget_alerts_fired (scope, scope_id, period_end, threshold, at)
      VALUES (@scope, @id, CAST(@periodEnd AS INTEGER), CAST(@threshold AS INTEGER), CAST(@at AS INTEGER))`);
    this.db.transaction(() => {
      for (const threshold of thresholds) insert.run({ scope, id, periodEnd, threshold, at });
    })();
  }

  /**
   * Forgets thresholds above `level` in this period (the budget was raised, so passing them again is
   * news) and every earlier period of the scope.
   */
  forget(scope: BudgetScopeKind, id: string, periodEnd: number, level: number): void {
    this.db
      .prepare(`DELETE FROM budget_alerts_fired WHERE scope = @scope AND scope_id = @id
      AND (period_end <> CAST(@periodEnd AS INTEGER) OR threshold > @level)`)
      .run({ scope, id, periodEnd, level });
  }
}
