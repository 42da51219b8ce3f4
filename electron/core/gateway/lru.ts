// A map that keeps at most `capacity` entries, dropping the least recently used. A Map iterates
// in insertion order, so re-inserting on every hit keeps the oldest entry first.
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('an LRU needs a capacity of at least 1');
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    // The newest entry already is where re-inserting would put it (the gateway's hot keys are).
    if (key !== this.newest) {
      this.map.delete(key);
      this.map.set(key, value);
      this.newest = key;
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  clear(): void {
    this.map.clear();
    this.newest = undefined;
  }

  /** The last key inserted or re-inserted: the end of the map's order. */
  private newest: K | undefined;
}
