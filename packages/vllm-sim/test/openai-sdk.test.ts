// The official openai SDK, unchanged, against the simulator: chat, streamed chat with usage,
// completions, embeddings, models, and vLLM's errors as the SDK surfaces them.
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src';
import { startReadySim, readJson } from './support';

let gen: RunningSimulator;
let emb: RunningSimulator;
let client: OpenAI;
let embClient: OpenAI;

beforeAll(async () => {
  [gen, emb] = await Promise.all([
    startReadySim({ servedModelNames: ['qwen', 'qwen-alias'], maxModelLen: 2048, apiKeys: ['sk-sim'] }),
    startReadySim({ model: 'BAAI/bge-small-en-v1.5', maxModelLen: 512 }),
  ]);
  client = new OpenAI({ baseURL: `${gen.url}/v1`, apiKey: 'sk-sim', maxRetries: 0 });
  embClient = new OpenAI({ baseURL: `${emb.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

const messages = [
  { role: 'system' as const, content: 'You are terse.' },
  { role: 'user' as const, content: 'Name the water cycle steps.' },
];

describe('openai SDK against the simulator', () => {
  it('lists one model card per served name', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['qwen', 'qwen-alias']);
    expect(models.data[0]).toMatchObject({
      object: 'model',
      owned_by: 'vllm',
      root: 'Qwen/Qwen3-0.6B',
      max_model_len: 2048,
    });
  });

  it('does a chat completion, with usage counted by the one tokenizer', async () => {
    const res = await client.chat.completions.create({ model: 'qwen', messages, max_tokens: 16 });
    expect(res.id).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('qwen');
    const [choice] = res.choices;
    expect(choice.message.role).toBe('assistant');
    expect(choice.message.content!.length).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(choice.finish_reason);
    expect(res.usage!.completion_tokens).toBeLessThanOrEqual(16);
    expect(res.usage!.completion_tokens === 16).toBe(choice.finish_reason === 'length');
    const tokenized = await readJson(
      await fetch(`${gen.url}/tokenize`, { method: 'POST', body: JSON.stringify({ model: 'qwen', messages }) }),
    );
    expect(res.usage!.prompt_tokens).toBe(tokenized.count);
    expect(res.usage!.total_tokens).toBe(res.usage!.prompt_tokens + res.usage!.completion_tokens);
  });

  it('streams a chat completion with a final usage chunk, same text as unstreamed for a seed', async () => {
    const stream = await client.chat.completions.create({
      model: 'qwen-alias',
      messages,
      max_tokens: 24,
      seed: 42,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let roleSeen = false;
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      expect(chunk.model).toBe('qwen-alias');
      if (chunk.usage) usage = chunk.usage;
      for (const c of chunk.choices) {
        if (c.delta.role) roleSeen = true;
        text += c.delta.content ?? '';
        if (c.finish_reason) finish = c.finish_reason;
      }
    }
    expect(roleSeen).toBe(true);
    expect(finish).not.toBeNull();
    expect(usage!.completion_tokens).toBeGreaterThan(0);
    const plain = await client.chat.completions.create({ model: 'qwen-alias', messages, max_tokens: 24, seed: 42 });
    expect(text).toBe(plain.choices[0].message.content);
    expect(usage).toMatchObject({
      prompt_tokens: plain.usage!.prompt_tokens,
      completion_tokens: plain.usage!.completion_tokens,
    });
  });

  it('does completions with n choices and echo', async () => {
    const res = await client.completions.create({ model: 'qwen', prompt: 'Once upon a time', max_tokens: 12, n: 2 });
    expect(res.id).toMatch(/^cmpl-/);
    expect(res.object).toBe('text_completion');
    expect(res.choices.map((c) => c.index)).toEqual([0, 1]);
    expect(res.choices[0].text).not.toBe(res.choices[1].text);
    // completion_tokens counts each choice's tokens, the end-of-sequence token included.
    let expected = 0;
    for (const c of res.choices) {
      const { count } = await readJson(
        await fetch(`${gen.url}/tokenize`, { method: 'POST', body: JSON.stringify({ prompt: c.text }) }),
      );
      expected += count + (c.finish_reason === 'stop' ? 1 : 0);
    }
    expect(res.usage!.completion_tokens).toBe(expected);
    const echoed = await client.completions.create({
      model: 'qwen',
      prompt: 'Once upon a time',
      max_tokens: 4,
      echo: true,
    });
    expect(echoed.choices[0].text.startsWith('Once upon a time')).toBe(true);
  });

  it('streams completions', async () => {
    const stream = await client.completions.create({
      model: 'qwen',
      prompt: 'Hello',
      max_tokens: 8,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage!.completion_tokens).toBeLessThanOrEqual(8);
  });

  it('computes embeddings (base64 by default in the SDK, and floats), unit-length and deterministic', async () => {
    const res = await embClient.embeddings.create({
      model: 'BAAI/bge-small-en-v1.5',
      input: ['the cat sat on the mat', 'the cat sat on the mat', 'quarterly revenue grew'],
    });
    expect(res.data).toHaveLength(3);
    const [a, b, c] = res.data.map((d) => d.embedding);
    expect(a).toHaveLength(384);
    expect(Math.hypot(...a)).toBeCloseTo(1, 4);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(res.usage.prompt_tokens).toBeGreaterThan(0);
    const floats = await embClient.embeddings.create({
      model: 'BAAI/bge-small-en-v1.5',
      input: 'the cat sat on the mat',
      encoding_format: 'float',
    });
    floats.data[0].embedding.forEach((x, i) => expect(x).toBeCloseTo(a[i], 6));
  });

  it('puts similar texts closer than unrelated ones', async () => {
    const res = await embClient.embeddings.create({
      model: 'BAAI/bge-small-en-v1.5',
      input: ['the cat sat on the mat', 'a cat sat on a mat', 'quarterly revenue grew in europe'],
      encoding_format: 'float',
    });
    const [a, b, c] = res.data.map((d) => d.embedding);
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i], 0);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c) + 0.2);
  });

  it("surfaces an unknown model as a 404 NotFoundError with vLLM's message", async () => {
    const err = await client.chat.completions.create({ model: 'nope', messages }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err.status).toBe(404);
    expect(err.message).toContain('The model `nope` does not exist.');
  });

  it('refuses a wrong API key with 401 on /v1 paths only', async () => {
    const bad = new OpenAI({ baseURL: `${gen.url}/v1`, apiKey: 'sk-wrong', maxRetries: 0 });
    const err = await bad.models.list().catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    const raw = await fetch(`${gen.url}/v1/models`);
    expect(raw.status).toBe(401);
    expect(await readJson(raw)).toEqual({ error: 'Unauthorized' });
    expect((await fetch(`${gen.url}/health`)).status).toBe(200);
    expect((await fetch(`${gen.url}/metrics`)).status).toBe(200);
  });

  it('refuses a prompt plus max_tokens over the context length with 400', async () => {
    const err = await client.chat.completions.create({ model: 'qwen', messages, max_tokens: 5000 }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.message).toMatch(/maximum context length is 2048 tokens/);
    expect(err.error).toMatchObject({ type: 'BadRequestError', code: 400 });
  });
});
