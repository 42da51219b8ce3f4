import { describe, expect, it } from 'vitest';
import { counterIncrease, histogramDelta, histogramQuantile, sampleBetween } from './sample';
import type { CumulativeHistogram, EngineReading } from './vllm-reading';

const hist = (bounds: number[], cumulative: number[], sum = 0): CumulativeHistogram => ({
  bounds: [...bounds, Infinity],
  cumulative,
  sum,
  count: cumulative[cumulative.length - 1],
});

const reading = (at: number, over: Partial<EngineReading> = {}): EngineReading => ({
  at,
  kvCacheUsage: 0.5,
  running: 2,
  waiting: 0,
  promptTokens: 0,
  generationTokens: 0,
  requests: 0,
  preemptions: 0,
  prefixQueries: 0,
  prefixHits: 0,
  ttft: null,
  e2e: null,
  processStart: 100,
  ...over,
});

describe('counterIncrease', () => {
  it('is the difference while the counter grows', () => expect(counterIncrease(100, 130)).toBe(30));
  it('is the new value after a drop (a restart counted from zero)', () => expect(counterIncrease(100, 12)).toBe(12));
  it('is the new value when a restart is known, even if it grew past the old one', () =>
    expect(counterIncrease(10, 40, true)).toBe(40));
  it('is null when either side lacks the counter or is not finite', () => {
    expect(counterIncrease(null, 5)).toBeNull();
    expect(counterIncrease(5, null)).toBeNull();
    expect(counterIncrease(NaN, 5)).toBeNull();
  });
});

describe('histogramQuantile', () => {
  // 10 observations: 4 in (0, 1], 4 in (1, 2], 2 in (2, 4], none above.
  const h = hist([1, 2, 4], [4, 8, 10, 10]);

  it('interpolates linearly inside the bucket holding the rank', () => {
    expect(histogramQuantile(0.5, h)).toBeCloseTo(1.25, 12); // rank 5: 1 of 4 into (1, 2]
    expect(histogramQuantile(0.95, h)).toBeCloseTo(3.5, 12); // rank 9.5: 1.5 of 2 into (2, 4]
    expect(histogramQuantile(0.2, h)).toBeCloseTo(0.5, 12); // rank 2: half of the first bucket, which starts at 0
  });

  it('answers the highest finite bound when the rank lands in +Inf', () => {
    expect(histogramQuantile(0.99, hist([1, 2], [1, 2, 10]))).toBe(2);
  });

  it('skips empty buckets to the first that reaches the rank', () => {
    expect(histogramQuantile(0.5, hist([0.1, 0.2, 0.4, 0.8], [0, 0, 0, 6, 6]))).toBeCloseTo(0.6, 12); // 3 of 6 into (0.4, 0.8]
  });

  it('is null with no observations or no buckets', () => {
    expect(histogramQuantile(0.5, hist([1, 2], [0, 0, 0]))).toBeNull();
    expect(histogramQuantile(0.5, null)).toBeNull();
    expect(histogramQuantile(0.5, { bounds: [Infinity], cumulative: [3], sum: 1, count: 3 })).toBeNull();
  });
});

describe('histogramDelta', () => {
  const before = hist([1, 2], [2, 5, 6], 7);
  const after = hist([1, 2], [3, 9, 12], 20);

  it('subtracts bucket by bucket', () => {
    expect(histogramDelta(before, after)).toEqual({
      bounds: [1, 2, Infinity],
      cumulative: [1, 4, 6],
      sum: 13,
      count: 6,
    });
  });

  it('takes the newer histogram whole after a reset (any bucket or the count went down)', () => {
    const restarted = hist([1, 2], [1, 1, 1], 0.5);
    expect(histogramDelta(after, restarted)).toBe(restarted);
    expect(histogramDelta(before, after, true)).toBe(after);
  });

  it('takes the newer histogram whole when the buckets changed (a new engine version)', () => {
    const rebucketed = hist([1, 3], [3, 9, 12], 20);
    expect(histogramDelta(before, rebucketed)).toBe(rebucketed);
  });

  it('is null without two readings', () => {
    expect(histogramDelta(null, after)).toBeNull();
    expect(histogramDelta(before, null)).toBeNull();
  });
});

