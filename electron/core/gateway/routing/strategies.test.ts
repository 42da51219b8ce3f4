import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testTarget } from '../../../../test/support/targets';
import { TargetLoads } from '../target-load';
import { COLD_CAPACITY, pickTarget, SPEED_TOLERANCE, speedOf, type TargetLoad } from './strategies';

const target = testTarget;
const idle: TargetLoad = { inflight: 0, ewmaLatencyMs: null, kvCacheUsage: null, waiting: null };

function seeded(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

describe('pickTarget', () => {
  it('simple-shuffle follows the weights', () => {
    const a = target('a', { weight: 3 });
    const b = target('b', { weight: 1 });
    const random = seeded(7);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 4_000; i++)
      counts[pickTarget('simple-shuffle', [a, b], () => idle, random).name as 'a' | 'b'] += 1;
    expect(counts.a / counts.b).toBeGreaterThan(2.6);
    expect(counts.a / counts.b).toBeLessThan(3.4);
  });

  it('uses a higher order only when no lower order is offered', () => {
    const primary = target('primary', { order: 0 });
    const backup = target('backup', { order: 1, weight: 100 });
    expect(pickTarget('simple-shuffle', [primary, backup], () => idle).name).toBe('primary');
    expect(pickTarget('simple-shuffle', [backup], () => idle).name).toBe('backup');
  });

  it('least-busy picks the fewest in flight', () => {
    const loads: Record<string, TargetLoad> = { a: { ...idle, inflight: 5 }, b: { ...idle, inflight: 1 } };
    expect(pickTarget('least-busy', [target('a'), target('b')], (t) => loads[t.name]).name).toBe('b');
  });

  it('latency-based tries unmeasured targets first, then the fastest', () => {
    const loads: Record<string, TargetLoad> = {
      a: { ...idle, ewmaLatencyMs: 80 },
      b: { ...idle, ewmaLatencyMs: null },
      c: { ...idle, ewmaLatencyMs: 20 },
    };
    expect(
      pickTarget('latency-based-routing', [target('a'), target('b'), target('c')], (t) => loads[t.name]).name,
    ).toBe('b');
    expect(pickTarget('latency-based-routing', [target('a'), target('c')], (t) => loads[t.name]).name).toBe('c');
  });

  it('cost-based picks the cheapest', () => {
    const cheap = target('cheap', { inputCostPerToken: 1e-7, outputCostPerToken: 2e-7 });
    const dear = target('dear', { inputCostPerToken: 1e-5, outputCostPerToken: 3e-5 });
    expect(pickTarget('cost-based-routing', [dear, cheap], () => idle).name).toBe('cheap');
  });

  it('kv-aware avoids a queue first, then a full KV cache', () => {
    const loads: Record<string, TargetLoad> = {
      queued: { ...idle, waiting: 3, kvCacheUsage: 0.1 },
      full: { ...idle, waiting: 0, kvCacheUsage: 0.95 },
      roomy: { ...idle, waiting: 0, kvCacheUsage: 0.2, inflight: 4 },
    };
    expect(pickTarget('kv-aware', [target('queued'), target('full'), target('roomy')], (t) => loads[t.name]).name).toBe(
      'roomy',
    );
  });
});

