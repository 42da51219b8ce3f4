// Real vLLM /metrics pages of three generations (fixtures written in the format of
// docs/vllm.md) and the simulator's own page, read into EngineReadings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from 'vllm-sim';
import { parsePrometheusText } from '../../electron/core/telemetry/prom-parse';
import { sampleBetween } from '../../electron/core/telemetry/sample';
import { histogram, isVllmPage, readVllmMetrics, type EngineReading } from '../../electron/core/telemetry/vllm-reading';

const fixture = (name: string) => parsePrometheusText(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));

/** The same engine as `r` just after it started: every counter and histogram at zero. */
function zeroed(r: EngineReading, at: number): EngineReading {
  const empty = (h: EngineReading['ttft']) => h && { ...h, cumulative: h.cumulative.map(() => 0), sum: 0, count: 0 };
  return {
    ...r,
    at,
    promptTokens: 0,
    generationTokens: 0,
    requests: 0,
    preemptions: 0,
    prefixQueries: 0,
    prefixHits: 0,
    ttft: empty(r.ttft),
    e2e: empty(r.e2e),
  };
}

describe('vLLM 0.10.1 page (old names only)', () => {
  const page = fixture('vllm-0.10.1.prom');
  const reading = readVllmMetrics(page, 1_000_000);

  it('reads gauges and counters under the pre-0.12 names', () => {
    expect(reading).toMatchObject({
      kvCacheUsage: 0.375,
      running: 4,
      waiting: 2,
      promptTokens: 2048,
      generationTokens: 4096,
      requests: 16,
      preemptions: 3,
      prefixQueries: 80,
      prefixHits: 20,
      processStart: 1_764_172_795,
    });
    expect(isVllmPage(reading)).toBe(true);
  });

  it('reads the old time-per-output-token histogram as a histogram', () => {
    const tpot = histogram(page, 'vllm:time_per_output_token_seconds')!;
    expect(tpot.count).toBe(10);
    expect(tpot.bounds).toHaveLength(20);
    expect(tpot.cumulative[1]).toBe(10); // all ten 20 ms gaps are ≤ 25 ms
    expect(histogram(page, 'vllm:inter_token_latency_seconds')).toBeNull();
  });

  it('gives hand-computed rates and percentiles over 10 s since a fresh start', () => {
    const s = sampleBetween('qwen', zeroed(reading, 990_000), reading);
    expect(s).toMatchObject({
      target: 'qwen',
      at: 1_000_000,
      promptTps: 204.8,
      generationTps: 409.6,
      requestsPs: 1.6,
      preemptionsPs: 0.3,
      prefixHitRate: 0.25,
    });
    // TTFT: 8 × 30 ms, 6 × 70 ms, 2 × 300 ms. p50: rank 8 fills (0.02, 0.04] exactly → 40 ms;
    // p95: rank 15.2, 1.2 of 2 into (0.25, 0.5] → 400 ms; p99: 1.84 of 2 → 480 ms.
    expect(s.ttftP50Ms).toBeCloseTo(40, 9);
    expect(s.ttftP95Ms).toBeCloseTo(400, 9);
    expect(s.ttftP99Ms).toBeCloseTo(480, 9);
    // e2e: 6 × 0.9 s, 6 × 1.2 s, 4 × 3 s. p50: 2 of 6 into (1, 1.5] → 1166.67 ms; p95: 3.2 of 4 into (2.5, 5] → 4500 ms.
    expect(s.e2eP50Ms).toBeCloseTo(1166.667, 2);
    expect(s.e2eP95Ms).toBeCloseTo(4500, 9);
    expect(s.e2eP99Ms).toBeCloseTo(4900, 9);
  });
});

