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
});
