// Routing strategies: pure choices among the targets that can take a request now.
import type { ModelGroup } from '../../../../shared/schemas';
import type { Target } from './table';

export interface TargetLoad {
  /** Requests this gateway has in flight to the target. */
  inflight: number;
  /** Exponentially weighted latency of recent successes, ms; null before the first. */
  ewmaLatencyMs: number | null;
  /** Scraped from vLLM's /metrics when telemetry has it, else null. */
  kvCacheUsage: number | null;
  waiting: number | null;
}

type Strategy = ModelGroup['strategy'];

/** Only the lowest `order` present competes; higher orders are used when all lower ones are out. */
export function lowestOrder(candidates: Target[]): Target[] {
  const min = Math.min(...candidates.map((t) => t.order));
  return candidates.filter((t) => t.order === min);
}

function weightedShuffle(candidates: Target[], random: () => number): Target {
  const total = candidates.reduce((sum, t) => sum + Math.max(0, t.weight), 0);
  if (total <= 0) return candidates[Math.floor(random() * candidates.length)];
  let point = random() * total;
  for (const t of candidates) {
    point -= Math.max(0, t.weight);
    if (point < 0) return t;
  }
  return candidates[candidates.length - 1];
}

function minBy(candidates: Target[], score: (t: Target) => number, random: () => number): Target {
  let best: Target[] = [];
  let bestScore = Infinity;
  for (const t of candidates) {
    const s = score(t);
    if (s < bestScore) {
      bestScore = s;
      best = [t];
    } else if (s === bestScore) best.push(t);
  }
  // Ties are broken by weight, so equal targets still share traffic.
  return weightedShuffle(best, random);
}

export function pickTarget(
  strategy: Strategy,
  candidates: Target[],
  load: (t: Target) => TargetLoad,
  random: () => number = Math.random,
): Target {
  if (candidates.length === 0) throw new Error('pickTarget needs at least one candidate');
  const pool = lowestOrder(candidates);
  if (pool.length === 1) return pool[0];
  switch (strategy) {
    case 'simple-shuffle':
      return weightedShuffle(pool, random);
    case 'least-busy':
      return minBy(pool, (t) => load(t).inflight, random);
    case 'latency-based-routing': {
      // Untried targets first (score -1), so every target gets measured.
      return minBy(pool, (t) => load(t).ewmaLatencyMs ?? -1, random);
    }
    case 'cost-based-routing':
      return minBy(pool, (t) => t.inputCostPerToken + t.outputCostPerToken, random);
    case 'kv-aware':
      // Queue first (a waiting request costs a whole turn), then KV pressure, then our own in-flight.
      return minBy(
        pool,
        (t) => {
          const l = load(t);
          return (l.waiting ?? 0) * 1_000 + (l.kvCacheUsage ?? 0) * 100 + l.inflight;
        },
        random,
      );
  }
}