describe('vLLM 0.11.0 page (old and new names side by side)', () => {
  const page = fixture('vllm-0.11.0.prom');
  const reading = readVllmMetrics(page, 0);

  it('takes the new names when both are printed, and prefix hits and queries from one generation', () => {
    // new: 640 / 1280 tokens; old: 10 / 80 blocks. Mixing would give 640/80 or 10/1280.
    expect(reading).toMatchObject({ kvCacheUsage: 0.375, prefixQueries: 1280, prefixHits: 640 });
    expect(histogram(page, 'vllm:inter_token_latency_seconds')!.count).toBe(10);
    expect(histogram(page, 'vllm:time_per_output_token_seconds')!.count).toBe(10);
  });

  it('unescapes a Windows path used as the model name', () => {
    const sample = page.families.get('vllm:num_requests_running')!.samples[0];
    expect(sample.labels).toEqual({ engine: '0', model_name: 'C:\\models\\qwen' });
  });
});

describe('vLLM 0.13.0 page (new names only, two data-parallel engines)', () => {
  const page = fixture('vllm-0.13.0.prom');
  const reading = readVllmMetrics(page, 5_000);

  it('sums counters and queues over engines and averages their KV-cache use', () => {
    expect(reading).toMatchObject({
      running: 8,
      waiting: 1,
      promptTokens: 4000,
      generationTokens: 12000,
      requests: 53,
      preemptions: 1,
      prefixQueries: 4000,
      prefixHits: 1000,
    });
    expect(reading.kvCacheUsage).toBeCloseTo(0.3, 12);
    expect(histogram(page, 'vllm:time_per_output_token_seconds')).toBeNull();
    expect(histogram(page, 'vllm:request_time_per_output_token_seconds')!.count).toBe(10);
  });

  it("merges both engines' TTFT buckets before taking percentiles", () => {
    const s = sampleBetween('llama', zeroed(reading, 0), reading);
    // 20 × 15 ms and 5 × 500 ms. p50: rank 12.5 of the 20 in (0.01, 0.02] → 16.25 ms;
    // p95: rank 23.75, 3.75 of 5 into (0.25, 0.5] → 437.5 ms.
    expect(s.ttftP50Ms).toBeCloseTo(16.25, 9);
    expect(s.ttftP95Ms).toBeCloseTo(437.5, 9);
    expect(s.generationTps).toBe(2400);
  });
});

describe("the simulator's page", () => {
  const sims: RunningSimulator[] = [];
  afterAll(() => Promise.all(sims.map((s) => s.close())));

  it.each([['0.10.2'], ['0.13.0']])('parses as vLLM %s and counts the tokens it served', async (version) => {
    const sim = await startSimulator({
      model: 'Qwen/Qwen3-0.6B',
      vllmVersion: version,
      ttftMs: 0,
      itlMs: 0,
      accessLog: false,
      statsIntervalS: 0,
    });
    sims.push(sim);
    await sim.ready;
    const before = readVllmMetrics(parsePrometheusText(await (await fetch(`${sim.url}/metrics`)).text()), 0);
    expect(before).toMatchObject({ running: 0, waiting: 0, generationTokens: 0, requests: 0, kvCacheUsage: 0 });
    const reply = (await (
      await fetch(`${sim.url}/v1/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'Qwen/Qwen3-0.6B', prompt: 'hello there', max_tokens: 7, ignore_eos: true }),
      })
    ).json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
    const after = readVllmMetrics(parsePrometheusText(await (await fetch(`${sim.url}/metrics`)).text()), 1000);
    expect(after.generationTokens).toBe(reply.usage.completion_tokens);
    expect(after.promptTokens).toBe(reply.usage.prompt_tokens);
    expect(after.requests).toBe(1);
    expect(after.ttft!.count).toBe(1);
    expect(after.e2e!.count).toBe(1);
    const s = sampleBetween('sim', before, after);
    expect(s.generationTps).toBe(reply.usage.completion_tokens);
    expect(s.requestsPs).toBe(1);
    expect(s.ttftP50Ms).not.toBeNull();
  });
});
