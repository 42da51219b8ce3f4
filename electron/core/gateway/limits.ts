// Per-key rate limits: requests per minute, tokens per minute, requests in parallel. Sliding
// one-minute windows kept as timestamps. Tokens are reserved at admission like budgets: a request
// holds its worst-case tokens (at most the whole limit, so one request can always run in an empty
// window) from the moment it is admitted, and settles to its real count when it ends, so requests
// running at the same time can never together pass the limit.
import type { Clock } from '../clock';

const WINDOW_MS = 60_000;

export interface KeyLimits {
  rpm: number | null;
  tpm: number | null;
  parallel: number | null;
}

/** What a subject's limits have left after an admission: OpenAI's x-ratelimit-remaining-* / -reset-*. */
export interface RateLimitStanding {
  remainingRequests: number | null;
  remainingTokens: number | null;
  /** Seconds until the oldest request / token hold leaves the one-minute window. */
  resetRequestsS: number | null;
  resetTokensS: number | null;
}

export type Admission =
  | { ok: true; release: (tokens: number) => void; reservedTokens: number; standing?: RateLimitStanding }
  | { ok: false; limit: 'rpm' | 'tpm' | 'parallel'; message: string; retryAfterS: number };

interface Window {
  requests: number[];
  tokens: Array<{ at: number; n: number }>;
  inflight: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: Clock) {}

  /**
   * `worstCaseTokens` is the most the request can use (prompt and output; Infinity when unbounded).
   * `who` names the subject in refusals: "This key", "Team research".
   */
  admit(subject: string, limits: KeyLimits, worstCaseTokens: number, who = 'This key'): Admission {
    if (limits.rpm == null && limits.tpm == null && limits.parallel == null)
      return { ok: true, release: () => {}, reservedTokens: 0 };
    const now = this.clock.now();
    const w = this.windows.get(subject) ?? { requests: [], tokens: [], inflight: 0 };
    this.windows.set(subject, w);
    while (w.requests.length && now - w.requests[0] >= WINDOW_MS) w.requests.shift();
    while (w.tokens.length && now - w.tokens[0].at >= WINDOW_MS) w.tokens.shift();
    const retryAfter = (oldest: number | undefined) =>
      Math.max(1, Math.ceil(((oldest ?? now) + WINDOW_MS - now) / 1000));

    if (limits.parallel != null && w.inflight >= limits.parallel) {
      return {
        ok: false,
        limit: 'parallel',
        message: `${who} allows ${limits.parallel} requests in parallel and has ${w.inflight} in flight.`,
        retryAfterS: 1,
      };
    }
    if (limits.rpm != null && w.requests.length >= limits.rpm) {
      return {
        ok: false,
        limit: 'rpm',
        message: `${who} allows ${limits.rpm} requests per minute.`,
        retryAfterS: retryAfter(w.requests[0]),
      };
    }
    // Held or used by requests admitted in the last minute (in-flight ones count their reservation).
    const usedTokens = w.tokens.reduce((sum, t) => sum + t.n, 0);
    const reserve = limits.tpm == null ? 0 : Math.min(Math.max(0, Math.ceil(worstCaseTokens)), limits.tpm);
    if (limits.tpm != null && usedTokens + reserve > limits.tpm) {
      const upTo = Number.isFinite(worstCaseTokens) ? `up to ${Math.ceil(worstCaseTokens)}` : 'its whole allowance';
      return {
        ok: false,
        limit: 'tpm',
        message: `${who} allows ${limits.tpm} tokens per minute; ${usedTokens} are used or held by requests of the last minute and this one could use ${upTo}.`,
        retryAfterS: retryAfter(w.tokens[0]?.at),
      };
    }
    w.requests.push(now);
    w.inflight += 1;
    const entry = { at: now, n: reserve };
    if (limits.tpm != null) w.tokens.push(entry);
    let released = false;
    const resetS = (oldest: number) => Math.max(0, Math.ceil((oldest + WINDOW_MS - now) / 1000));
    return {
      ok: true,
      reservedTokens: reserve,
      standing: {
        remainingRequests: limits.rpm == null ? null : limits.rpm - w.requests.length,
        remainingTokens: limits.tpm == null ? null : Math.max(0, limits.tpm - usedTokens - reserve),
        resetRequestsS: limits.rpm == null ? null : resetS(w.requests[0]),
        resetTokensS: limits.tpm == null ? null : resetS(w.tokens[0].at),
      },
      release: (tokens) => {
        if (released) return;
        released = true;
        w.inflight -= 1;
        // The reservation settles to the real count, kept at the time of admission.
        entry.n = Math.max(0, tokens);
      },
    };
  }
}

/** The tightest of several subjects' standings (a key and its team), field by field. */
export function tightestStanding(standings: RateLimitStanding[]): RateLimitStanding | undefined {
  if (standings.length <= 1) return standings[0];
  const least = (pick: (s: RateLimitStanding) => number | null) => {
    const known = standings.map(pick).filter((n): n is number => n != null);
    return known.length ? Math.min(...known) : null;
  };
  return {
    remainingRequests: least((s) => s.remainingRequests),
    remainingTokens: least((s) => s.remainingTokens),
    resetRequestsS: least((s) => s.resetRequestsS),
    resetTokensS: least((s) => s.resetTokensS),
  };
}
