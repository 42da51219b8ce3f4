// Teams: a budget (and limits) shared by every key that names the team.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { addDuration } from '../../../shared/durations';
import type { Clock } from '../clock';
import { budgetColumns, updateColumns, type BudgetChange } from './budget-columns';

export interface Team {
  id: string;
  alias: string | null;
  maxBudgetUsd: number | null;
  budgetDuration: string | null;
  budgetResetAt: number | null;
  spendUsd: number;
  rpmLimit: number | null;
  tpmLimit: number | null;
  /** When the gateway last refused a request for the team budget (epoch ms); cleared by the next spend. */
  budgetRefusedAt: number | null;
}

type Row = {
  id: string;
  alias: string | null;
  max_budget_usd: number | null;
  budget_duration: string | null;
  budget_reset_at: number | null;
  spend_usd: number;
  rpm_limit: number | null;
  tpm_limit: number | null;
  budget_refused_at: number | null;
};
const toTeam = (r: Row): Team => ({
  id: r.id,
  alias: r.alias,
  maxBudgetUsd: r.max_budget_usd,
  budgetDuration: r.budget_duration,
  budgetResetAt: r.budget_reset_at,
  spendUsd: r.spend_usd,
  rpmLimit: r.rpm_limit,
  tpmLimit: r.tpm_limit,
  budgetRefusedAt: r.budget_refused_at,
});

export class TeamsRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  create(spec: {
    alias?: string;
    maxBudgetUsd?: number;
    budgetDuration?: string;
    rpmLimit?: number;
    tpmLimit?: number;
  }): Team {
    const id = randomUUID();
    const now = this.clock.now();
    this.db
      .prepare(
        `INSERT INTO teams (id, alias, max_budget_usd, budget_duration, budget_reset_at, rpm_limit, tpm_limit, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        spec.alias ?? null,
        spec.maxBudgetUsd ?? null,
        spec.budgetDuration ?? null,
        spec.budgetDuration ? addDuration(now, spec.budgetDuration) : null,
        spec.rpmLimit ?? null,
        spec.tpmLimit ?? null,
        now,
      );
    return this.get(id)!;
  }

  get(id: string): Team | null {
    const row = this.db.prepare(`SELECT * FROM teams WHERE id = ?`).get(id) as Row | undefined;
    return row ? toTeam(row) : null;
  }

  list(): Team[] {
    return (this.db.prepare(`SELECT * FROM teams ORDER BY created_at`).all() as Row[]).map(toTeam);
  }

  /** Changes a team: undefined leaves a field alone, null clears it. A new budget period starts now. */
  update(id: string, change: BudgetChange & { alias?: string }): Team | null {
    updateColumns(this.db, 'teams', id, budgetColumns(change, this.clock.now()));
    return this.get(id);
  }

  /** Creates a team with the id the caller chose (LiteLLM's /team/new takes one). */
  createWithId(id: string, spec: Parameters<TeamsRepo['create']>[0]): Team {
    const made = this.create(spec);
    this.db.prepare(`UPDATE teams SET id = ? WHERE id = ?`).run(id, made.id);
    return this.get(id)!;
  }

  remove(id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare(`DELETE FROM team_members WHERE team_id = ?`).run(id);
      return this.db.prepare(`DELETE FROM teams WHERE id = ?`).run(id).changes > 0;
    })();
  }

  /** Adds a member or changes its role. */
  addMember(teamId: string, userId: string, role: string): void {
    this.db
      .prepare(
        `INSERT INTO team_members (team_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role`,
      )
      .run(teamId, userId, role);
  }

  removeMember(teamId: string, userId: string): boolean {
    return (
      this.db.prepare(`DELETE FROM team_members WHERE team_id = ? AND user_id = ?`).run(teamId, userId).changes > 0
    );
  }

  /** Members with their roles, in the order they joined. */
  members(teamId: string): Array<{ userId: string; role: string }> {
    return (
      this.db.prepare(`SELECT user_id, role FROM team_members WHERE team_id = ? ORDER BY rowid`).all(teamId) as Array<{
        user_id: string;
        role: string;
      }>
    ).map((r) => ({ userId: r.user_id, role: r.role }));
  }

  /** Teams a user is a member of. */
  teamsOf(userId: string): string[] {
    return (
      this.db.prepare(`SELECT team_id FROM team_members WHERE user_id = ? ORDER BY team_id`).all(userId) as Array<{
        team_id: string;
      }>
    ).map((r) => r.team_id);
  }

  /** Keys (not revoked) that name each team. */
  keyCounts(): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT team_id, count(*) AS n FROM virtual_keys WHERE team_id IS NOT NULL AND revoked_at IS NULL GROUP BY team_id`,
      )
      .all() as { team_id: string; n: number }[];
    return new Map(rows.map((r) => [r.team_id, r.n]));
  }
}
