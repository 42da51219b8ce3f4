import { describe, expect, it } from 'vitest';
import { RateLimiter, tightestStanding } from './limits';

describe('RateLimiter', () => {
  it('holds requests per minute and frees the window after a minute', () => {
    const time = { now: 0 };
    const limiter = new RateLimiter({ now: () => time.now });
    const limits = { rpm: 2, tpm: null, parallel: null };
    expect(limiter.admit('k', limits, 0).ok).toBe(true);
    expect(limiter.admit('k', limits, 0).ok).toBe(true);
    const refused = limiter.admit('k', limits, 0);
    expect(refused).toMatchObject({ ok: false, limit: 'rpm', retryAfterS: 60 });
    time.now = 60_000;
    expect(limiter.admit('k', limits, 0).ok).toBe(true);
  });

  it('holds requests in parallel until one is released', () => {
    const limiter = new RateLimiter({ now: () => 0 });
    const limits = { rpm: null, tpm: null, parallel: 1 };
    const first = limiter.admit('k', limits, 0);
    expect(limiter.admit('k', limits, 0)).toMatchObject({ ok: false, limit: 'parallel' });
    if (first.ok) first.release(0);
    expect(limiter.admit('k', limits, 0).ok).toBe(true);
  });

  it('counts tokens per minute as requests settle', () => {
    const limiter = new RateLimiter({ now: () => 0 });
    const limits = { rpm: null, tpm: 100, parallel: null };
    const a = limiter.admit('k', limits, 10);
    if (a.ok) a.release(95);
    expect(limiter.admit('k', limits, 10)).toMatchObject({ ok: false, limit: 'tpm' });
    expect(limiter.admit('other', limits, 10).ok).toBe(true);
  });

  it('finding 5: tpm is reserved at admission, so requests in flight together cannot pass it', () => {
    const limiter = new RateLimiter({ now: () => 0 });
    const limits = { rpm: null, tpm: 500, parallel: null };
    const admitted = Array.from({ length: 300 }, () => limiter.admit('k', limits, 28)).filter((a) => a.ok);
    expect(admitted).toHaveLength(Math.floor(500 / 28));
    // Settling to the real count frees what was held beyond it.
    for (const a of admitted) if (a.ok) a.release(10);
    const more = Array.from({ length: 300 }, () => limiter.admit('k', limits, 28)).filter((a) => a.ok);
    expect(admitted.length * 10 + more.length * 28).toBeLessThanOrEqual(500);
    expect(more.length).toBe(Math.floor((500 - admitted.length * 10) / 28));
  });

  it('finding 5: a request larger than the limit runs alone in an empty window, then holds it', () => {
    const time = { now: 0 };
    const limiter = new RateLimiter({ now: () => time.now });
    const limits = { rpm: null, tpm: 100, parallel: null };
    const big = limiter.admit('k', limits, Infinity);
    expect(big).toMatchObject({ ok: true, reservedTokens: 100 });
    expect(limiter.admit('k', limits, 1)).toMatchObject({ ok: false, limit: 'tpm' });
    if (big.ok) big.release(250);
    time.now = 59_999;
    expect(limiter.admit('k', limits, 1)).toMatchObject({ ok: false, limit: 'tpm' });
    time.now = 60_000;
    expect(limiter.admit('k', limits, 1).ok).toBe(true);
  });

  it('reports what is left after each admission, and when the oldest request leaves the window', () => {
    const time = { now: 0 };
    const limiter = new RateLimiter({ now: () => time.now });
    const limits = { rpm: 3, tpm: 1_000, parallel: null };
    const first = limiter.admit('k', limits, 300);
    expect(first.ok && first.standing).toEqual({
      remainingRequests: 2,
      remainingTokens: 700,
      resetRequestsS: 60,
      resetTokensS: 60,
    });
    if (first.ok) first.release(100); // settles to the real count: 900 tokens free again
    time.now = 15_000;
    const second = limiter.admit('k', limits, 200);
    expect(second.ok && second.standing).toEqual({
      remainingRequests: 1,
      remainingTokens: 700,
      resetRequestsS: 45,
      resetTokensS: 45,
    });
    const rpmOnly = limiter.admit('other', { rpm: 5, tpm: null, parallel: 2 }, 10);
    expect(rpmOnly.ok && rpmOnly.standing).toEqual({
      remainingRequests: 4,
      remainingTokens: null,
      resetRequestsS: 60,
      resetTokensS: null,
    });
    // No limits: nothing to report.
    const free = limiter.admit('free', { rpm: null, tpm: null, parallel: null }, 10);
    expect(free.ok && free.standing).toBeUndefined();
  });

  it('a key and its team: the tightest figure of each field', () => {
    expect(
      tightestStanding([
        { remainingRequests: 9, remainingTokens: null, resetRequestsS: 50, resetTokensS: null },
        { remainingRequests: 2, remainingTokens: 400, resetRequestsS: 58, resetTokensS: 30 },
      ]),
    ).toEqual({ remainingRequests: 2, remainingTokens: 400, resetRequestsS: 50, resetTokensS: 30 });
  });
});
