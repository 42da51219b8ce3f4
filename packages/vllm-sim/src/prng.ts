// Deterministic randomness for the simulator: a seeded PRNG and fast 32-bit hashes, so the same
// request always yields the same text, length and failures (tests can rely on it).

/** mulberry32: a small, fast, well-distributed 32-bit PRNG. Returns floats in [0, 1). */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/** Mixes one 32-bit integer into a running hash (murmur3's finaliser applied per step). */
export function mix32(hash: number, value: number): number {
  let h = Math.imul(hash ^ value, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hash of a list of integers (token ids), optionally chained from a parent hash. */
export function hashInts(values: ArrayLike<number>, parent = 0x9e3779b9, from = 0, to = values.length): number {
  let h = parent >>> 0;
  for (let i = from; i < to; i++) h = mix32(h, values[i]);
  return mix32(h, to - from);
}
