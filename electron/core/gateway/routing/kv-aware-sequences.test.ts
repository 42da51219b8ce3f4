// KV/queue-aware routing over random arrival sequences: the gateway's own TargetLoads fed as the
// pipeline feeds it (begin as a request is sent, end with its latency as it settles) and scrapes
// that arrive late, as telemetry's do. Every target's capacity is known before the first request
// (a deployment's --max-num-seqs), and each has answered once (its speed is measured).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testTarget } from '../../../../test/support/targets';
import { TargetLoads } from '../target-load';
import { pickTarget, SPEED_TOLERANCE, speedOf } from './strategies';
import type { Target } from './table';

function seeded(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

const replica = fc.record({
  capacity: fc.integer({ min: 1, max: 16 }),
  serviceMs: fc.integer({ min: 100, max: 5_000 }),
});

/** What happens next: a request arrives, one in flight ends, or a scrape taken `lagMs` ago arrives. */
const step = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('arrive' as const), gapMs: fc.integer({ min: 0, max: 300 }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('end' as const),
      which: fc.nat(),
      // Now and then a lull of seconds with no arrival, longer than a scrape's way to the gateway.
      gapMs: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 2_000, max: 8_000 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('scrape' as const),
      which: fc.nat(),
      // Below the 2.5 s TargetLoads allows for a scrape's way to the gateway.
      lagMs: fc.integer({ min: 0, max: 2_400 }),
      kv: fc.double({ min: 0, max: 0.9, noNaN: true }),
    }),
  },
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

interface Sent {
  target: Target;
  at: number;
}

/** Runs `steps` against `specs`; `check` sees every pick with the in-flight counts just before it. */
function run(
  specs: { capacity: number; serviceMs: number }[],
  steps: Step[],
  seed: number,
  check: (picked: Target, inflight: Map<Target, number>, loads: TargetLoads, targets: Target[]) => void,
): void {
  const targets = specs.map((s, i) => testTarget(`t${i}`, { maxNumSeqs: s.capacity, weight: 1 + (i % 2) }));
  const capacity = new Map(targets.map((t, i) => [t, specs[i].capacity]));
  let clock = 0;
  const loads = new TargetLoads(() => clock);
  for (const [i, t] of targets.entries()) {
    loads.begin(t.key);
    loads.end(t.key, specs[i].serviceMs);
  }
  clock = 10_000;
  const random = seeded(seed);
  const inflight: Sent[] = [];
  /** Every change of a target's in-flight count, for scrapes of an earlier moment. */
  const history: { at: number; target: Target; delta: number }[] = [];
  const countAt = (t: Target, at: number) =>
    history.reduce((n, h) => n + (h.target === t && h.at <= at ? h.delta : 0), 0);
  for (const s of steps) {
    if (s.kind === 'arrive') {
      clock += s.gapMs;
      const now = new Map(targets.map((t) => [t, inflight.filter((r) => r.target === t).length]));
      const picked = pickTarget('kv-aware', targets, (t) => loads.of(t), random);
      check(picked, now, loads, targets);
      loads.begin(picked.key);
      inflight.push({ target: picked, at: clock });
      history.push({ at: clock, target: picked, delta: 1 });
    } else if (s.kind === 'end' && inflight.length > 0) {
      clock += s.gapMs;
      const [r] = inflight.splice(s.which % inflight.length, 1);
      loads.end(r.target.key, clock - r.at);
      history.push({ at: clock, target: r.target, delta: -1 });
    } else if (s.kind === 'scrape') {
      // The engine then ran up to its capacity of our requests and queued the rest: no other client.
      const t = targets[s.which % targets.length];
      const then = countAt(t, clock - s.lagMs);
      const cap = capacity.get(t)!;
      loads.observe(t.key, s.kv, Math.max(0, then - cap), Math.min(then, cap));
    }
  }
}

