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
  /**
   * The same low end per output token (latency ÷ the answer's output tokens), for answers whose
   * usage gave their length; null until then. Answers of 16 and of 112 tokens take 1 : 5 on the
   * same engine, so only this compares engines' speed whatever each was asked for lately.
   */
  servicePerTokenMs?: number | null;
  /** Scraped from vLLM's /metrics when telemetry has it, else null (up to a scrape interval old). */
  kvCacheUsage: number | null;
  waiting: number | null;
  /** Scraped: requests the engine was running. */
  running?: number | null;
  /** Our in-flight count around the last scrape (the most in the seconds before it arrived): how much of its load was ours. */
  inflightAtScrape?: number;
  /** The most requests the engine was seen running while others waited (target-load.ts); null until then. */
  learnedCapacity?: number | null;
  /** When the last scrape reached the gateway (its clock), or null before the first. */
  observedAt?: number | null;
}

/** KV-cache use from which an engine is treated as full: a request admitted now would likely preempt another. */
export const KV_FULL = 0.95;
/**
 * An endpoint's capacity before its /metrics showed one (vLLM's /metrics has no max_num_seqs; an
 * endpoint has no setting for it): the max_num_seqs vLLM picks on most GPUs when none is given.
 * Until a scrape shows the engine queueing, it is free while the scrape showed no queue and fewer
 * than this many are in flight; its free slots are counted against it too.
 */
export const COLD_CAPACITY = 256;
/** Free targets whose service latency is within this factor of the fastest free one count as equally fast. */
export const SPEED_TOLERANCE = 1.5;

/** Requests the target runs at once: its --max-num-seqs, else what its /metrics showed, else unknown. */
export function capacityOf(t: Target, l: TargetLoad): number | null {
  return t.maxNumSeqs ?? l.learnedCapacity ?? null;
}

/** The latency the kv-aware strategy expects of a request (expected finish): service latency, else the EWMA. */
export const speedOf = (l: TargetLoad): number | null => l.serviceMs ?? l.ewmaLatencyMs;

/**
 * How free targets' speeds are compared: ms per output token when every one compared has that
 * figure (answers of different lengths then weigh alike), else speedOf. By whole answers, a slow
 * engine that happened to serve a few short answers lately came within SPEED_TOLERANCE of a fast
 * one that served long ones, and took requests while the fast one had free slots.
 */
export function paceMeasure(loads: TargetLoad[]): (l: TargetLoad) => number | null {
  const measured = loads.filter((l) => speedOf(l) != null);
  const perToken = measured.length > 0 && measured.every((l) => l.servicePerTokenMs != null);
  return perToken ? (l) => l.servicePerTokenMs ?? null : speedOf;
}

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
  // Unknown capacity: the (older) scrape's queue says it is full, and so do COLD_CAPACITY in flight.
  const free = !kvFull && (capacity == null ? waiting === 0 && busy < COLD_CAPACITY : busy < capacity);
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

export interface QueueAwareScore extends QueueView {
  target: Target;
  load: TargetLoad;
  /** Lower wins: below 1 a free target, 10–11 a free one counted as slow, from 1,000 a full one. */
  score: number;
}

/** Every target's view and score as KV/queue-aware sees them now (queueAware takes the lowest; the decision trace prints them). */
export function queueAwareScores(pool: Target[], load: (t: Target) => TargetLoad): QueueAwareScore[] {
  const views = pool.map((t) => {
    const l = load(t);
    return { target: t, load: l, ...queueView(t, l) };
  });
  const free = views.filter((v) => v.free);
  const pace = paceMeasure(free.map((v) => v.load));
  const freeSpeeds = free.filter((v) => pace(v.load) != null).map((v) => pace(v.load)!);
  const fastest = freeSpeeds.length ? Math.min(...freeSpeeds) : null;
  const speeds = views.map((v) => speedOf(v.load)).filter((x): x is number => x != null);
  const typical = speeds.length ? Math.min(...speeds) : 1;
  const scoreOf = (v: (typeof views)[number]): number => {
    const kv = v.load.kvCacheUsage ?? 0;
    if (v.free) {
      // A target not measured yet counts as slow while a measured one has a free slot (it may be
      // the slow replica); otherwise it gets one request to measure it, then waits for that answer.
      const speed = pace(v.load);
      const slow =
        speed == null ? fastest != null || v.load.inflight > 0 : fastest != null && speed > SPEED_TOLERANCE * fastest;
      // An unknown capacity counts as vLLM's usual default; at least one slot is free here.
      const freeSlots = Math.max(1, (v.capacity ?? COLD_CAPACITY) - v.busy);
      // The KV term only breaks ties: below the smallest step between free-slot counts (1 / (257 × 258)).
      return (slow ? 10 : 0) + 1 / (1 + freeSlots) + kv * 1e-6;
    }
    // Above every free score; a ms of expected finish outweighs any KV difference. A target not
    // measured yet whose first request is still out waits for that answer here too: taken for as
    // fast as the fastest, the slow replica of a cold gateway would look like the earliest finish.
    const waitsForFirstAnswer = speedOf(v.load) == null && v.load.inflight > 0;
    return 1_000 + (waitsForFirstAnswer ? 1e9 : 0) + expectedFinishMs(v, v.load, typical) + kv * 0.01;
  };
  return views.map((v) => ({ ...v, score: scoreOf(v) }));
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
  const scores = new Map(queueAwareScores(pool, load).map((s) => [s.target, s.score]));
  return minBy(pool, (t) => scores.get(t)!, random);
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
