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
  /** The user whose budget the key also counts against (LiteLLM's user_id). */
  userId?: string;
  /** A key the caller chose (LiteLLM's `"key": "sk-…"`); a random one otherwise. */
  key?: string;
}

/** A change to a key: undefined leaves a field alone, null clears it. */
export type KeyChange = {
  [K in keyof Omit<NewKey, 'duration' | 'models' | 'metadata' | 'key'>]?: NewKey[K] | null;
} & {
  models?: string[];
  metadata?: Record<string, unknown>;
  expiresAt?: number | null;
  spendUsd?: number;
  /** A blocked key is refused (401) until unblocked; unlike a revoked one it can come back. */
  blocked?: boolean;
};

/** What the LiteLLM-style routes show beside a VirtualKey. */
export interface KeyDetails {
  budgetResetAt: number | null;
  teamId: string | null;
  userId: string | null;
  metadata: Record<string, unknown>;
  blocked: boolean;
  /** sha256 of the key: LiteLLM's `token`, the id /key/list returns and /key/info accepts. */
  tokenHash: string;
}

export interface KeyFilter {
  alias?: string;
  teamId?: string;
  userId?: string;
}

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
  blocked: number;
  user_id: string | null;
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
  userId: r.user_id,
  rpmLimit: r.rpm_limit,
  tpmLimit: r.tpm_limit,
  maxParallelRequests: r.max_parallel,
  expiresAt: iso(r.expires_at),
  revokedAt: iso(r.revoked_at),
  blocked: r.blocked === 1,
  createdAt: new Date(r.created_at).toISOString(),
});

export class KeysRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  /** Creates a key and returns it in full — the only time it exists outside the caller's hands. */
  create(spec: NewKey): { key: string; info: VirtualKey } {
    const key = spec.key ?? newSecretKey();
    const id = randomUUID();
    const now = this.clock.now();
    this.db
      .prepare(`
      INSERT INTO virtual_keys (id, key_hash, prefix, alias, models, max_budget_usd, budget_duration, budget_reset_at,
        rpm_limit, tpm_limit, max_parallel, team_id, metadata, expires_at, created_at, user_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
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
        spec.userId ?? null,
      );
    return { key, info: this.get(id)! };
  }

  get(id: string): VirtualKey | null {
    const row = this.db.prepare(`SELECT * FROM virtual_keys WHERE id = ?`).get(id) as KeyRow | undefined;
    return row ? toKey(row) : null;
  }

  /** Budget period end, owner, metadata, blocked and the token hash, which the LiteLLM-style routes show. */
  details(id: string): KeyDetails | null {
    const row = this.db.prepare(`SELECT * FROM virtual_keys WHERE id = ?`).get(id) as KeyRow | undefined;
    return row
      ? {
          budgetResetAt: row.budget_reset_at,
          teamId: row.team_id,
          userId: row.user_id,
          metadata: JSON.parse(row.metadata) as Record<string, unknown>,
          blocked: row.blocked === 1,
          tokenHash: row.key_hash,
        }
      : null;
  }

  /** The live (not revoked) key with this alias, if any: aliases are unique among live keys. */
  findByAlias(alias: string): VirtualKey | null {
    const row = this.db
      .prepare(`SELECT * FROM virtual_keys WHERE alias = ? AND revoked_at IS NULL ORDER BY created_at LIMIT 1`)
      .get(alias) as KeyRow | undefined;
    return row ? toKey(row) : null;
  }

  /** One page of live keys, newest first, filtered; with the count of all that match. */
  page(filter: KeyFilter, offset: number, limit: number): { keys: VirtualKey[]; total: number } {
    const where = ['revoked_at IS NULL'];
    const args: unknown[] = [];
    if (filter.alias !== undefined) where.push('alias = ?'), args.push(filter.alias);
    if (filter.teamId !== undefined) where.push('team_id = ?'), args.push(filter.teamId);
    if (filter.userId !== undefined) where.push('user_id = ?'), args.push(filter.userId);
    const clause = where.join(' AND ');
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM virtual_keys WHERE ${clause}`).get(...args) as { n: number }
    ).n;
    const rows = this.db
      .prepare(`SELECT * FROM virtual_keys WHERE ${clause} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as KeyRow[];
    return { keys: rows.map(toKey), total };
  }

  /** Gives a key a new secret (the caller's or a random one), keeping its id, settings and spend. */
  regenerate(id: string, chosen?: string): { key: string; info: VirtualKey } | null {
    const key = chosen ?? newSecretKey();
    const changed = this.db
      .prepare(`UPDATE virtual_keys SET key_hash = ?, prefix = ? WHERE id = ? AND revoked_at IS NULL`)
      .run(hashKey(key), displayPrefix(key), id).changes;
    return changed ? { key, info: this.get(id)! } : null;
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
    if (change.userId !== undefined) columns.user_id = change.userId;
    if (change.blocked !== undefined) columns.blocked = change.blocked ? 1 : 0;
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
