// Per-key rate limits: requests per minute, tokens per minute, requests in parallel. Sliding
// one-minute windows kept as timestamps; tokens are counted when a request settles.
import type { Clock } from '../clock';

const WINDOW_MS = 60_000;

export interface KeyLimits {
  rpm: number | null;
  tpm: number | null;
  parallel: number | null;
}

export type Admission =
  | { ok: true; release: (tokens: number) => void }
  | { ok: false; limit: 'rpm' | 'tpm' | 'parallel'; message: string; retryAfterS: number };

interface Window {
  requests: number[];
  tokens: Array<{ at: number; n: number }>;
  inflight: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: Clock) {}

  /** `who` names the subject in refusals: "This key", "Team research". */
  admit(subject: string, limits: KeyLimits, estimatedTokens: number, who = 'This key'): Admission {
    if (limits.rpm == null && limits.tpm == null && limits.parallel == null) return { ok: true, release: () => {} };
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
    const usedTokens = w.tokens.reduce((sum, t) => sum + t.n, 0);
    if (limits.tpm != null && usedTokens + Math.min(estimatedTokens, limits.tpm) > limits.tpm) {
      return {
        ok: false,
        limit: 'tpm',
        message: `${who} allows ${limits.tpm} tokens per minute; ${usedTokens} used in the last minute.`,
        retryAfterS: retryAfter(w.tokens[0]?.at),
      };
    }
    w.requests.push(now);
    w.inflight += 1;
    let released = false;
    return {
      ok: true,
      release: (tokens) => {
        if (released) return;
        released = true;
        w.inflight -= 1;
        if (tokens > 0) w.tokens.push({ at: this.clock.now(), n: tokens });
      },
    };
  }
}
