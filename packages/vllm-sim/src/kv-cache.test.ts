import { describe, expect, it } from 'vitest';
import { blockHash, KvBlockPool } from './kv-cache';

describe('KvBlockPool', () => {
  it('allocates and releases blocks, and reports usage as a fraction of the pool', () => {
    const pool = new KvBlockPool(10, 16, false);
    expect(pool.usage).toBe(0);
    const a = pool.allocate(4)!;
    expect(a).toHaveLength(4);
    expect(pool.numFreeBlocks).toBe(6);
    expect(pool.usage).toBeCloseTo(0.4);
    expect(pool.allocate(7)).toBeNull();
    pool.release(a);
    expect(pool.numFreeBlocks).toBe(10);
    expect(pool.usage).toBe(0);
  });

  it('finds cached blocks by hash after release, and counts cached free blocks as free', () => {
    const pool = new KvBlockPool(8, 4, true);
    const tokens = [1, 2, 3, 4, 5, 6, 7, 8];
    const h0 = blockHash(0, tokens, 0, 4);
    const h1 = blockHash(h0, tokens, 4, 8);
    const blocks = pool.allocate(2)!;
    pool.cache(blocks[0], h0);
    pool.cache(blocks[1], h1);
    pool.release(blocks);
    expect(pool.usage).toBe(0);
    const hits = pool.lookup([h0, h1], 10);
    expect(hits).toEqual(blocks);
    expect(pool.freeAmong(hits)).toBe(2);
    pool.take(hits);
    expect(pool.numFreeBlocks).toBe(6);
    // A different first block breaks the chain: no hit for the second either.
    expect(pool.lookup([blockHash(0, [9, 9, 9, 9], 0, 4), h1], 10)).toEqual([]);
  });

  it('evicts the least recently freed cached block first, forgetting its hash', () => {
    const pool = new KvBlockPool(2, 4, true);
    const [a, b] = pool.allocate(2)!;
    pool.cache(a, 111);
    pool.cache(b, 222);
    pool.release([a]);
    pool.release([b]);
    const [fresh] = pool.allocate(1)!;
    expect(fresh).toBe(a);
    expect(pool.lookup([111], 1)).toEqual([]);
    expect(pool.lookup([222], 1)).toEqual([b]);
  });

  it('chains block hashes so that equal blocks after different prefixes differ', () => {
    const t = [5, 5, 5, 5];
    expect(blockHash(0, t, 0, 4)).toBe(blockHash(0, t, 0, 4));
    expect(blockHash(1, t, 0, 4)).not.toBe(blockHash(2, t, 0, 4));
    expect(Number.isSafeInteger(blockHash(123456789012, t, 0, 4))).toBe(true);
  });

  it('forgets every prefix on reset', () => {
    const pool = new KvBlockPool(4, 4, true);
    const [a] = pool.allocate(1)!;
    pool.cache(a, 42);
    pool.resetPrefixCache();
    expect(pool.lookup([42], 1)).toEqual([]);
  });
});
