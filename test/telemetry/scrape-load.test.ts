// Two in-process simulators under concurrent load from the official openai SDK, scraped by the
// MetricsScraper into a real SQLite store: KV usage and queues show the load, stored token rates
// add up to the tokens the SDK was served, and a simulator that goes away is marked down (not
// thrown over) and picked up again when it comes back on the same port.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetLoadReport } from '../../electron/core/gateway/supervisor';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from 'vllm-sim';
import { Store } from '../../electron/core/store';
import { MetricsScraper } from '../../electron/core/telemetry/scraper';
import type { DeploymentSample } from '../../shared/telemetry-schemas';

const MAX_NUM_SEQS = 3;
const ITL_MS = 15;
const CONCURRENCY = 9; // three times max-num-seqs: six wait at first
const MAX_TOKENS = 24;

const simOptions = (name: string, vllmVersion: string): SimulatorOptions => ({
  model: 'Qwen/Qwen3-0.6B',
  servedModelNames: [name],
  vllmVersion,
  maxNumSeqs: MAX_NUM_SEQS,
  ttftMs: 10,
  itlMs: ITL_MS,
  accessLog: false,
  statsIntervalS: 0,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** CONCURRENCY chat requests at once; resolves with the completion tokens the SDK was told it got. */
async function load(sim: RunningSimulator, model: string): Promise<number> {
  const client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming & { ignore_eos: boolean } = {
    model,
    messages: [{ role: 'user', content: 'Count slowly from one to a hundred, please.' }],
    max_tokens: MAX_TOKENS,
    ignore_eos: true,
  };
  const replies = await Promise.all(Array.from({ length: CONCURRENCY }, () => client.chat.completions.create(body)));
  return replies.reduce((n, r) => n + r.usage!.completion_tokens, 0);
}

let store: Store;
let scraper: MetricsScraper;
const sims: Record<'a' | 'b', RunningSimulator> = {} as never;
const loads: TargetLoadReport[][] = [];
const pushed: DeploymentSample[] = [];
const served = { a: 0, b: 0 };
let aClosedAt = 0;

const samplesOf = (target: string, before = Infinity) => store.deploymentSamples.range(target, 0, before);
/** Tokens the stored rates account for: Σ rate × interval over consecutive samples. */
function tokensFromRates(samples: DeploymentSample[], pick: (s: DeploymentSample) => number | null): number {
  let total = 0;
  for (let i = 1; i < samples.length; i++)
    total += ((pick(samples[i]) ?? 0) * (samples[i].at - samples[i - 1].at)) / 1000;
  return total;
}

beforeAll(async () => {
  store = Store.open(mkdtempSync(join(tmpdir(), 'switchyard-scrape-load-')));
  sims.a = await startSimulator(simOptions('sim-a', '0.11.0')); // old and new metric names
  sims.b = await startSimulator(simOptions('sim-b', '0.13.0'));
  await Promise.all([sims.a.ready, sims.b.ready]);
  for (const [name, sim] of Object.entries(sims)) {
    store.endpoints.upsert({
      name: `sim-${name}`,
      provider: 'hosted_vllm',
      baseUrl: `${sim.url}/v1`,
      model: `sim-${name}`,
      apiKeyCipher: null,
      maxModelLen: null,
      inputCostPerToken: null,
      outputCostPerToken: null,
      rpmLimit: null,
      tpmLimit: null,
      timeoutMs: null,
    });
  }
  scraper = new MetricsScraper({
    store,
    intervalMs: 200,
    timeoutMs: 1_000,
    maxBackoffMs: 800,
    onLoad: (t) => loads.push(t),
    onSamples: (s) => pushed.push(...s),
  });
  scraper.start();
  // A baseline sample of each before any load, so every served token falls inside a stored interval.
  await until('a first sample of each simulator', () => samplesOf('sim-a').length > 0 && samplesOf('sim-b').length > 0);

  [served.a, served.b] = await Promise.all([load(sims.a, 'sim-a'), load(sims.b, 'sim-b')]);
  await sleep(500); // two more rounds see the counters settled

  await sims.a.close();
  aClosedAt = Date.now();
  served.b += await load(sims.b, 'sim-b'); // b keeps working while a is gone
  await until('sim-a marked down', () => scraper.health().get('endpoint:sim-a')?.ok === false);
  await sleep(400);
}, 60_000);

afterAll(async () => {
  scraper?.close();
  await Promise.all(Object.values(sims).map((s) => s.close()));
  store?.close();
});

describe('scraping simulators under load', () => {
  it('sees the KV cache in use and requests running while the load runs', () => {
    for (const target of ['sim-a', 'sim-b']) {
      const busy = samplesOf(target).filter((s) => (s.running ?? 0) > 0);
      expect(busy.length, target).toBeGreaterThan(0);
      expect(Math.max(...busy.map((s) => s.running!))).toBeLessThanOrEqual(MAX_NUM_SEQS);
      expect(
        busy.every((s) => s.kvCacheUsage! > 0 && s.kvCacheUsage! <= 1),
        target,
      ).toBe(true);
    }
  });

  it('sees requests waiting when the load exceeds max-num-seqs, and hands that to the gateway', () => {
    for (const target of ['sim-a', 'sim-b']) {
      expect(Math.max(...samplesOf(target).map((s) => s.waiting ?? 0)), target).toBeGreaterThan(0);
      expect(
        loads.some((round) =>
          round.some((t) => t.key === `endpoint:${target}` && (t.waiting ?? 0) > 0 && t.kvCacheUsage! > 0),
        ),
      ).toBe(true);
    }
  });

  it('stores generation rates that add up to the tokens the SDK was served', () => {
    // Every served token was counted between the baseline scrape and the last scrape, and each
    // stored rate is its interval's counter increase over that interval's length, so Σ rate × Δt
    // telescopes back to the increase exactly; the only error left is floating point (1e-6).
    const a = tokensFromRates(samplesOf('sim-a', aClosedAt), (s) => s.generationTps);
    const b = tokensFromRates(samplesOf('sim-b'), (s) => s.generationTps);
    expect(served.a).toBe(CONCURRENCY * MAX_TOKENS);
    expect(served.b).toBe(2 * CONCURRENCY * MAX_TOKENS);
    expect(a).toBeCloseTo(served.a, 6);
    expect(b).toBeCloseTo(served.b, 6);
    // Finished requests likewise: one wave on a, two on b.
    expect(tokensFromRates(samplesOf('sim-a', aClosedAt), (s) => s.requestsPs)).toBeCloseTo(CONCURRENCY, 6);
    expect(tokensFromRates(samplesOf('sim-b'), (s) => s.requestsPs)).toBeCloseTo(2 * CONCURRENCY, 6);
  });

  it("keeps each interval's rate within what the engine can do", () => {
    // At most MAX_NUM_SEQS sequences each emit a token every ITL_MS (batching only slows that).
    const ceiling = MAX_NUM_SEQS * (1000 / ITL_MS);
    for (const target of ['sim-a', 'sim-b']) {
      const rates = samplesOf(target)
        .map((s) => s.generationTps)
        .filter((r): r is number => r !== null);
      expect(Math.max(...rates), target).toBeGreaterThan(0);
      expect(Math.max(...rates), target).toBeLessThan(ceiling * 1.1); // 10 %: a scrape's timestamp trails its page by the fetch
    }
  });

  it('has TTFT and end-to-end percentiles for intervals in which requests finished', () => {
    const finished = samplesOf('sim-b').filter((s) => (s.requestsPs ?? 0) > 0);
    expect(finished.length).toBeGreaterThan(0);
    for (const s of finished) {
      expect(s.e2eP50Ms).toBeGreaterThan(0);
      expect(s.e2eP99Ms!).toBeGreaterThanOrEqual(s.e2eP50Ms!);
    }
    expect(samplesOf('sim-b').some((s) => s.ttftP95Ms !== null && s.ttftP95Ms > 0)).toBe(true);
  });

  it('pushes the same samples it stores, and rolls them up per minute', () => {
    const stored = [...samplesOf('sim-a'), ...samplesOf('sim-b')].sort(
      (x, y) => x.at - y.at || x.target.localeCompare(y.target),
    );
    const sent = [...pushed].sort((x, y) => x.at - y.at || x.target.localeCompare(y.target));
    expect(sent).toEqual(stored);
    const minutes = store.deploymentSamples.minutes('sim-b', 0, Date.now() + 60_000);
    expect(minutes.reduce((n, m) => n + m.samples, 0)).toBe(samplesOf('sim-b').length);
  });

  it('marks a closed simulator down without throwing, keeps scraping the other, and reports no load for it', () => {
    const health = scraper.health().get('endpoint:sim-a')!;
    expect(health.ok).toBe(false);
    expect(health.lastError).toMatch(/ECONNREFUSED|ECONNRESET|socket/);
    expect(health.since).toBeGreaterThanOrEqual(aClosedAt);
    expect(samplesOf('sim-b').filter((s) => s.at > health.since).length).toBeGreaterThan(0);
    expect(loads[loads.length - 1].find((t) => t.key === 'endpoint:sim-a')).toEqual({
      key: 'endpoint:sim-a',
      kvCacheUsage: null,
      waiting: null,
      running: null,
    });
  });

  it('picks a simulator up again when it restarts on the same port, counting it from zero', async () => {
    const downSince = scraper.health().get('endpoint:sim-a')!.since;
    sims.a = await startSimulator({ ...simOptions('sim-a', '0.11.0'), port: sims.a.port });
    await sims.a.ready;
    await until('sim-a answering again', () => scraper.health().get('endpoint:sim-a')?.ok === true, 5_000);
    expect(scraper.health().get('endpoint:sim-a')!.since).toBeGreaterThan(downSince);
    await until('a sample after the restart', () =>
      samplesOf('sim-a').some((s) => s.at > downSince && s.generationTps !== null),
    );
    const after = samplesOf('sim-a').filter((s) => s.at > downSince);
    // A fresh engine: its counters went back to zero, which is a reset, not a negative rate.
    expect(after.every((s) => s.generationTps === 0 && s.running === 0)).toBe(true);
  });
});