describe('kv-aware over random arrival sequences (capacities known before the first request)', () => {
  it('never sends to a slow target while a faster one has a free slot, nor past capacity while another has room', () => {
    fc.assert(
      fc.property(
        fc.array(replica, { minLength: 2, maxLength: 4 }),
        fc.array(step, { minLength: 10, maxLength: 200, size: 'large' }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (specs, steps, seed) =>
          run(specs, steps, seed, (picked, inflight, loads, targets) => {
            const cap = (t: Target) => t.maxNumSeqs!;
            const free = targets.filter((t) => inflight.get(t)! < cap(t));
            if (free.length === 0) return;
            expect(inflight.get(picked)!).toBeLessThan(cap(picked));
            const fastestFree = Math.min(...free.map((t) => speedOf(loads.get(t.key))!));
            expect(speedOf(loads.get(picked.key))!).toBeLessThanOrEqual(SPEED_TOLERANCE * fastestFree);
          }),
      ),
      { numRuns: 400 },
    );
  });

  it('when every target is full, sends to the one where the request would end first', () => {
    fc.assert(
      fc.property(
        fc.array(replica, { minLength: 2, maxLength: 4 }),
        fc.array(step, { minLength: 10, maxLength: 200, size: 'large' }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (specs, steps, seed) =>
          run(specs, steps, seed, (picked, inflight, loads, targets) => {
            const cap = (t: Target) => t.maxNumSeqs!;
            if (targets.some((t) => inflight.get(t)! < cap(t))) return;
            // The requests queued ahead start as slots free up, capacity of them every service time.
            const finish = (t: Target) => {
              const service = speedOf(loads.get(t.key))!;
              return ((inflight.get(t)! - cap(t) + 1) / cap(t)) * service + service;
            };
            const best = Math.min(...targets.map(finish));
            // KV use only breaks ties (0.01 per unit): within a millisecond of the best.
            expect(finish(picked)).toBeLessThanOrEqual(best + 0.01);
          }),
      ),
      { numRuns: 400 },
    );
  });

  it('a short queue on a fast target beats an empty queue on a slow one that is also full', () => {
    const slow = testTarget('slow', { maxNumSeqs: 4 });
    const fast = testTarget('fast', { maxNumSeqs: 16 });
    const loads = new TargetLoads(() => 0);
    for (const [t, ms] of [
      [slow, 2_000],
      [fast, 700],
    ] as const) {
      loads.begin(t.key);
      loads.end(t.key, ms);
    }
    for (let i = 0; i < 4; i++) loads.begin(slow.key);
    for (let i = 0; i < 28; i++) loads.begin(fast.key);
    // slow: 1/4 × 2 s + 2 s = 2.5 s; fast: 13/16 × 0.7 s + 0.7 s ≈ 1.27 s. Waiting time alone
    // (0.5 s against 0.57 s) would pick the slow one.
    expect(pickTarget('kv-aware', [slow, fast], (t) => loads.get(t.key)).name).toBe('fast');
  });

  it('a cold gateway: when all are full, a target still waiting for its first answer is not taken for fast', () => {
    const slow = testTarget('slow', { maxNumSeqs: 4 });
    const fast = testTarget('fast', { maxNumSeqs: 16 });
    const loads = new TargetLoads(() => 0);
    loads.begin(fast.key);
    loads.end(fast.key, 660);
    for (let i = 0; i < 4; i++) loads.begin(slow.key); // no answer from it yet
    for (let i = 0; i < 40; i++) loads.begin(fast.key);
    // As fast as the fastest, slow would end first (1/4 × 0.66 s + 0.66 s against 25/16 × 0.66 s + 0.66 s).
    expect(pickTarget('kv-aware', [slow, fast], (t) => loads.get(t.key)).name).toBe('fast');
    // Once it has answered, its own speed decides: 2.2 s makes it 2.75 s against fast's 1.69 s.
    loads.end(slow.key, 2_200);
    loads.begin(slow.key);
    expect(pickTarget('kv-aware', [slow, fast], (t) => loads.get(t.key)).name).toBe('fast');
    for (let i = 0; i < 20; i++) loads.begin(fast.key); // fast: 45/16 × 0.66 + 0.66 ≈ 2.5 s; slow 2.75 s
    for (let i = 0; i < 10; i++) loads.begin(fast.key); // fast ≈ 2.9 s: now the slow one ends first
    expect(pickTarget('kv-aware', [slow, fast], (t) => loads.get(t.key)).name).toBe('slow');
  });
});
