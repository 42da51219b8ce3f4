// Users, as LiteLLM's proxy has them: a person (or service) who owns keys and has a budget of its
// own, which every key naming the user also counts against (a third budget scope beside the key's
// and the team's). Team membership lives in team_members (store/teams.ts).
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { addDuration } from '../../../shared/durations';
import type { Clock } from '../clock';
import { budgetColumns, updateColumns, type BudgetChange } from './budget-columns';

export interface User {
  id: string;
  alias: string | null;
  email: string | null;
  role: string;
  models: string[];
  maxBudgetUsd: number | null;
  budgetDuration: string | null;
  budgetResetAt: number | null;
  spendUsd: number;
  /** When the gateway last refused a request for this user's budget; cleared by the next spend. */
  budgetRefusedAt: number | null;
  metadata: Record<string, unknown>;
  createdAt: number;
}

export interface NewUser {
  id?: string;
  alias?: string;
  email?: string;
  role?: string;
  models?: string[];
  maxBudgetUsd?: number;
  budgetDuration?: string;
  metadata?: Record<string, unknown>;
}

export type UserChange = Omit<BudgetChange, 'rpmLimit' | 'tpmLimit'> & {
  email?: string | null;
  role?: string;
  models?: string[];
  metadata?: Record<string, unknown>;
  spendUsd?: number;
};

type Row = {
  id: string;
  alias: string | null;
  email: string | null;
  role: string;
  models: string;
  max_budget_usd: number | null;
  budget_duration: string | null;
  budget_reset_at: number | null;
  spend_usd: number;
  budget_refused_at: number | null;
  metadata: string;
  created_at: number;
};

const toUser = (r: Row): User => ({
  id: r.id,
  alias: r.alias,
  email: r.email,
  role: r.role,
  models: JSON.parse(r.models) as string[],
  maxBudgetUsd: r.max_budget_usd,
  budgetDuration: r.budget_duration,
  budgetResetAt: r.budget_reset_at,
  spendUsd: r.spend_usd,
  budgetRefusedAt: r.budget_refused_at,
  metadata: JSON.parse(r.metadata) as Record<string, unknown>,
  createdAt: r.created_at,
});

export class UsersRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  create(spec: NewUser): User {
    const id = spec.id ?? randomUUID();
    const now = this.clock.now();
    this.db
      .prepare(
        `INSERT INTO users (id, alias, email, role, models, max_budget_usd, budget_duration, budget_reset_at, metadata, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        spec.alias ?? null,
        spec.email ?? null,
        spec.role ?? 'internal_user',
        JSON.stringify(spec.models ?? []),
        spec.maxBudgetUsd ?? null,
        spec.budgetDuration ?? null,
        spec.budgetDuration ? addDuration(now, spec.budgetDuration) : null,
        JSON.stringify(spec.metadata ?? {}),
        now,
      );
    return this.get(id)!;
  }

  get(id: string): User | null {
    const row = this.db.prepare(`SELECT * FROM users WHERE id = ?`).get(id) as Row | undefined;
    return row ? toUser(row) : null;
  }

  /** Every user with a budget, for the budget watcher. */
  withBudget(): User[] {
    return (this.db.prepare(`SELECT * FROM users WHERE max_budget_usd IS NOT NULL`).all() as Row[]).map(toUser);
  }

  /** One page of users in the order they were made, with the count of all. */
  page(offset: number, limit: number): { users: User[]; total: number } {
    const total = (this.db.prepare(`SELECT count(*) AS n FROM users`).get() as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM users ORDER BY created_at, id LIMIT ? OFFSET ?`)
      .all(limit, offset) as Row[];
    return { users: rows.map(toUser), total };
  }

  /** Undefined leaves a field alone, null clears it; a new budget or period starts the period now. */
  update(id: string, change: UserChange): User | null {
    const columns = budgetColumns(change, this.clock.now());
    if (change.email !== undefined) columns.email = change.email;
    if (change.role !== undefined) columns.role = change.role;
    if (change.models !== undefined) columns.models = JSON.stringify(change.models);
    if (change.metadata !== undefined) columns.metadata = JSON.stringify(change.metadata);
    if (change.spendUsd !== undefined) {
      columns.spend_usd = change.spendUsd;
      columns.budget_refused_at = null;
    }
    updateColumns(this.db, 'users', id, columns);
    return this.get(id);
  }

  /** Removes the user and its team memberships; its keys are the caller's to revoke (in the same transaction). */
  remove(id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare(`DELETE FROM team_members WHERE user_id = ?`).run(id);
      return this.db.prepare(`DELETE FROM users WHERE id = ?`).run(id).changes > 0;
    })();
  }
}
