// The gateway's live state behind one interface: rate-limit counters (rpm/tpm/parallel per key,
// team), budget reservations and settlements, and cooldowns. One gateway process keeps it in
// memory (MemoryGatewayState: answers synchronously, as before); gateway workers and replicas
// share it through Redis (redis-state.ts), atomically, so the never-overspend guarantee holds
// across processes. Spend in SQLite stays the source of truth either way.
import type { BudgetLedger, Reservation, ReserveResult } from '../budget';
import { type Admission, type KeyLimits, type RateLimiter, type RateLimitStanding, tightestStanding } from '../limits';

/** One party whose rate limits a request counts against: the key, its team. */
export interface RateSubject {
  /** The counter's name: the key's id, `team:<id>`. */
  id: string;
  limits: KeyLimits;
  /** Names the subject in refusals: "This key", "Team research". */
  who: string;
}

/** A value now (in memory) or once Redis answers. */
export type Answer<T> = T | Promise<T>;

export interface GatewayState {
  /** Where the state lives, for logs and errors: "memory", "Redis at redis://…". */
  readonly where: string;
  /**
   * Admits a request against every subject's limits, all or none; each holds its worst-case tokens
   * (at most its whole tpm) until `release` settles them to the real count.
   */
  admit(subjects: RateSubject[], worstCaseTokens: number): Answer<Admission>;
  /** Holds `amountUsd` against every scope (`key:…`, `team:…`, `user:…`) if it fits all of them. */
  reserve(scopeIds: string[], amountUsd: number): Answer<ReserveResult>;
  /** Releases the reservation and records the real cost (idempotent; never throws). */
  settle(reservation: Reservation, actualUsd: number): void;
  close(): Promise<void>;
}

/** The state of one gateway process, in memory: the ledger and limiter as they always were. */
export class MemoryGatewayState implements GatewayState {
  readonly where = 'memory';

  constructor(
    private readonly limiter: RateLimiter,
    private readonly ledger: BudgetLedger,
  ) {}

  admit(subjects: RateSubject[], worstCaseTokens: number): Admission {
    const held: Array<Extract<Admission, { ok: true }>> = [];
    for (const s of subjects) {
      const a = this.limiter.admit(s.id, s.limits, worstCaseTokens, s.who);
      if (!a.ok) {
        for (const h of held) h.release(0);
        return a;
      }
      held.push(a);
    }
    if (held.length === 1) return held[0];
    return {
      ok: true,
      reservedTokens: Math.max(0, ...held.map((h) => h.reservedTokens)),
      standing: tightestStanding(held.map((h) => h.standing).filter((s): s is RateLimitStanding => Boolean(s))),
      release: (tokens) => {
        for (const h of held) h.release(tokens);
      },
    };
  }

  reserve(scopeIds: string[], amountUsd: number): ReserveResult {
    return this.ledger.reserve(scopeIds, amountUsd);
  }

  settle(reservation: Reservation, actualUsd: number): void {
    this.ledger.settle(reservation, actualUsd);
  }

  async close(): Promise<void> {}
}

/** A limit's refusal, worded the same whichever state answered. */
export function refusal(
  limit: 'rpm' | 'tpm' | 'parallel',
  subject: RateSubject,
  figures: { count: number; worstCaseTokens: number; retryAfterS: number },
): Extract<Admission, { ok: false }> {
  const { who, limits } = subject;
  if (limit === 'parallel')
    return {
      ok: false,
      limit,
      message: `${who} allows ${limits.parallel} requests in parallel and has ${figures.count} in flight.`,
      retryAfterS: 1,
    };
  if (limit === 'rpm')
    return {
      ok: false,
      limit,
      message: `${who} allows ${limits.rpm} requests per minute.`,
      retryAfterS: figures.retryAfterS,
    };
  const upTo = Number.isFinite(figures.worstCaseTokens)
    ? `up to ${Math.ceil(figures.worstCaseTokens)}`
    : 'its whole allowance';
  return {
    ok: false,
    limit,
    message: `${who} allows ${limits.tpm} tokens per minute; ${figures.count} are used or held by requests of the last minute and this one could use ${upTo}.`,
    retryAfterS: figures.retryAfterS,
  };
}

/** Tokens a request holds against a tpm limit: its worst case, at most the whole limit. */
export const tokensToHold = (limits: KeyLimits, worstCaseTokens: number): number =>
  limits.tpm == null ? 0 : Math.min(Math.max(0, Math.ceil(worstCaseTokens)), limits.tpm);
