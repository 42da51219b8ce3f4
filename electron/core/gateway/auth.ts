// Who is calling: the master key or a virtual key, looked up by hash (in memory after the first
// use). The directory is cleared on reload, so revocations made in the app apply at once. Unknown
// keys and the token memo are LRU-bounded: a flood of random keys cannot grow the gateway.
import type { Store } from '../store';
import { hashKey } from '../store/keys';
import type { Clock } from '../clock';
import type { KeyLimits } from './limits';
import { LruMap } from './lru';

export interface Principal {
  /** `master` or the key's id. */
  id: string;
  isMaster: boolean;
  keyId: string | null;
  teamId: string | null;
  /** The user (LiteLLM's user_id) whose budget the key also counts against. */
  userId: string | null;
  alias: string | null;
  /** Model groups the key may use; empty = all. */
  models: string[];
  limits: KeyLimits;
  budget: { maxUsd: number | null; spentUsd: number; duration: string | null; resetAt: number | null };
}

export type AuthResult = { ok: true; principal: Principal } | { ok: false; message: string };

/** The headers a key may come in, as LiteLLM reads them, after `Authorization`. */
const KEY_HEADERS = ['x-litellm-api-key', 'x-api-key', 'api-key'] as const;

/**
 * The caller's key: `Authorization: Bearer sk-…`, a bare `Authorization: sk-…` (LiteLLM allows
 * it), `x-litellm-api-key`, `x-api-key` (Anthropic clients) or `api-key` (Azure OpenAI clients).
 */
export function bearerToken(headers: Record<string, string | string[] | undefined>): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const value = auth.trim();
    const match = /^Bearer\s+(.+)$/i.exec(value);
    if (match) return match[1].trim();
    // A bare key: one token, no scheme word before it.
    if (value && !/\s/.test(value)) return value;
  }
  for (const name of KEY_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
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
  blocked: number;
  user_id: string | null;
};

/** Unknown keys and token hashes remembered: enough for real traffic, bounded against a flood. */
export const KEY_CACHE_ENTRIES = 4_096;
/** Longer tokens are hashed every time: no real key is this long, and the memo would hold them. */
const MEMO_TOKEN_CHARS = 256;

export class KeyDirectory {
  /** Rows of keys that exist, by hash: bounded by the keys in the store, not by what callers send. */
  private known = new Map<string, KeyRow>();
  /** Hashes looked up and not found. Every caller can send new ones, so only the most recent stay. */
  private readonly unknown = new LruMap<string, true>(KEY_CACHE_ENTRIES);
  /** sha256 of recently seen tokens: hashing on every request costs more than the lookup. */
  private readonly hashes = new LruMap<string, string>(KEY_CACHE_ENTRIES);
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
    this.known = new Map();
    this.unknown.clear();
    this.hashes.clear();
    this.masterHash = this.store.settings.getPrivate('masterKeyHash');
  }

  /** Entries held in each cache (for tests and diagnostics). */
  cacheSizes(): { known: number; unknown: number; hashes: number } {
    return { known: this.known.size, unknown: this.unknown.size, hashes: this.hashes.size };
  }

  private hashOf(token: string): string {
    if (token.length > MEMO_TOKEN_CHARS) return hashKey(token);
    let hash = this.hashes.get(token);
    if (hash === undefined) {
      hash = hashKey(token);
      this.hashes.set(token, hash);
    }
    return hash;
  }

  private lookup(hash: string): KeyRow | null {
    const cached = this.known.get(hash);
    if (cached) return cached;
    if (this.unknown.get(hash)) return null;
    const row = (this.byHash.get(hash) as KeyRow | undefined) ?? null;
    if (row) this.known.set(hash, row);
    else this.unknown.set(hash, true);
    return row;
  }

  authenticate(token: string | null): AuthResult {
    if (!token)
      return {
        ok: false,
        message:
          'No API key: send "Authorization: Bearer sk-…" (or x-api-key, api-key, x-litellm-api-key) with a Switchyard virtual key or the master key.',
      };
    const hash = this.hashOf(token);
    if (this.masterHash && hash === this.masterHash) {
      return {
        ok: true,
        principal: {
          id: 'master',
          isMaster: true,
          keyId: null,
          teamId: null,
          userId: null,
          alias: 'master',
          models: [],
          limits: { rpm: null, tpm: null, parallel: null },
          budget: { maxUsd: null, spentUsd: 0, duration: null, resetAt: null },
        },
      };
    }
    const row = this.lookup(hash);
    if (!row)
      return {
        ok: false,
        message: 'Unknown API key: check it was copied whole, or create a new key in Switchyard (Keys & Budgets).',
      };
    if (row.revoked_at != null)
      return { ok: false, message: 'This API key was revoked: create a new one in Switchyard (Keys & Budgets).' };
    if (row.blocked === 1)
      return {
        ok: false,
        message: 'This API key is blocked: ask an admin to unblock it (POST /key/unblock with the master key).',
      };
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
        userId: row.user_id,
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
