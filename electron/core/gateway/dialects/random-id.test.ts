import { describe, expect, it } from 'vitest';
import { msHex, randomBase64url, randomHex } from './random-id';
import { responseId } from './responses-response';

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

describe('response ids', () => {
  it('keep the form of OpenAI ids (resp_ and 48 hex digits), are all different, and sort in the order they were made', async () => {
    const early = Array.from({ length: 200 }, () => responseId());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const late = responseId();
    for (const id of [...early, late]) expect(id).toMatch(/^resp_[0-9a-f]{48}$/);
    expect(new Set(early).size).toBe(early.length);
    // They open with the time: later ids sort after earlier ones.
    for (const id of early) expect(id < late).toBe(true);
    expect(Number.parseInt(late.slice(5, 17), 16)).toBeGreaterThanOrEqual(Date.now() - 1000);
  });
});

describe('msHex', () => {
  it('writes what toString(16) padded to 12 digits writes, at the edges of its halves and of the range', () => {
    const times = [0, 1, 0xffffff, 0x1000000, 0x1000001, Date.now(), 2 ** 47 - 1, 1_796_192_974_123];
    for (let i = 0; i < 1000; i++) times.push(Math.floor(Math.random() * 2 ** 47));
    for (const ms of times) expect(msHex(ms)).toBe(ms.toString(16).padStart(12, '0'));
  });
});
