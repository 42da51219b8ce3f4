import { describe, expect, it } from 'vitest';
import { randomBase64url, randomHex } from './random-id';

describe('random ids from the pool', () => {
  it('are of the asked length and all different, also across refills of the pool', () => {
    const seen = new Set<string>();
    // 1,000 × 16 bytes: the 4 KiB pool is refilled several times.
    for (let i = 0; i < 1000; i++) {
      const id = randomHex(16);
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(1000);
    const b = randomBase64url(12);
    expect(b).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});
