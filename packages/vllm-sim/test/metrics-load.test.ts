// /metrics under load: a scrape during 3× max-num-seqs concurrent requests sees the queue and
// the KV cache fill, then drain back to 0; counters and histogram counts equal what was served;
// scarce KV blocks cause preemptions. Names, labels and buckets are vLLM's.
import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src';
import { metric, scrape, sleep, startReadySim, type Sample, readJson } from './support';

const MAX_NUM_SEQS = 4;

async function chat(sim: RunningSimulator, content: string, maxTokens: number) {
  const res = await fetch(`${sim.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content }], max_tokens: maxTokens, ignore_eos: true }),
  });
  expect(res.status).toBe(200);
  return (await readJson(res)) as { usage: { prompt_tokens: number; completion_tokens: number } };
}

/** Scrapes every `everyMs` until `done` settles; returns every page seen. */
async function scrapeDuring(sim: RunningSimulator, done: Promise<unknown>, everyMs: number): Promise<Sample[][]> {
  const pages: Sample[][] = [];
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  while (!finished) {
    pages.push(await scrape(sim));
    await sleep(everyMs);
  }
  return pages;
}

describe('/metrics under a load of 3× max-num-seqs', () => {
  it('shows waiting requests and KV usage rising, then everything back to 0 and counted', async () => {
    const sim = await startReadySim({
      servedModelNames: ['load-test'],
      maxNumSeqs: MAX_NUM_SEQS,
      ttftMs: 10,
      itlMs: 8,
      numGpuBlocks: 2048,
    });
    const labels = { model_name: 'load-test', engine: '0' };
    const n = 3 * MAX_NUM_SEQS;
    const load = Promise.all(
      Array.from({ length: n }, (_, i) => chat(sim, `Request number ${i} about the river and the mountain.`, 12)),
    );
    const pages = await scrapeDuring(sim, load, 10);
    const results = await load;

    const waiting = pages.map((p) => metric(p, 'vllm:num_requests_waiting', labels)!);
    const running = pages.map((p) => metric(p, 'vllm:num_requests_running', labels)!);
    const kv = pages.map((p) => metric(p, 'vllm:kv_cache_usage_perc', labels)!);
    expect(Math.max(...waiting)).toBeGreaterThan(0);
    expect(Math.max(...running)).toBe(MAX_NUM_SEQS);
    expect(Math.max(...kv)).toBeGreaterThan(0);
    expect(Math.max(...kv)).toBeLessThanOrEqual(1);

    const after = await scrape(sim);
    expect(metric(after, 'vllm:num_requests_waiting', labels)).toBe(0);
    expect(metric(after, 'vllm:num_requests_running', labels)).toBe(0);
    expect(metric(after, 'vllm:kv_cache_usage_perc', labels)).toBe(0);

    const promptTokens = results.reduce((s, r) => s + r.usage.prompt_tokens, 0);
    const generated = results.reduce((s, r) => s + r.usage.completion_tokens, 0);
    expect(generated).toBe(n * 12);
    expect(metric(after, 'vllm:request_success_total', { ...labels, finished_reason: 'length' })).toBe(n);
    expect(metric(after, 'vllm:request_success_total', { ...labels, finished_reason: 'stop' })).toBe(0);
    expect(metric(after, 'vllm:prompt_tokens_total', labels)).toBe(promptTokens);
    expect(metric(after, 'vllm:generation_tokens_total', labels)).toBe(generated);
    for (const h of [
      'vllm:time_to_first_token_seconds',
      'vllm:e2e_request_latency_seconds',
      'vllm:request_queue_time_seconds',
      'vllm:request_prefill_time_seconds',
      'vllm:request_decode_time_seconds',
      'vllm:request_inference_time_seconds',
      'vllm:request_prompt_tokens',
      'vllm:request_generation_tokens',
      'vllm:request_params_max_tokens',
      'vllm:request_params_n',
      'vllm:request_time_per_output_token_seconds',
    ]) {
      expect(metric(after, `${h}_count`, labels), h).toBe(n);
      expect(metric(after, `${h}_bucket`, { ...labels, le: '+Inf' }), h).toBe(n);
    }
    expect(metric(after, 'vllm:inter_token_latency_seconds_count', labels)).toBe(n * 11);
    expect(metric(after, 'vllm:request_generation_tokens_sum', labels)).toBe(generated);
    // Queued requests waited: the queue-time histogram saw some of them wait over 50 ms.
    expect(metric(after, 'vllm:request_queue_time_seconds_sum', labels)!).toBeGreaterThan(0.05);
    expect(metric(after, 'vllm:num_preemptions_total', labels)).toBe(0);
  });

  it('preempts running requests when KV blocks are scarce, and still serves them all', async () => {
    // 12 blocks of 16 tokens = 192 tokens of KV cache; 4 running requests would need ~4 × 80.
    const sim = await startReadySim({
      maxNumSeqs: MAX_NUM_SEQS,
      numGpuBlocks: 12,
      blockSize: 16,
      maxModelLen: 192,
      ttftMs: 1,
      itlMs: 1,
      enablePrefixCaching: false,
    });
    const n = 3 * MAX_NUM_SEQS;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => chat(sim, `Preemption case ${i}`, 60)));
    expect(results.every((r) => r.usage.completion_tokens === 60)).toBe(true);
    const after = await scrape(sim);
    const labels = { model_name: 'Qwen/Qwen3-0.6B', engine: '0' };
    expect(metric(after, 'vllm:num_preemptions_total', labels)!).toBeGreaterThan(0);
    expect(metric(after, 'vllm:request_success_total', { ...labels, finished_reason: 'length' })).toBe(n);
    expect(metric(after, 'vllm:kv_cache_usage_perc', labels)).toBe(0);
  });

  it('counts prefix-cache queries and hits in tokens for a repeated prompt', async () => {
    const sim = await startReadySim({ blockSize: 16 });
    const long = 'The mountain river ran past the old town and the farm near the sea. '.repeat(6);
    const first = await chat(sim, long, 4);
    await chat(sim, long, 4);
    const after = await scrape(sim);
    const labels = { model_name: 'Qwen/Qwen3-0.6B', engine: '0' };
    expect(metric(after, 'vllm:prefix_cache_queries_total', labels)).toBe(2 * first.usage.prompt_tokens);
    expect(metric(after, 'vllm:prefix_cache_hits_total', labels)).toBe(
      Math.floor((first.usage.prompt_tokens - 1) / 16) * 16,
    );
  });

  it("uses vLLM's metric types, buckets and cache_config_info labels, and the pre-0.12 names on request", async () => {
    const sim = await startReadySim({ maxModelLen: 1000, numGpuBlocks: 500, metricsVersion: '0.11.0' });
    await fetch(`${sim.url}/v1/models`);
    const res = await fetch(`${sim.url}/metrics`);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('# TYPE vllm:num_requests_running gauge');
    expect(text).toContain('# TYPE vllm:prompt_tokens_total counter');
    expect(text).toContain('# TYPE vllm:time_to_first_token_seconds histogram');
    expect(text).toContain('# TYPE vllm:gpu_cache_usage_perc gauge');
    expect(text).toContain('# TYPE vllm:time_per_output_token_seconds histogram');
    expect(text).toMatch(
      /vllm:engine_sleep_state\{model_name="Qwen\/Qwen3-0.6B",engine="0",sleep_state="awake"\} 1\.0/,
    );
    expect(text).toMatch(/^http_requests_total\{method="GET",status="2xx",handler="\/v1\/models"\} 1\.0$/m);
    expect(text).not.toMatch(/handler="\/metrics"/);
    expect(text).toMatch(/^process_resident_memory_bytes /m);
    const samples = await scrape(sim);
    const ttftBuckets = samples
      .filter((s) => s.name === 'vllm:time_to_first_token_seconds_bucket')
      .map((s) => s.labels.le);
    expect(ttftBuckets).toEqual([
      '0.001',
      '0.005',
      '0.01',
      '0.02',
      '0.04',
      '0.06',
      '0.08',
      '0.1',
      '0.25',
      '0.5',
      '0.75',
      '1.0',
      '2.5',
      '5.0',
      '7.5',
      '10.0',
      '20.0',
      '40.0',
      '80.0',
      '160.0',
      '640.0',
      '2560.0',
      '+Inf',
    ]);
    const promptBuckets = samples.filter((s) => s.name === 'vllm:request_prompt_tokens_bucket').map((s) => s.labels.le);
    expect(promptBuckets).toEqual([
      '1.0',
      '2.0',
      '5.0',
      '10.0',
      '20.0',
      '50.0',
      '100.0',
      '200.0',
      '500.0',
      '1000.0',
      '+Inf',
    ]);
    const info = samples.find((s) => s.name === 'vllm:cache_config_info')!;
    expect(info.value).toBe(1);
    expect(info.labels).toMatchObject({
      block_size: '16',
      num_gpu_blocks: '500',
      enable_prefix_caching: 'True',
      cache_dtype: 'auto',
      gpu_memory_utilization: '0.9',
      kv_cache_size_tokens: '8000',
      kv_cache_max_concurrency: '8.0',
      engine: '0',
    });
    const modern = await startReadySim();
    expect(await (await fetch(`${modern.url}/metrics`)).text()).not.toContain('gpu_cache_usage_perc');
  });
});
