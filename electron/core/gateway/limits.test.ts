import { describe, expect, it } from 'vitest';
import { RateLimiter } from './limits';

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
});
