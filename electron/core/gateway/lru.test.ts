import { describe, expect, it } from 'vitest';
import { LruMap } from './lru';

describe('LruMap', () => {
  it('never holds more than its capacity, and keeps what was used lately', () => {
    const lru = new LruMap<string, number>(8);
    lru.set('hot', 0);
    for (let i = 0; i < 100; i++) {
      lru.set(`k${i}`, i);
      expect(lru.get('hot')).toBe(0); // read on every insertion: never dropped
      expect(lru.size).toBeLessThanOrEqual(8);
    }
    expect(lru.get('k99')).toBe(99);
    expect(lru.get('k0')).toBeUndefined(); // not used since 99 newer insertions
  });

  it('a value set again is the new one, wherever the old one was', () => {
    const lru = new LruMap<string, number>(4);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('c', 3); // a and b are now the older generation
    lru.set('a', 10);
    expect(lru.get('a')).toBe(10);
    expect(lru.size).toBeLessThanOrEqual(4);
  });

  it('works at a capacity of one', () => {
    const lru = new LruMap<string, number>(1);
    lru.set('a', 1);
    expect(lru.get('a')).toBe(1);
    lru.set('b', 2);
    expect(lru.size).toBe(1);
    expect(lru.get('b')).toBe(2);
    expect(lru.get('a')).toBeUndefined();
    expect(() => new LruMap(0)).toThrow();
  });
});
