// logprobs and top_logprobs through the official openai SDK: one entry per generated token
// (the end-of-sequence token included), the emitted token listed first among its alternatives,
// probabilities that never sum past 1; streamed chunks carry their own token's entry.
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { startReadySim } from './support';

let client: OpenAI;

beforeAll(async () => {
  const sim = await startReadySim({ outputLenMean: 20 });
  client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
});

const messages = [{ role: 'user' as const, content: 'Tell me a story.' }];
const bytes = (s: string) => [...Buffer.from(s, 'utf8')];

function checkEntry(e: OpenAI.ChatCompletionTokenLogprob, top: number): void {
  expect(e.logprob).toBeLessThan(0);
  expect(e.bytes).toEqual(bytes(e.token));
  expect(e.top_logprobs).toHaveLength(top);
  if (top) expect(e.top_logprobs[0]).toEqual({ token: e.token, logprob: e.logprob, bytes: e.bytes });
  const probs = e.top_logprobs.map((t) => Math.exp(t.logprob));
  expect(probs.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
  for (let i = 1; i < e.top_logprobs.length; i++) {
    expect(e.top_logprobs[i].logprob).toBeLessThan(e.top_logprobs[i - 1].logprob);
  }
}

describe('logprobs', () => {
  it('fills chat logprobs: an entry per token, top_logprobs ranked', async () => {
    const res = await client.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages,
      logprobs: true,
      top_logprobs: 3,
      seed: 4,
    });
    const content = res.choices[0].logprobs!.content!;
    expect(content).toHaveLength(res.usage!.completion_tokens);
    for (const e of content) checkEntry(e, 3);
    // The tokens spell the answer (the end-of-sequence token shows as '').
    expect(content.map((e) => e.token).join('')).toBe(res.choices[0].message.content);
    const again = await client.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages,
      logprobs: true,
      top_logprobs: 3,
      seed: 4,
    });
    expect(again.choices[0].logprobs).toEqual(res.choices[0].logprobs);
  });

  it('streams one entry per chunk, matching the unstreamed ones', async () => {
    const stream = await client.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages,
      logprobs: true,
      top_logprobs: 2,
      seed: 8,
      stream: true,
    });
    const entries: OpenAI.ChatCompletionTokenLogprob[] = [];
    for await (const chunk of stream) {
      const lp = chunk.choices[0]?.logprobs;
      if (lp) {
        expect(lp.content).toHaveLength(1);
        entries.push(...lp.content!);
      }
    }
    const plain = await client.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages,
      logprobs: true,
      top_logprobs: 2,
      seed: 8,
    });
    expect(entries).toEqual(plain.choices[0].logprobs!.content);
  });

  it('leaves logprobs null unless asked, and refuses top_logprobs without logprobs or above 20', async () => {
    const res = await client.chat.completions.create({ model: 'Qwen/Qwen3-0.6B', messages, max_tokens: 3 });
    expect(res.choices[0].logprobs).toBeNull();
    const without = await client.chat.completions
      .create({ model: 'Qwen/Qwen3-0.6B', messages, top_logprobs: 2 })
      .catch((e) => e);
    expect(without).toBeInstanceOf(OpenAI.BadRequestError);
    expect(without.error.message).toBe('when using `top_logprobs`, `logprobs` must be set to true.');
    const tooMany = await client.chat.completions
      .create({ model: 'Qwen/Qwen3-0.6B', messages, logprobs: true, top_logprobs: 21 })
      .catch((e) => e);
    expect(tooMany.error.message).toBe('Requested sample logprobs of 21, which is greater than max allowed: 20');
  });

  it('fills completions logprobs: tokens, token_logprobs, top_logprobs and text_offset, streamed alike', async () => {
    const request = { model: 'Qwen/Qwen3-0.6B', prompt: 'Once upon a time', max_tokens: 12, logprobs: 2, seed: 3 };
    const res = await client.completions.create({ ...request, echo: true });
    const [choice] = res.choices;
    const lp = choice.logprobs!;
    expect(lp.tokens).toHaveLength(res.usage!.completion_tokens);
    expect(lp.token_logprobs!.every((l) => l < 0)).toBe(true);
    // text_offset points at each token in the choice's text (the echoed prompt comes first).
    lp.tokens!.forEach((t, i) => {
      expect(choice.text.slice(lp.text_offset![i], lp.text_offset![i] + t.length)).toBe(t);
      expect(Object.keys(lp.top_logprobs![i])).toHaveLength(2);
      expect(lp.top_logprobs![i][t]).toBe(lp.token_logprobs![i]);
    });
    expect(lp.text_offset![0]).toBe('Once upon a time'.length);

    const stream = await client.completions.create({ ...request, stream: true });
    const tokens: string[] = [];
    const offsets: number[] = [];
    for await (const chunk of stream) {
      const l = chunk.choices[0]?.logprobs;
      if (l) {
        tokens.push(...l.tokens!);
        offsets.push(...l.text_offset!.map((o) => o + 'Once upon a time'.length));
      }
    }
    expect(tokens).toEqual(lp.tokens);
    expect(offsets).toEqual(lp.text_offset);
  });
});