describe('sampleBetween', () => {
  it('turns counters into per-second rates over the interval', () => {
    const prev = reading(10_000, {
      promptTokens: 1000,
      generationTokens: 5000,
      requests: 40,
      preemptions: 1,
      prefixQueries: 800,
      prefixHits: 200,
    });
    const curr = reading(15_000, {
      promptTokens: 1600,
      generationTokens: 6250,
      requests: 50,
      preemptions: 3,
      prefixQueries: 1200,
      prefixHits: 500,
      kvCacheUsage: 0.71,
      running: 6,
      waiting: 3,
    });
    expect(sampleBetween('d1', prev, curr)).toEqual({
      at: 15_000,
      target: 'd1',
      kvCacheUsage: 0.71,
      running: 6,
      waiting: 3,
      promptTps: 120,
      generationTps: 250,
      requestsPs: 2,
      preemptionsPs: 0.4,
      prefixHitRate: 0.75, // (500 − 200) / (1200 − 800)
      ttftP50Ms: null,
      ttftP95Ms: null,
      ttftP99Ms: null,
      e2eP50Ms: null,
      e2eP95Ms: null,
      e2eP99Ms: null,
    });
  });

  it('gives percentiles of only the requests that finished in the interval', () => {
    // Before: 100 fast requests (all ≤ 0.1 s). Interval: 10 more, 5 in (0.1, 0.25], 5 in (0.25, 0.5].
    const bounds = [0.1, 0.25, 0.5];
    const prev = reading(0, { ttft: hist(bounds, [100, 100, 100, 100]), e2e: hist(bounds, [100, 100, 100, 100]) });
    const curr = reading(2_000, { ttft: hist(bounds, [100, 105, 110, 110]), e2e: hist(bounds, [100, 100, 110, 110]) });
    const s = sampleBetween('d', prev, curr);
    expect(s.ttftP50Ms).toBeCloseTo(250, 9); // rank 5 fills (0.1, 0.25]
    expect(s.ttftP95Ms).toBeCloseTo(475, 9); // rank 9.5: 4.5 of 5 into (0.25, 0.5]
    expect(s.ttftP99Ms).toBeCloseTo(495, 9); // rank 9.9: 4.9 of 5
    expect(s.e2eP50Ms).toBeCloseTo(375, 9); // rank 5 of 10 into (0.25, 0.5]
    // Over all 110 requests the median would be under 100 ms: the delta is what matters.
    expect(s.ttftP50Ms).toBeGreaterThan(100);
  });

  it('counts from zero after the engine restarted (counters went down)', () => {
    const prev = reading(0, { generationTokens: 90_000, promptTokens: 30_000, requests: 500 });
    const curr = reading(5_000, { generationTokens: 400, promptTokens: 100, requests: 4 });
    const s = sampleBetween('d', prev, curr);
    expect(s).toMatchObject({ generationTps: 80, promptTps: 20, requestsPs: 0.8 });
  });

  it('counts from zero when process_start_time changed, even if counters grew past the old values', () => {
    const prev = reading(0, { generationTokens: 100, processStart: 100 });
    const curr = reading(5_000, { generationTokens: 600, processStart: 104 });
    expect(sampleBetween('d', prev, curr).generationTps).toBe(120); // 600 / 5, not 500 / 5
  });

  it('has gauges but no rates on the first scrape or a non-positive interval', () => {
    const curr = reading(5_000, { generationTokens: 50, kvCacheUsage: 0.2, waiting: 4 });
    for (const s of [
      sampleBetween('d', null, curr),
      sampleBetween('d', reading(5_000), curr),
      sampleBetween('d', reading(6_000), curr),
    ]) {
      expect(s).toMatchObject({
        kvCacheUsage: 0.2,
        waiting: 4,
        generationTps: null,
        requestsPs: null,
        prefixHitRate: null,
        ttftP50Ms: null,
      });
    }
  });

  it('has no hit rate when nothing queried the prefix cache, and no rate for a counter the page lacks', () => {
    const s = sampleBetween(
      'd',
      reading(0, { prefixQueries: 10, prefixHits: 5, preemptions: null }),
      reading(1_000, { prefixQueries: 10, prefixHits: 5, preemptions: null }),
    );
    expect(s.prefixHitRate).toBeNull();
    expect(s.preemptionsPs).toBeNull();
    expect(s.generationTps).toBe(0);
  });

  it("falls back to the e2e histogram's count for requests/s when request_success is absent", () => {
    const bounds = [1];
    const prev = reading(0, { requests: null, e2e: hist(bounds, [3, 3]) });
    const curr = reading(4_000, { requests: null, e2e: hist(bounds, [9, 11]) });
    expect(sampleBetween('d', prev, curr).requestsPs).toBe(2); // 8 finished in 4 s
  });
});
