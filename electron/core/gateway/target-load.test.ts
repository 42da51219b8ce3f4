import { describe, expect, it } from 'vitest';
import { testTarget } from '../../../test/support/targets';
import { queueView, SPEED_TOLERANCE, speedOf } from './routing/strategies';
import { TargetLoads } from './target-load';

const fast = testTarget('fast', { maxNumSeqs: 16 });

describe('TargetLoads', () => {
  it('a scrape that arrives after some of our requests ended is not taken for another client’s load', () => {
    let clock = 0;
    const loads = new TargetLoads(() => clock);
    for (let i = 0; i < 28; i++) loads.begin(fast.key);
    // The engine showed 16 running and 12 waiting (all 28 ours); 14 answers ended before the
    // scrape arrived, two seconds late on a busy machine.
    clock += 2_000;
    for (let i = 0; i < 14; i++) loads.end(fast.key, 700);
    loads.observe(fast.key, 0.3, 12, 16);
    const view = queueView(fast, loads.get(fast.key));
    expect(view.busy).toBe(14);
    expect(view.free).toBe(true);
  });

  it('another client’s load stays counted, and the window of our own peak moves on', () => {
    let clock = 0;
    const loads = new TargetLoads(() => clock);
    for (let i = 0; i < 10; i++) loads.begin(fast.key);
    for (let i = 0; i < 6; i++) loads.end(fast.key, 700);
    clock += 5_000; // long after our peak of 10: the scrape's 16 + 4 are 4 of ours and 16 of someone else's
    loads.observe(fast.key, 0.4, 4, 16);
    expect(loads.get(fast.key).inflightAtScrape).toBe(4);
    expect(queueView(fast, loads.get(fast.key))).toMatchObject({ busy: 20, free: false });
  });

  it('service latency recovers within a few answers after a queue, where the EWMA still says slow', () => {
    const loads = new TargetLoads(() => 0);
    const slow = 'endpoint:slow';
    loads.begin(slow);
    loads.end(slow, 2_000);
    // Congested for a while (answers that waited in a queue), then unqueued answers again.
    for (let i = 0; i < 20; i++) loads.end(fast.key, 8_000);
    expect(speedOf(loads.get(fast.key))).toBeGreaterThan(SPEED_TOLERANCE * 2_000);
    for (let i = 0; i < 5; i++) loads.end(fast.key, 600);
    expect(speedOf(loads.get(fast.key))! * SPEED_TOLERANCE).toBeLessThan(speedOf(loads.get(slow))!);
    expect(loads.get(fast.key).ewmaLatencyMs! * SPEED_TOLERANCE).toBeGreaterThan(2_000);
    // One long (or queued) answer moves it a little, not to its own value.
    const before = speedOf(loads.get(fast.key))!;
    loads.end(fast.key, 8_000);
    expect(speedOf(loads.get(fast.key))! - before).toBeLessThan(0.1 * (8_000 - before));
  });

  it('answers that were sent past the learned capacity (they waited in a queue) do not teach service latency', () => {
    const loads = new TargetLoads(() => 0);
    loads.observe(fast.key, 0.3, 2, 16); // capacity 16 learned
    loads.begin(fast.key);
    loads.end(fast.key, 650);
    // A burst of 40: the first 16 run at once, the other 24 wait; the EWMA takes all of them in.
    for (let i = 0; i < 40; i++) loads.begin(fast.key);
    for (let i = 0; i < 16; i++) loads.end(fast.key, 700);
    for (let i = 0; i < 24; i++) loads.end(fast.key, 6_000);
    expect(loads.get(fast.key).serviceMs).toBeLessThan(700);
    expect(loads.get(fast.key).ewmaLatencyMs).toBeGreaterThan(5_000);
  });

  it('answers sent past a declared capacity (--max-num-seqs) do not teach service latency, from the first request on', () => {
    const loads = new TargetLoads(() => 0);
    expect(loads.of(fast).learnedCapacity).toBeNull(); // as routing asks for it: capacity 16, no scrape yet
    for (let i = 0; i < 40; i++) loads.begin(fast.key);
    for (let i = 0; i < 16; i++) loads.end(fast.key, 700);
    for (let i = 0; i < 24; i++) loads.end(fast.key, 6_000);
    expect(loads.get(fast.key).serviceMs).toBe(700);
  });

  it('learns a capacity from the most it saw running behind a queue, and keeps it', () => {
    const loads = new TargetLoads(() => 0);
    loads.observe(fast.key, 0.9, 0, 10); // no queue: says nothing
    expect(loads.get(fast.key).learnedCapacity).toBeNull();
    loads.observe(fast.key, 0.96, 3, 11); // held back by a full cache: a figure below max_num_seqs
    expect(loads.get(fast.key).learnedCapacity).toBe(11);
    loads.observe(fast.key, 0.5, 2, 16); // a queue with room to spare: the scheduler's limit
    expect(loads.get(fast.key).learnedCapacity).toBe(16);
    loads.observe(fast.key, 0.5, 2, 12); // fewer running later: what was learned stays
    expect(loads.get(fast.key).learnedCapacity).toBe(16);
  });
});

describe('TargetLoads: our peak around a late scrape', () => {
  it('a request that ended just before a late scrape arrived is still ours after a lull with no new request', () => {
    let clock = 0;
    const loads = new TargetLoads(() => clock);
    loads.begin(fast.key);
    loads.end(fast.key, 700);
    clock = 10_000;
    for (let i = 0; i < 16; i++) loads.begin(fast.key); // a burst, then nothing new for 6 s
    clock += 6_000;
    for (let i = 0; i < 16; i++) loads.end(fast.key, 6_000);
    // Taken a moment before those ended, the scrape shows our 16 still running: no other client.
    loads.observe(fast.key, 0.3, 0, 16);
    expect(loads.get(fast.key).inflightAtScrape).toBe(16);
    expect(queueView(fast, loads.get(fast.key))).toMatchObject({ busy: 0, free: true });
  });

  it('a window opens at the count in flight, not at none', () => {
    let clock = 0;
    const loads = new TargetLoads(() => clock);
    for (let i = 0; i < 16; i++) loads.begin(fast.key);
    clock = 2_600;
    loads.observe(fast.key, 0.3, 0, 16); // a new window opens with our 16 in flight
    clock = 5_200;
    for (let i = 0; i < 16; i++) loads.end(fast.key, 5_000);
    loads.begin(fast.key); // the next window opens; the one before saw 16 of ours until a moment ago
    loads.observe(fast.key, 0.3, 0, 16);
    expect(loads.get(fast.key).inflightAtScrape).toBe(16);
    expect(queueView(fast, loads.get(fast.key))).toMatchObject({ busy: 1, free: true });
  });
});