describe("kv-aware: the gateway's own in-flight count against each target's capacity", () => {
  const slow = target('slow', { maxNumSeqs: 4 });
  const fastA = target('fast-a', { maxNumSeqs: 16 });
  const fastB = target('fast-b', { maxNumSeqs: 16 });

  it('never picks a slow replica at capacity while another has a free slot, whatever the scrape said', () => {
    fc.assert(
      fc.property(
        fc.record({
          slowInflight: fc.integer({ min: 4, max: 40 }),
          a: fc.integer({ min: 0, max: 40 }),
          b: fc.integer({ min: 0, max: 40 }),
          // A stale scrape: it may show a queue on a fast replica that has since drained, or none on the slow one.
          waitingA: fc.option(fc.integer({ min: 0, max: 20 })),
          waitingSlow: fc.option(fc.integer({ min: 0, max: 20 })),
          kvSlow: fc.option(fc.double({ min: 0, max: 0.9, noNaN: true })),
          latencySlow: fc.option(fc.integer({ min: 1, max: 5_000 })),
          latencyFast: fc.option(fc.integer({ min: 1, max: 5_000 })),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
        }),
        (c) => {
          fc.pre(c.a < 16 || c.b < 16);
          const loads: Record<string, TargetLoad> = {
            slow: {
              ...idle,
              inflight: c.slowInflight,
              waiting: c.waitingSlow,
              kvCacheUsage: c.kvSlow,
              ewmaLatencyMs: c.latencySlow,
            },
            // At the scrape the fast replica's queue was all ours (it had that many more in flight then).
            'fast-a': {
              ...idle,
              inflight: c.a,
              waiting: c.waitingA,
              inflightAtScrape: 16 + (c.waitingA ?? 0),
              ewmaLatencyMs: c.latencyFast,
            },
            'fast-b': { ...idle, inflight: c.b, ewmaLatencyMs: c.latencyFast },
          };
          const picked = pickTarget('kv-aware', [slow, fastA, fastB], (t) => loads[t.name], seeded(c.seed));
          expect(picked.name).not.toBe('slow');
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('a fast replica with a free slot wins over a slow one that also has room', () => {
    const loads: Record<string, TargetLoad> = {
      slow: { ...idle, inflight: 0, ewmaLatencyMs: 2_000 },
      'fast-a': { ...idle, inflight: 15, ewmaLatencyMs: 700 },
    };
    expect(pickTarget('kv-aware', [slow, fastA], (t) => loads[t.name]).name).toBe('fast-a');
    // Once every fast slot is taken, the slow replica's free slot beats a queue.
    loads['fast-a'].inflight = 16;
    expect(pickTarget('kv-aware', [slow, fastA], (t) => loads[t.name]).name).toBe('slow');
  });

  it('an unmeasured replica waits while a measured one has a free slot, then gets one request to measure it', () => {
    const loads: Record<string, TargetLoad> = {
      slow: { ...idle, inflight: 0, ewmaLatencyMs: null },
      'fast-a': { ...idle, inflight: 9, ewmaLatencyMs: 700 },
    };
    expect(pickTarget('kv-aware', [slow, fastA], (t) => loads[t.name]).name).toBe('fast-a');
    loads['fast-a'].inflight = 16;
    expect(pickTarget('kv-aware', [slow, fastA], (t) => loads[t.name]).name).toBe('slow');
    // Not a burst: with one in flight and no answer yet, a queue on the measured one is no worse.
    loads.slow.inflight = 1;
    loads['fast-a'].inflight = 15;
    expect(pickTarget('kv-aware', [slow, fastA], (t) => loads[t.name]).name).toBe('fast-a');
    // Nothing measured yet: one request to each.
    const fresh: Record<string, TargetLoad> = { slow: { ...idle }, 'fast-a': { ...idle, inflight: 1 } };
    expect(pickTarget('kv-aware', [slow, fastA], (t) => fresh[t.name]).name).toBe('slow');
  });

  it('among equally fast replicas, the one with the most free slots wins', () => {
    const small = target('small', { maxNumSeqs: 4 });
    const big = target('big', { maxNumSeqs: 32 });
    const loads: Record<string, TargetLoad> = {
      small: { ...idle, inflight: 3, ewmaLatencyMs: 500 },
      big: { ...idle, inflight: 20, ewmaLatencyMs: 600 },
    };
    // 12 slots free against 1: plain least-busy would pick `small`.
    expect(pickTarget('kv-aware', [small, big], (t) => loads[t.name]).name).toBe('big');
    expect(pickTarget('least-busy', [small, big], (t) => loads[t.name]).name).toBe('small');
  });

  it("counts a queue its own requests do not explain (another client's) against the target", () => {
    const loads: Record<string, TargetLoad> = {
      // 6 of 16 ours, but at the last scrape 12 others' requests were waiting: it is full.
      'fast-a': { ...idle, inflight: 6, inflightAtScrape: 6, waiting: 12 },
      'fast-b': { ...idle, inflight: 10 },
    };
    expect(pickTarget('kv-aware', [fastA, fastB], (t) => loads[t.name]).name).toBe('fast-b');
  });

  it('a queue that was its own (a KV-limited engine running fewer than its capacity) is not counted twice', () => {
    const loads: Record<string, TargetLoad> = {
      // At the scrape: 16 of ours, 12 running, 4 waiting. Now 10 in flight: free.
      'fast-a': { ...idle, inflight: 10, inflightAtScrape: 16, running: 12, waiting: 4, ewmaLatencyMs: 700 },
      slow: { ...idle, inflight: 0, ewmaLatencyMs: 2_000 },
    };
    expect(pickTarget('kv-aware', [slow, fastA], (t) => loads[t.name]).name).toBe('fast-a');
  });

  it('treats a nearly full KV cache as no free slot', () => {
    const loads: Record<string, TargetLoad> = {
      'fast-a': { ...idle, inflight: 2, kvCacheUsage: 0.97 },
      'fast-b': { ...idle, inflight: 12, kvCacheUsage: 0.5 },
    };
    expect(pickTarget('kv-aware', [fastA, fastB], (t) => loads[t.name]).name).toBe('fast-b');
  });

  it('when all are full, sends to the shortest expected wait', () => {
    const loads: Record<string, TargetLoad> = {
      slow: { ...idle, inflight: 6, ewmaLatencyMs: 2_000 },
      'fast-a': { ...idle, inflight: 20, ewmaLatencyMs: 700 },
    };
    // slow: 3 ahead / 4 × 2 s = 1.5 s; fast: 5 ahead / 16 × 0.7 s ≈ 0.22 s.
    expect(pickTarget('kv-aware', [slow, fastA], (t) => loads[t.name]).name).toBe('fast-a');
  });

  it('learns an endpoint’s capacity from a scrape that shows a queue, and uses it', () => {
    const loads = new TargetLoads();
    const a = target('a');
    const b = target('b');
    for (let i = 0; i < 4; i++) loads.begin(a.key);
    loads.observe(a.key, 0.3, 2, 4); // 4 running, 2 waiting: it runs 4 at once
    loads.observe(b.key, 0.1, 0, 3); // no queue: nothing learned
    expect(loads.get(a.key).learnedCapacity).toBe(4);
    expect(loads.get(b.key).learnedCapacity).toBeNull();
    loads.observe(a.key, 0.3, 0, 4);
    loads.end(a.key, 100);
    loads.end(a.key, 100);
    // The queue is gone; what was learned stays.
    expect(loads.get(a.key).learnedCapacity).toBe(4);
    for (let i = 0; i < 3; i++) loads.begin(b.key);
    // Full again by our own count: b (capacity unknown, no queue seen) gets it.
    loads.begin(a.key);
    loads.begin(a.key);
    expect(pickTarget('kv-aware', [a, b], (t) => loads.get(t.key)).name).toBe('b');
  });
});

describe('kv-aware: a free slot on a faster target always wins (property)', () => {
  // Targets as the gateway sees them: a capacity (from the deployment's --max-num-seqs or learned
  // from /metrics), its own in-flight count, a service latency, and a last scrape that may be
  // stale but shows no other client (its load is at most what the gateway had in flight then).
  const arbitraryTarget = fc
    .record({
      capacity: fc.integer({ min: 1, max: 32 }),
      fromDeployment: fc.boolean(),
      inflight: fc.integer({ min: 0, max: 48 }),
      serviceMs: fc.integer({ min: 50, max: 20_000 }),
      kv: fc.option(fc.double({ min: 0, max: 0.94, noNaN: true })),
      oursThen: fc.integer({ min: 0, max: 48 }),
      runningShare: fc.double({ min: 0, max: 1, noNaN: true }),
      waitingShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map((g) => {
      const running = Math.min(g.capacity, Math.floor(g.oursThen * g.runningShare));
      const waiting = Math.floor((g.oursThen - running) * g.waitingShare);
      return { ...g, running, waiting };
    });

  it('never picks a full target, one slower than SPEED_TOLERANCE × a free one, or one a faster free target has more room than', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryTarget, { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (gens, seed) => {
          const targets = gens.map((g, i) =>
            target(`t${i}`, { maxNumSeqs: g.fromDeployment ? g.capacity : null, weight: 1 + (i % 3) }),
          );
          const loads = new Map(
            targets.map((t, i) => {
              const g = gens[i];
              const l: TargetLoad = {
                inflight: g.inflight,
                ewmaLatencyMs: g.serviceMs * 3, // the EWMA carries old queueing; speed is the service latency
                serviceMs: g.serviceMs,
                kvCacheUsage: g.kv,
                waiting: g.waiting,
                running: g.running,
                inflightAtScrape: g.oursThen,
                learnedCapacity: g.fromDeployment ? null : g.capacity,
              };
              return [t, l];
            }),
          );
          const free = targets.filter((_t, i) => gens[i].inflight < gens[i].capacity);
          fc.pre(free.length > 0);
          const picked = pickTarget('kv-aware', targets, (t) => loads.get(t)!, seeded(seed));
          const p = gens[targets.indexOf(picked)];
          expect(p.inflight).toBeLessThan(p.capacity);
          const fastestFree = Math.min(...free.map((t) => loads.get(t)!.serviceMs!));
          expect(p.serviceMs).toBeLessThanOrEqual(SPEED_TOLERANCE * fastestFree);
          // Nor one that another free target beats on both counts: at least as fast, with more free slots.
          const slots = (g: (typeof gens)[number]) => g.capacity - g.inflight;
          const dominating = gens.filter((g) => slots(g) > 0 && g.serviceMs <= p.serviceMs && slots(g) > slots(p));
          expect(dominating).toEqual([]);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('a burst of concurrent picks, each counted as it is sent, fills the fast replicas before one goes to the slow', () => {
    const slow = target('slow', { maxNumSeqs: 4 });
    const fastA = target('fast-a', { maxNumSeqs: 16 });
    const fastB = target('fast-b', { maxNumSeqs: 16 });
    let clock = 0;
    const loads = new TargetLoads(() => clock);
    // Measured before the burst: the slow one answers in 2 s, the fast ones in 0.7 s.
    for (const [t, ms] of [
      [slow, 2_000],
      [fastA, 700],
      [fastB, 700],
    ] as const) {
      loads.begin(t.key);
      loads.end(t.key, ms);
    }
    const random = seeded(3);
    const picks: string[] = [];
    for (let i = 0; i < 36; i++) {
      clock += 1; // 36 requests within 36 ms: nothing has answered yet
      const t = pickTarget('kv-aware', [slow, fastA, fastB], (x) => loads.get(x.key), random);
      loads.begin(t.key); // as send does, before its first await
      picks.push(t.name);
    }
    expect(picks.slice(0, 32).filter((n) => n === 'slow')).toEqual([]);
    expect(picks.slice(32)).toEqual(['slow', 'slow', 'slow', 'slow']);
    // One fast answer ends: its slot is the next pick's, not the slow replica's queue.
    loads.end(fastA.key, 650);
    expect(pickTarget('kv-aware', [slow, fastA, fastB], (x) => loads.get(x.key), random).name).toBe('fast-a');
  });

  it('kv-aware compares speed per output token: a slow replica that served short answers lately does not take the free slots of a fast one', () => {
    // The routing bench's 95 % cell: fast-b full, fast-a with 3 free slots, the slow replica idle.
    // By whole answers the slow one (26-token answers, 80 + 30 × 26 = 860 ms) came within 1.5× of
    // fast-a (64-token answers, 20 + 10 × 64 = 660 ms), and its 4 free slots beat fast-a's 3.
    const fastA = target('fast-a', { maxNumSeqs: 16 });
    const fastB = target('fast-b', { maxNumSeqs: 16 });
    const slow = target('slow', { maxNumSeqs: 4 });
    let clock = 0;
    const loads = new TargetLoads(() => clock);
    const answers = (t: typeof slow, n: number, tokens: number, ttftMs: number, itlMs: number) => {
      for (let i = 0; i < n; i++) {
        loads.begin(t.key);
        clock += 1;
        loads.end(t.key, ttftMs + itlMs * tokens, tokens); // as the pipeline ends a stream: with its output tokens
      }
    };
    answers(fastA, 8, 64, 20, 10);
    answers(fastB, 8, 40, 20, 10);
    answers(slow, 8, 26, 80, 30);
    for (let i = 0; i < 16; i++) loads.begin(fastB.key);
    for (let i = 0; i < 13; i++) loads.begin(fastA.key);
    // The whole-answer figures that misled it are still what they were.
    expect(speedOf(loads.get(slow.key))!).toBeLessThan(SPEED_TOLERANCE * speedOf(loads.get(fastA.key))!);
    const random = seeded(5);
    for (let i = 0; i < 20; i++)
      expect(pickTarget('kv-aware', [slow, fastA, fastB], (x) => loads.of(x), random).name).toBe('fast-a');
    // With fast-a full too, the slow replica's free slot is taken.
    for (let i = 0; i < 3; i++) loads.begin(fastA.key);
    expect(pickTarget('kv-aware', [slow, fastA, fastB], (x) => loads.of(x), random).name).toBe('slow');
  });

  it("kv-aware: an endpoint whose capacity is not known yet is full at vLLM's default max_num_seqs in flight, not only when a scrape shows its queue", () => {
    const cold = target('cold'); // an endpoint: no max_num_seqs, none learned from /metrics yet
    const small = target('small', { maxNumSeqs: 4 });
    const at = (inflight: number, serviceMs: number): TargetLoad => ({ ...idle, inflight, serviceMs, waiting: 0 });
    const loads = new Map([
      [small, at(0, 3_000)],
      [cold, at(COLD_CAPACITY - 1, 500)],
    ]);
    const random = seeded(9);
    expect(pickTarget('kv-aware', [small, cold], (t) => loads.get(t)!, random).name).toBe('cold');
    loads.set(cold, at(COLD_CAPACITY, 500)); // the last scrape (older) still showed no queue
    expect(pickTarget('kv-aware', [small, cold], (t) => loads.get(t)!, random).name).toBe('small');
  });
});
