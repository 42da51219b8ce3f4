// Routing strategies: pure choices among the targets that can take a request now.
import type { ModelGroup } from '../../../../shared/schemas';
import type { Target } from './table';

export interface TargetLoad {
  /** Requests this gateway has in flight to the target (fresh: counted as it sends). */
  inflight: number;
  /** Exponentially weighted latency of recent successes, ms; null before the first. */
  ewmaLatencyMs: number | null;
  /**
   * How fast the target answers when nothing waits: the low end of recent latencies of answers
   * that were not sent past its capacity (target-load.ts), so a queue it had does not make it look
   * slow; null before the first. Falls back to the EWMA.
   */
  serviceMs?: number | null;
  /** Scraped from vLLM's /metrics when telemetry has it, else null (up to a scrape interval old). */
  kvCacheUsage: number | null;
  waiting: number | null;
  /** Scraped: requests the engine was running. */
  running?: number | null;
  /** Our in-flight count around the last scrape (the most in the seconds before it arrived): how much of its load was ours. */
  inflightAtScrape?: number;
  /** The most requests the engine was seen running while others waited (target-load.ts); null until then. */
  learnedCapacity?: number | null;
}

/** KV-cache use from which an engine is treated as full: a request admitted now would likely preempt another. */
export const KV_FULL = 0.95;
/** max_num_seqs vLLM picks on most GPUs when none is given: the guess for a target not yet measured. */
const DEFAULT_CAPACITY = 256;
/** Free targets whose service latency is within this factor of the fastest free one count as equally fast. */
export const SPEED_TOLERANCE = 1.5;

/** Requests the target runs at once: its --max-num-seqs, else what its /metrics showed, else unknown. */
export function capacityOf(t: Target, l: TargetLoad): number | null {
  return t.maxNumSeqs ?? l.learnedCapacity ?? null;
}

/** The latency the kv-aware strategy compares targets' speed by. */
export const speedOf = (l: TargetLoad): number | null => l.serviceMs ?? l.ewmaLatencyMs;

export interface QueueView {
  capacity: number | null;
  /** Our in-flight plus the load of other clients the engine showed at the last scrape. */
  busy: number;
  free: boolean;
}

/**
 * A target's load in the gateway's own terms. Other clients' share of the engine is what its
 * last scrape showed beyond our own count then (running + waiting − ours); that share is still
 * there as far as we know. Without a running figure, the queue beyond what our own requests
 * explain (a queue of ours forms only past the capacity).
 */
export function queueView(t: Target, l: TargetLoad): QueueView {
  const capacity = capacityOf(t, l);
  const waiting = l.waiting ?? 0;
  const oursThen = l.inflightAtScrape ?? l.inflight;
  let others = 0;
  if (l.running != null) others = Math.max(0, l.running + waiting - oursThen);
  else if (capacity != null) others = Math.max(0, waiting - Math.max(0, oursThen - capacity));
  const busy = l.inflight + others;
  const kvFull = (l.kvCacheUsage ?? 0) >= KV_FULL;
  // Unknown capacity: only the (older) scrape can say it is full.
  const free = !kvFull && (capacity == null ? waiting === 0 : busy < capacity);
  return { capacity, busy, free };
}

/**
 * When a target has no free slot: how long until a request sent there now would end, ms. The
 * requests queued ahead of it and then it start as slots free up (capacity of them every service
 * time), and it runs for one service time: (ahead + 1) / capacity × service + service. The
 * service latency is the target's speed when nothing waits (the EWMA already holds old queueing).
 */
export function expectedFinishMs(view: QueueView, l: TargetLoad, typicalMs: number): number {
  const service = speedOf(l) ?? typicalMs;
  const capacity = view.capacity ?? Math.max(1, l.inflight);
  const ahead = Math.max(0, view.busy - capacity) + (view.capacity == null ? (l.waiting ?? 0) : 0);
  return ((ahead + 1) / capacity) * service + service;
}

/**
 * KV/queue-aware: a target with a free slot (by this gateway's own in-flight count against its
 * capacity) always beats one without; among free ones the fast win (service latency within
 * SPEED_TOLERANCE of the fastest free one; a target not yet measured waits while a measured one
 * has a free slot, then has one request at a time until it is), then the one with the most free
 * slots, then the emptier KV cache. When none is free: the earliest expected finish
 * (expectedFinishMs), so a short queue on a fast target beats an empty one on a slow target; an
 * unmeasured target with a request out comes last there as well.
 */
function queueAware(pool: Target[], load: (t: Target) => TargetLoad, random: () => number): Target {
  const views = new Map(pool.map((t) => [t, { l: load(t), ...queueView(t, load(t)) }]));
  const freeSpeeds = [...views.values()].filter((v) => v.free && speedOf(v.l) != null).map((v) => speedOf(v.l)!);
  const fastest = freeSpeeds.length ? Math.min(...freeSpeeds) : null;
  const speeds = [...views.values()].map((v) => speedOf(v.l)).filter((x): x is number => x != null);
  const typical = speeds.length ? Math.min(...speeds) : 1;
  return minBy(
    pool,
    (t) => {
      const v = views.get(t)!;
      const kv = v.l.kvCacheUsage ?? 0;
      if (v.free) {
        // A target not measured yet counts as slow while a measured one has a free slot (it may be
        // the slow replica); otherwise it gets one request to measure it, then waits for that answer.
        const speed = speedOf(v.l);
        const slow =
          speed == null ? fastest != null || v.l.inflight > 0 : fastest != null && speed > SPEED_TOLERANCE * fastest;
        // An unknown capacity counts as vLLM's usual default; at least one slot is free here.
        const freeSlots = Math.max(1, (v.capacity ?? DEFAULT_CAPACITY) - v.busy);
        // The KV term only breaks ties: below the smallest step between free-slot counts (1 / (257 × 258)).
        return (slow ? 10 : 0) + 1 / (1 + freeSlots) + kv * 1e-6;
      }
      // Above every free score; a ms of expected finish outweighs any KV difference. A target not
      // measured yet whose first request is still out waits for that answer here too: taken for as
      // fast as the fastest, the slow replica of a cold gateway would look like the earliest finish.
      const waitsForFirstAnswer = speedOf(v.l) == null && v.l.inflight > 0;
      return 1_000 + (waitsForFirstAnswer ? 1e9 : 0) + expectedFinishMs(v, v.l, typical) + kv * 0.01;
    },
    random,
  );
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
      return queueAware(pool, load, random);
  }
}
