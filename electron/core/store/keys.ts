// Virtual keys. Only a sha256 hash and a display prefix are stored: a key is shown once, at
// creation. sha256 (not a slow KDF) is right here because keys are 32 random bytes, and the
// gateway looks a key up on every request.
import type Database from 'better-sqlite3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { VirtualKey } from '../../../shared/schemas';
import { addDuration } from '../../../shared/durations';
import type { Clock } from '../clock';
import { iso } from '../clock';
import { budgetColumns, updateColumns } from './budget-columns';

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');
export const newSecretKey = (): string => `sk-${randomBytes(32).toString('base64url')}`;
export const displayPrefix = (key: string): string => `${key.slice(0, 6)}…${key.slice(-4)}`;

export interface NewKey {
  alias?: string;
  models: string[];
  maxBudgetUsd?: number;
  budgetDuration?: string;
  rpmLimit?: number;
  tpmLimit?: number;
  maxParallelRequests?: number;
  duration?: string;
  teamId?: string;
  metadata?: Record<string, unknown>;
}

/** A change to a key: undefined leaves a field alone, null clears it. */
export type KeyChange = {
  [K in keyof Omit<NewKey, 'duration' | 'models' | 'metadata'>]?: NewKey[K] | null;
} & { models?: string[]; metadata?: Record<string, unknown>; expiresAt?: number | null; spendUsd?: number };

type KeyRow = {
  id: string;
  key_hash: string;
  prefix: string;
  alias: string | null;
  models: string;
  max_budget_usd: number | null;
  budget_duration: string | null;
  budget_reset_at: number | null;
  spend_usd: number;
  rpm_limit: number | null;
  tpm_limit: number | null;
  max_parallel: number | null;
  team_id: string | null;
  metadata: string;
  expires_at: number | null;
  revoked_at: number | null;
  created_at: number;
  budget_refused_at: number | null;
};

export const toKey = (r: KeyRow): VirtualKey => ({
  id: r.id,
  prefix: r.prefix,
  alias: r.alias,
  models: JSON.parse(r.models) as string[],
  maxBudgetUsd: r.max_budget_usd,
  budgetDuration: r.budget_duration,
  spendUsd: r.spend_usd,
  budgetResetAt: iso(r.budget_reset_at),
  budgetExhausted: r.max_budget_usd != null && (r.budget_refused_at != null || r.spend_usd >= r.max_budget_usd),
  teamId: r.team_id,
  rpmLimit: r.rpm_limit,
  tpmLimit: r.tpm_limit,
  maxParallelRequests: r.max_parallel,
  expiresAt: iso(r.expires_at),
  revokedAt: iso(r.revoked_at),
  createdAt: new Date(r.created_at).toISOString(),
});

export class KeysRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  /** Creates a key and returns it in full — the only time it exists outside the caller's hands. */
  create(spec: NewKey): { key: string; info: VirtualKey } {
    const key = newSecretKey();
    const id = randomUUID();
    const now = this.clock.now();
    this.db
      .prepare(`
      INSERT INTO virtual_keys (id, key_hash, prefix, alias, models, max_budget_usd, budget_duration, budget_reset_at,
        rpm_limit, tpm_limit, max_parallel, team_id, metadata, expires_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(
        id,
        hashKey(key),
        displayPrefix(key),
        spec.alias ?? null,
        JSON.stringify(spec.models),
        spec.maxBudgetUsd ?? null,
        spec.budgetDuration ?? null,
        spec.budgetDuration ? addDuration(now, spec.budgetDuration) : null,
        spec.rpmLimit ?? null,
        spec.tpmLimit ?? null,
        spec.maxParallelRequests ?? null,
        spec.teamId ?? null,
        JSON.stringify(spec.metadata ?? {}),
        spec.duration ? addDuration(now, spec.duration) : null,
        now,
      );
    return { key, info: this.get(id)! };
  }

  get(id: string): VirtualKey | null {
    const row = this.db.prepare(`SELECT * FROM virtual_keys WHERE id = ?`).get(id) as KeyRow | undefined;
    return row ? toKey(row) : null;
  }

  /** Budget period end and metadata, which the LiteLLM-style /key/info shows. */
  details(
    id: string,
  ): { budgetResetAt: number | null; teamId: string | null; metadata: Record<string, unknown> } | null {
    const row = this.db.prepare(`SELECT budget_reset_at, team_id, metadata FROM virtual_keys WHERE id = ?`).get(id) as
      | Pick<KeyRow, 'budget_reset_at' | 'team_id' | 'metadata'>
      | undefined;
    return row
      ? {
          budgetResetAt: row.budget_reset_at,
          teamId: row.team_id,
          metadata: JSON.parse(row.metadata) as Record<string, unknown>,
        }
      : null;
  }

  findByHash(hash: string): VirtualKey | null {
    const row = this.db.prepare(`SELECT * FROM virtual_keys WHERE key_hash = ?`).get(hash) as KeyRow | undefined;
    return row ? toKey(row) : null;
  }

  list(): VirtualKey[] {
    return (this.db.prepare(`SELECT * FROM virtual_keys ORDER BY created_at DESC`).all() as KeyRow[]).map(toKey);
  }

  /** Changes a key's limits, models, budget or alias; unknown fields stay as they are. */
  update(id: string, change: KeyChange): VirtualKey | null {
    const columns = budgetColumns(change, this.clock.now());
    if (change.models !== undefined) columns.models = JSON.stringify(change.models);
    if (change.maxParallelRequests !== undefined) columns.max_parallel = change.maxParallelRequests;
    if (change.teamId !== undefined) columns.team_id = change.teamId;
    if (change.metadata !== undefined) columns.metadata = JSON.stringify(change.metadata);
    if (change.expiresAt !== undefined) columns.expires_at = change.expiresAt;
    if (change.spendUsd !== undefined) {
      columns.spend_usd = change.spendUsd;
      columns.budget_refused_at = null; // a new spend: whether the gateway refuses this key is to be seen afresh
    }
    updateColumns(this.db, 'virtual_keys', id, columns);
    return this.get(id);
  }

  revoke(id: string): VirtualKey | null {
    this.db
      .prepare(`UPDATE virtual_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`)
      .run(this.clock.now(), id);
    return this.get(id);
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM virtual_keys WHERE revoked_at IS NULL`).get() as { n: number })
      .n;
  }
}
