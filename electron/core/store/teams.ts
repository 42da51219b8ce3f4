// Teams: a budget (and limits) shared by every key that names the team.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { addDuration } from '../../../shared/durations';
import type { Clock } from '../clock';

export interface Team {
  id: string;
  alias: string | null;
  maxBudgetUsd: number | null;
  budgetDuration: string | null;
  budgetResetAt: number | null;
  spendUsd: number;
  rpmLimit: number | null;
  tpmLimit: number | null;
}

type Row = { id: string; alias: string | null; max_budget_usd: number | null; budget_duration: string | null; budget_reset_at: number | null; spend_usd: number; rpm_limit: number | null; tpm_limit: number | null };
const toTeam = (r: Row): Team => ({
  id: r.id, alias: r.alias, maxBudgetUsd: r.max_budget_usd, budgetDuration: r.budget_duration, budgetResetAt: r.budget_reset_at,
  spendUsd: r.spend_usd, rpmLimit: r.rpm_limit, tpmLimit: r.tpm_limit,
});

export class TeamsRepo {
  constructor(private readonly db: Database.Database, private readonly clock: Clock) {}

  create(spec: { alias?: string; maxBudgetUsd?: number; budgetDuration?: string; rpmLimit?: number; tpmLimit?: number }): Team {
    const id = randomUUID();
    const now = this.clock.now();
    this.db.prepare(`INSERT INTO teams (id, alias, max_budget_usd, budget_duration, budget_reset_at, rpm_limit, tpm_limit, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, spec.alias ?? null, spec.maxBudgetUsd ?? null, spec.budgetDuration ?? null, spec.budgetDuration ? addDuration(now, spec.budgetDuration) : null, spec.rpmLimit ?? null, spec.tpmLimit ?? null, now);
    return this.get(id)!;
  }

  get(id: string): Team | null {
    const row = this.db.prepare(`SELECT * FROM teams WHERE id = ?`).get(id) as Row | undefined;
    return row ? toTeam(row) : null;
  }

  list(): Team[] {
    return (this.db.prepare(`SELECT * FROM teams ORDER BY created_at`).all() as Row[]).map(toTeam);
  }
}
