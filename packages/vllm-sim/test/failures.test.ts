// Failure injection: X-Return-Error, typed failures drawn by --failure-rate (reproducibly),
// connections reset mid-stream, hung requests, and --crash-after.
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src';
import { startReadySim, readJson } from './support';

const chatBody = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ messages: [{ role: 'user', content: 'hello' }], max_tokens: 5, ...extra });

function chat(
  sim: RunningSimulator,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
  signal?: AbortSignal,
) {
  return fetch(`${sim.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: chatBody(extra),
    signal,
  });
}

describe('failure injection', () => {
  it("answers X-Return-Error with that status in vLLM's error shape", async () => {
    const sim = await startReadySim();
    const res = await chat(sim, { 'x-return-error': '503' });
    expect(res.status).toBe(503);
    const body = await readJson(res);
    expect(body.error).toMatchObject({ type: 'ServiceUnavailableError', code: 503, param: null });
    const client = new OpenAI({
      baseURL: `${sim.url}/v1`,
      apiKey: 'x',
      maxRetries: 0,
      defaultHeaders: { 'x-return-error': '429' },
    });
    await expect(
      client.chat.completions.create({ model: 'Qwen/Qwen3-0.6B', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    expect((await chat(sim)).status).toBe(200);
  });

  it('draws typed failures at the given rate, the same ones for the same seed', async () => {
    const statuses = async (seed: number) => {
      const sim = await startReadySim({
        failureRate: 0.5,
        failureTypes: ['server_error', 'rate_limit', 'context_length'],
        seed,
      });
      const out: number[] = [];
      for (let i = 0; i < 40; i++) out.push((await chat(sim)).status);
      return out;
    };
    const a = await statuses(11);
    expect(await statuses(11)).toEqual(a);
    const failed = a.filter((s) => s !== 200);
    expect(failed.length).toBeGreaterThan(8);
    expect(failed.length).toBeLessThan(32);
    expect(new Set(failed)).toEqual(new Set([500, 429, 400]));
  });

  it("fails a context_length draw with vLLM's context-length message", async () => {
    const sim = await startReadySim({ failureRate: 1, failureTypes: ['context_length'], maxModelLen: 1024 });
    const res = await chat(sim);
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.message).toMatch(
      /^This model's maximum context length is 1024 tokens\. However, you requested \d+ tokens/,
    );
  });

  it('resets the connection: at once without streaming, after a few chunks when streaming', async () => {
    const sim = await startReadySim({ failureRate: 1, failureTypes: ['reset'] });
    await expect(chat(sim)).rejects.toThrow();
    const res = await chat(sim, {}, { stream: true, max_tokens: 50 });
    expect(res.status).toBe(200);
    let received = '';
    const reader = res.body!.getReader();
    const readAll = async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received += Buffer.from(value).toString();
      }
    };
    await expect(readAll()).rejects.toThrow();
    expect(received).toContain('"role":"assistant"');
    expect(received).not.toContain('[DONE]');
  });

  it('hangs a timeout draw until the client gives up, and keeps serving others', async () => {
    const sim = await startReadySim({ failureRate: 1, failureTypes: ['timeout'] });
    const started = Date.now();
    await expect(chat(sim, {}, {}, AbortSignal.timeout(300))).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect((await fetch(`${sim.url}/health`)).status).toBe(200);
  });

  it('dies after --crash-after requests: onCrash is told, or the server stops answering', async () => {
    let crashed = 0;
    const told = await startReadySim({
      crashAfter: 2,
      onCrash: () => {
        crashed++;
      },
    });
    expect((await chat(told)).status).toBe(200);
    expect(crashed).toBe(0);
    expect((await chat(told)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    expect(crashed).toBe(1);
    // Still listening (onCrash decides what happens next), but the engine is dead, as on vLLM.
    expect((await fetch(`${told.url}/health`)).status).toBe(503);
    const dead = await chat(told);
    expect(dead.status).toBe(500);
    expect((await readJson(dead)).error.type).toBe('EngineDeadError');

    const lines: string[] = [];
    const alone = await startReadySim({ crashAfter: 1, log: (l) => lines.push(l) });
    expect((await chat(alone)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`${alone.url}/health`)).rejects.toThrow();
    expect(lines.some((l) => l.includes('EngineCore encountered a fatal error.'))).toBe(true);
  });
});
