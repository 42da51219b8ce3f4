// Who is calling: the master key or a virtual key, looked up by hash (in memory after the first
// use). The directory is cleared on reload, so revocations made in the app apply at once.
import type { Store } from '../store';
import { hashKey } from '../store/keys';
import type { Clock } from '../clock';
import type { KeyLimits } from './limits';

export interface Principal {
  /** `master` or the key's id. */
  id: string;
  isMaster: boolean;
  keyId: string | null;
  teamId: string | null;
  alias: string | null;
  /** Model groups the key may use; empty = all. */
  models: string[];
  limits: KeyLimits;
  budget: { maxUsd: number | null; spentUsd: number; duration: string | null; resetAt: number | null };
}

export type AuthResult = { ok: true; principal: Principal } | { ok: false; message: string };

export function bearerToken(headers: Record<string, string | string[] | undefined>): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (match) return match[1].trim();
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey ? apiKey.trim() : null;
}

type KeyRow = {
  id: string;
  alias: string | null;
  models: string;
  team_id: string | null;
  rpm_limit: number | null;
  tpm_limit: number | null;
  max_parallel: number | null;
  max_budget_usd: number | null;
  spend_usd: number;
  budget_duration: string | null;
  budget_reset_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
};

export class KeyDirectory {
  private cache = new Map<string, KeyRow | null>();
  /** sha256 of recently seen tokens: hashing on every request costs more than the lookup. */
  private hashes = new Map<string, string>();
  private masterHash: string | null;
  private readonly byHash;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.masterHash = store.settings.getPrivate('masterKeyHash');
    this.byHash = store.db.prepare(`SELECT * FROM virtual_keys WHERE key_hash = ?`);
  }

  reload(): void {
    this.cache = new Map();
    this.hashes = new Map();
    this.masterHash = this.store.settings.getPrivate('masterKeyHash');
  }

  authenticate(token: string | null): AuthResult {
    if (!token)
      return {
        ok: false,
        message: 'No API key: send "Authorization: Bearer sk-…" with a Switchyard virtual key or the master key.',
      };
    let hash = this.hashes.get(token);
    if (hash === undefined) {
      if (this.hashes.size >= 10_000) this.hashes.clear();
      hash = hashKey(token);
      this.hashes.set(token, hash);
    }
    if (this.masterHash && hash === this.masterHash) {
      return {
        ok: true,
        principal: {
          id: 'master',
          isMaster: true,
          keyId: null,
          teamId: null,
          alias: 'master',
          models: [],
          limits: { rpm: null, tpm: null, parallel: null },
          budget: { maxUsd: null, spentUsd: 0, duration: null, resetAt: null },
        },
      };
    }
    let row = this.cache.get(hash);
    if (row === undefined) {
      row = (this.byHash.get(hash) as KeyRow | undefined) ?? null;
      this.cache.set(hash, row);
    }
    if (!row)
      return {
        ok: false,
        message: 'Unknown API key: check it was copied whole, or create a new key in Switchyard (Keys & Budgets).',
      };
    if (row.revoked_at != null)
      return { ok: false, message: 'This API key was revoked: create a new one in Switchyard (Keys & Budgets).' };
    if (row.expires_at != null && row.expires_at <= this.clock.now()) {
      return {
        ok: false,
        message: `This API key expired at ${new Date(row.expires_at).toISOString()}: create a new one.`,
      };
    }
    return {
      ok: true,
      principal: {
        id: row.id,
        isMaster: false,
        keyId: row.id,
        teamId: row.team_id,
        alias: row.alias,
        models: JSON.parse(row.models) as string[],
        limits: { rpm: row.rpm_limit, tpm: row.tpm_limit, parallel: row.max_parallel },
        budget: {
          maxUsd: row.max_budget_usd,
          spentUsd: row.spend_usd,
          duration: row.budget_duration,
          resetAt: row.budget_reset_at,
        },
      },
    };
  }
}
