// vLLM's routes around inference: start-up (connections reset until ready, log lines in order),
// /version, /ping, /load, /tokenize, /detokenize, FastAPI's 404/405, stop strings, client
// disconnects, pooling routes, and the dev-mode sleep routes.
import { describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../src';
import { metric, scrape, sleep, startReadySim, readJson } from './support';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const post = async (sim: RunningSimulator, path: string, body: unknown) => fetch(`${sim.url}${path}`, json(body));

describe('start-up', () => {
  it("resets connections until start-up completes, printing vLLM's lines in order", async () => {
    const lines: string[] = [];
    const sim = await startSimulator({
      model: 'Qwen/Qwen3-0.6B',
      maxModelLen: 2048,
      startupS: 0.5,
      numGpuBlocks: 1000,
      log: (l) => lines.push(l),
    });
    try {
      await expect(fetch(`${sim.url}/health`)).rejects.toThrow();
      expect(lines.some((l) => l.includes('Application startup complete.'))).toBe(false);
      await sim.ready;
      expect((await fetch(`${sim.url}/health`)).status).toBe(200);
      const order = [
        'vLLM API server version 0.13.0',
        'non-default args:',
        'Resolved architecture: Qwen3ForCausalLM',
        'Using max model len 2048',
        'Starting to load model Qwen/Qwen3-0.6B...',
        'Loading weights took',
        'Model loading took',
        'Available KV cache memory:',
        'GPU KV cache size: 16,000 tokens',
        'Maximum concurrency for 2,048 tokens per request: 7.81x',
        'init engine (profile, create kv cache, warmup model) took',
        'Starting vLLM API server 0 on http://127.0.0.1:',
        'Application startup complete.',
      ];
      const positions = order.map((o) => lines.findIndex((l) => l.includes(o)));
      expect(
        positions.every((p) => p >= 0),
        JSON.stringify(positions),
      ).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    } finally {
      await sim.close();
    }
  });

  it("logs vLLM's periodic stats line while the engine is busy", async () => {
    const lines: string[] = [];
    const sim = await startReadySim({ statsIntervalS: 0.05, log: (l) => lines.push(l), accessLog: false });
    await post(sim, '/v1/chat/completions', { messages: [{ role: 'user', content: 'x' }], max_tokens: 4 });
    await sleep(120);
    const stats = lines.filter((l) => l.includes('Engine 000:'));
    expect(stats.length).toBeGreaterThan(0);
    expect(stats[0]).toMatch(
      /\[loggers\.py:\d+\] Engine 000: Avg prompt throughput: \d+\.\d tokens\/s, Avg generation throughput: \d+\.\d tokens\/s, Running: \d+ reqs, Waiting: \d+ reqs, GPU KV cache usage: \d+\.\d%, Prefix cache hit rate: \d+\.\d%$/,
    );
  });

  it('refuses to start when the KV cache cannot hold one max-model-len sequence, as vLLM does', async () => {
    await expect(startSimulator({ model: 'm', maxModelLen: 4096, numGpuBlocks: 10, blockSize: 16 })).rejects.toThrow(
      /estimated maximum model length is 160/,
    );
  });
});

describe('info routes', () => {
  it('answers /version, /ping, /health and /load', async () => {
    const sim = await startReadySim({ vllmVersion: '0.11.2', enableServerLoadTracking: true, itlMs: 20 });
    expect(await readJson(await fetch(`${sim.url}/version`))).toEqual({ version: '0.11.2' });
    const ping = await fetch(`${sim.url}/ping`, { method: 'POST' });
    expect(ping.status).toBe(200);
    expect(await ping.text()).toBe('');
    expect(await readJson(await fetch(`${sim.url}/load`))).toEqual({ server_load: 0 });
    const slow = post(sim, '/v1/chat/completions', {
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 5,
      ignore_eos: true,
    });
    await sleep(30);
    expect(await readJson(await fetch(`${sim.url}/load`))).toEqual({ server_load: 1 });
    await slow;
  });

  it('tokenizes prompts and chat messages with the same counts usage reports, and detokenizes back', async () => {
    const sim = await startReadySim();
    const t = await readJson(await post(sim, '/tokenize', { prompt: 'Hello world, this is a test.' }));
    expect(t).toMatchObject({ count: t.tokens.length, max_model_len: 4096, token_strs: null });
    expect(await readJson(await post(sim, '/detokenize', { tokens: t.tokens }))).toEqual({
      prompt: 'Hello world, this is a test.',
    });
    const messages = [{ role: 'user', content: 'What is the capital of France?' }];
    const counted = await readJson(await post(sim, '/tokenize', { messages }));
    const answer = await readJson(await post(sim, '/v1/chat/completions', { messages, max_tokens: 2 }));
    expect(answer.usage.prompt_tokens).toBe(counted.count);
    const bad = await post(sim, '/detokenize', { tokens: [-5] });
    expect(bad.status).toBe(400);
  });

  it('answers unknown paths and methods as FastAPI does, and hides routes of the other model kind', async () => {
    const sim = await startReadySim();
    const missing = await fetch(`${sim.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await readJson(missing)).toEqual({ detail: 'Not Found' });
    expect((await post(sim, '/v1/embeddings', { input: 'x' })).status).toBe(404);
    const wrong = await fetch(`${sim.url}/v1/chat/completions`);
    expect(wrong.status).toBe(405);
    expect(await readJson(wrong)).toEqual({ detail: 'Method Not Allowed' });
    const invalid = await fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', body: '{not json' });
    expect(invalid.status).toBe(400);
    expect((await readJson(invalid)).error.type).toBe('BadRequestError');
  });
});

describe('generation details', () => {
  it('stops at a stop string, reporting it as stop_reason', async () => {
    const sim = await startReadySim();
    const body = {
      messages: [{ role: 'user', content: 'Tell me about rivers.' }],
      max_tokens: 30,
      seed: 5,
      ignore_eos: true,
    };
    const full = (await readJson(await post(sim, '/v1/chat/completions', body))).choices[0].message.content as string;
    const words = full.split(' ');
    const stop = ` ${words[6]}`;
    const cut = await readJson(await post(sim, '/v1/chat/completions', { ...body, stop: [stop] }));
    expect(cut.choices[0].finish_reason).toBe('stop');
    expect(cut.choices[0].stop_reason).toBe(stop);
    expect(cut.choices[0].message.content).toBe(full.slice(0, full.indexOf(stop)));
  });

  it('aborts a request whose client disconnects, freeing its KV blocks', async () => {
    const sim = await startReadySim({ itlMs: 5 });
    const res = await post(sim, '/v1/chat/completions', {
      messages: [{ role: 'user', content: 'go' }],
      max_tokens: 500,
      ignore_eos: true,
      stream: true,
    });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await sleep(50);
    const m = await scrape(sim);
    const labels = { model_name: 'Qwen/Qwen3-0.6B', engine: '0' };
    expect(metric(m, 'vllm:request_success_total', { ...labels, finished_reason: 'abort' })).toBe(1);
    expect(metric(m, 'vllm:kv_cache_usage_perc', labels)).toBe(0);
    expect(metric(m, 'vllm:num_requests_running', labels)).toBe(0);
  });

  it('serves score and rerank on an embedding model, ranking the related document first', async () => {
    const sim = await startReadySim({ model: 'intfloat/e5-large-v2' });
    const rerank = await readJson(
      await post(sim, '/v1/rerank', {
        query: 'the cat sat on the mat',
        documents: ['quarterly revenue grew', 'a cat sat on a mat', 'mountain weather'],
        top_n: 2,
      }),
    );
    expect(rerank.results).toHaveLength(2);
    expect(rerank.results[0]).toMatchObject({ index: 1, document: { text: 'a cat sat on a mat' } });
    expect(rerank.usage.total_tokens).toBeGreaterThan(0);
    const score = await readJson(
      await post(sim, '/score', { text_1: 'the cat sat', text_2: ['the cat sat', 'revenue'] }),
    );
    expect(score.data[0].score).toBeCloseTo(1, 5);
    expect(score.data[1].score).toBeLessThan(0.5);
    expect((await post(sim, '/v1/chat/completions', { messages: [] })).status).toBe(404);
  });
});

describe('sleep mode (VLLM_SERVER_DEV_MODE=1)', () => {
  it('has no sleep routes without dev mode', async () => {
    const sim = await startReadySim({ enableSleepMode: true });
    expect((await fetch(`${sim.url}/sleep?level=1`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${sim.url}/is_sleeping`)).status).toBe(404);
  });

  it('sleeps: requests wait, the sleep-state gauge tells, and wake_up lets them finish', async () => {
    const sim = await startReadySim({ devMode: true, enableSleepMode: true });
    const labels = { model_name: 'Qwen/Qwen3-0.6B', engine: '0' };
    expect((await fetch(`${sim.url}/sleep?level=1`, { method: 'POST' })).status).toBe(200);
    expect(await readJson(await fetch(`${sim.url}/is_sleeping`))).toEqual({ is_sleeping: true });
    const m = await scrape(sim);
    expect(metric(m, 'vllm:engine_sleep_state', { ...labels, sleep_state: 'weights_offloaded' })).toBe(1);
    expect(metric(m, 'vllm:engine_sleep_state', { ...labels, sleep_state: 'awake' })).toBe(0);
    let done = false;
    const pending = post(sim, '/v1/chat/completions', {
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 3,
    }).then((r) => {
      done = true;
      return r;
    });
    await sleep(80);
    expect(done).toBe(false);
    expect(metric(await scrape(sim), 'vllm:num_requests_waiting', labels)).toBe(1);
    expect((await fetch(`${sim.url}/wake_up`, { method: 'POST' })).status).toBe(200);
    expect((await pending).status).toBe(200);
    expect(await readJson(await fetch(`${sim.url}/is_sleeping`))).toEqual({ is_sleeping: false });
  });

  it('takes --sleep-s to fall asleep and --wake-up-s to wake, with requests waiting until it is awake', async () => {
    const sim = await startReadySim({ devMode: true, enableSleepMode: true, sleepS: 0.1, wakeUpS: 0.25 });
    let started = performance.now();
    expect((await fetch(`${sim.url}/sleep?level=1`, { method: 'POST' })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    let doneAt: number | null = null;
    const pending = post(sim, '/v1/chat/completions', {
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 2,
    }).then((r) => {
      doneAt = performance.now();
      return r;
    });
    started = performance.now();
    const wakes = [0, 1].map(() => fetch(`${sim.url}/wake_up`, { method: 'POST' }));
    await sleep(100);
    // Still waking: asleep as far as anyone can tell, and the request has not run.
    expect(await readJson(await fetch(`${sim.url}/is_sleeping`))).toEqual({ is_sleeping: true });
    expect(doneAt).toBeNull();
    for (const w of await Promise.all(wakes)) expect(w.status).toBe(200);
    const wokeAt = performance.now();
    expect(wokeAt - started).toBeGreaterThanOrEqual(245);
    expect((await pending).status).toBe(200);
    expect(doneAt! - started).toBeGreaterThanOrEqual(245);
    expect(await readJson(await fetch(`${sim.url}/is_sleeping`))).toEqual({ is_sleeping: false });
  });

  it('refuses /sleep when the engine was not started with --enable-sleep-mode', async () => {
    const sim = await startReadySim({ devMode: true });
    const res = await fetch(`${sim.url}/sleep?level=1`, { method: 'POST' });
    expect(res.status).toBe(500);
    expect((await readJson(res)).error.message).toMatch(/--enable-sleep-mode/);
  });
});
