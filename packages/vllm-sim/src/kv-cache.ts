// The KV-cache block pool, shaped like vLLM V1's KVCacheManager: fixed-size blocks, reference
// counts, a free queue in eviction order (least recently freed first), and automatic prefix
// caching where a full block is known by the hash of its tokens chained to its parent's hash.
// Cached blocks whose reference count is 0 still count as free (usage falls back to 0 at idle).
import { hashInts, mix32 } from './prng';

/** A block's hash: two chained 32-bit hashes packed into one 53-bit integer (collisions ≈ never). */
export function blockHash(parent: number, tokens: ArrayLike<number>, from: number, to: number): number {
  const hi = hashInts(tokens, mix32(parent % 4294967296, 0x1b873593), from, to);
  const lo = hashInts(tokens, mix32(Math.floor(parent / 4294967296), 0xcc9e2d51), from, to);
  return (hi & 0x1fffff) * 4294967296 + lo;
}

const NONE = -1;

export class KvBlockPool {
  readonly numBlocks: number;
  readonly blockSize: number;
  readonly prefixCaching: boolean;
  private readonly refCount: Int32Array;
  private readonly hashOf: Float64Array; // NaN when the block holds no cached content
  private readonly cached = new Map<number, number>(); // hash → block id
  // Free queue as an intrusive doubly linked list over block ids (O(1) removal on a cache hit).
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = NONE;
  private tail = NONE;
  private free = 0;

  constructor(numBlocks: number, blockSize: number, prefixCaching: boolean) {
    this.numBlocks = numBlocks;
    this.blockSize = blockSize;
    this.prefixCaching = prefixCaching;
    this.refCount = new Int32Array(numBlocks);
    this.hashOf = new Float64Array(numBlocks).fill(NaN);
    this.prev = new Int32Array(numBlocks).fill(NONE);
    this.next = new Int32Array(numBlocks).fill(NONE);
    for (let id = 0; id < numBlocks; id++) this.pushFree(id);
  }

  get numFreeBlocks(): number {
    return this.free;
  }

  /** Fraction (0–1) of the pool held by running sequences: vllm:kv_cache_usage_perc. */
  get usage(): number {
    return this.numBlocks === 0 ? 0 : 1 - this.free / this.numBlocks;
  }

  /**
   * The longest run of cached blocks matching `hashes` from the start. Does not take them:
   * call `take` with the result once the sequence is admitted.
   */
  lookup(hashes: readonly number[], maxBlocks: number): number[] {
    const hits: number[] = [];
    if (!this.prefixCaching) return hits;
    for (let i = 0; i < hashes.length && i < maxBlocks; i++) {
      const id = this.cached.get(hashes[i]);
      if (id === undefined) break;
      hits.push(id);
    }
    return hits;
  }

  /** How many of `cachedHits` are sitting in the free queue (taking them uses free blocks). */
  freeAmong(cachedHits: readonly number[]): number {
    let n = 0;
    for (const id of cachedHits) if (this.refCount[id] === 0) n++;
    return n;
  }

  /** Takes a reference on cached blocks (a prefix hit). */
  take(ids: readonly number[]): void {
    for (const id of ids) {
      if (this.refCount[id]++ === 0) this.unlinkFree(id);
    }
  }

  /** Allocates `count` fresh blocks, evicting cached content from the front of the free queue. */
  allocate(count: number): number[] | null {
    if (count > this.free) return null;
    const ids: number[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const id = this.head;
      this.unlinkFree(id);
      this.evict(id);
      this.refCount[id] = 1;
      ids[i] = id;
    }
    return ids;
  }

  /** Drops one reference on each block; the last block of a sequence is evicted first later. */
  release(ids: readonly number[]): void {
    for (let i = ids.length - 1; i >= 0; i--) {
      const id = ids[i];
      if (--this.refCount[id] === 0) this.pushFree(id);
    }
  }

  /** Records that a full block now holds the tokens hashed to `hash` (reusable by later prompts). */
  cache(id: number, hash: number): void {
    if (!this.prefixCaching || !Number.isNaN(this.hashOf[id])) return;
    if (this.cached.has(hash)) return; // an identical block exists already; keep the first
    this.hashOf[id] = hash;
    this.cached.set(hash, id);
  }

  /** Forgets every cached prefix (POST /reset_prefix_cache, sleep). Blocks in use keep their data. */
  resetPrefixCache(): void {
    this.cached.clear();
    this.hashOf.fill(NaN);
  }

  private evict(id: number): void {
    const hash = this.hashOf[id];
    if (Number.isNaN(hash)) return;
    this.cached.delete(hash);
    this.hashOf[id] = NaN;
  }

  private pushFree(id: number): void {
    this.prev[id] = this.tail;
    this.next[id] = NONE;
    if (this.tail === NONE) this.head = id;
    else this.next[this.tail] = id;
    this.tail = id;
    this.free++;
  }

  private unlinkFree(id: number): void {
    const p = this.prev[id];
    const n = this.next[id];
    if (p === NONE) this.head = n;
    else this.next[p] = n;
    if (n === NONE) this.tail = p;
    else this.prev[n] = p;
    this.prev[id] = NONE;
    this.next[id] = NONE;
    this.free--;
  }
}
