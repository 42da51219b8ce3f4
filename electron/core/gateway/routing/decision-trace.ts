// A per-decision routing trace, for the routing bench and for anyone asking why a request went
// where it went: with SWITCHYARD_ROUTING_TRACE set to a file path, every choice among two or more
// targets appends one JSON line there — the time, the group and the retry, the targets left out
// (cooling down, unavailable, already tried), and for each candidate what the KV/queue-aware
// strategy saw: our in-flight count, its capacity and where that came from, the scraped queue and
// KV figures and their age, the load of other clients that makes up, and its score. Off (and free)
// unless the variable is set; written synchronously, so the line is there before the request is sent.
import { appendFileSync } from 'node:fs';
import { queueAwareScores, speedOf, type TargetLoad } from './strategies';
import type { Target } from './table';

const tracePath = process.env.SWITCHYARD_ROUTING_TRACE || null;

export const decisionTraceOn = (): boolean => tracePath !== null;

export interface DecisionContext {
  at: number;
  group: string;
  strategy: string;
  /** 0 for the first attempt in this group, then one more per retry. */
  retry: number;
  /** Targets of the group not offered to the strategy, and why. */
  left: { key: string; why: string }[];
}

const round = (n: number | null | undefined, digits = 0) => (n == null ? null : Number(n.toFixed(digits)));

/** One line per decision; called right after the strategy chose, in the same tick (so on the same figures). */
export function traceDecision(
  ctx: DecisionContext,
  pool: Target[],
  load: (t: Target) => TargetLoad,
  chosen: Target,
): void {
  if (!tracePath) return;
  const targets = queueAwareScores(pool, load).map((s) => ({
    key: s.target.key,
    inflight: s.load.inflight,
    capacity: s.capacity,
    capacityFrom: s.target.maxNumSeqs != null ? 'declared' : s.load.learnedCapacity != null ? 'metrics' : 'unknown',
    busy: s.busy,
    free: s.free,
    waiting: s.load.waiting,
    running: s.load.running ?? null,
    oursAtScrape: s.load.inflightAtScrape ?? null,
    kv: round(s.load.kvCacheUsage, 3),
    scrapeAgeMs: s.load.observedAt == null ? null : ctx.at - s.load.observedAt,
    serviceMs: round(speedOf(s.load)),
    perTokenMs: round(s.load.servicePerTokenMs, 2),
    score: round(s.score, 6),
  }));
  appendFileSync(tracePath, `${JSON.stringify({ ...ctx, chosen: chosen.key, targets })}\n`);
}
