import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChatTemplate, encode, parseMessages } from 'vllm-sim';
import {
  ANTHROPIC_DEFAULT_MAX_TOKENS,
  COMPLETIONS_DEFAULT_MAX_TOKENS,
  requestShape,
  worstCase,
  worstCaseOver,
  type WorstCaseTarget,
} from './worst-case';

const target = (extra: Partial<WorstCaseTarget> = {}): WorstCaseTarget => ({
  name: 'gpu',
  kind: 'endpoint',
  provider: 'openai-compatible',
  maxModelLen: 4096,
  inputCostPerToken: 0,
  outputCostPerToken: 1,
  ...extra,
});
const outputOnly = target(); // $1 per output token: usd counts output tokens
const chat = (body: Record<string, unknown>, t = outputOnly) =>
  worstCase(requestShape('chat/completions', { messages: [{ role: 'user', content: 'hi' }], ...body }), t);
const completion = (body: Record<string, unknown>, t = outputOnly) => worstCase(requestShape('completions', body), t);

describe('finding 2: the worst case counts every choice of every prompt', () => {
  it('chat n=64, max_tokens=16 holds 64 × 16 output tokens', () => {
    expect(chat({ n: 64, max_tokens: 16 }).usd).toBeCloseTo(64 * 16, 3);
  });

  it('best_of counts when larger than n', () => {
    expect(completion({ prompt: 'x', n: 2, best_of: 5, max_tokens: 10 }).usd).toBeCloseTo(50, 4);
    expect(completion({ prompt: 'x', n: 6, best_of: 5, max_tokens: 10 }).usd).toBeCloseTo(60, 4);
  });

  it('the largest of max_tokens and max_completion_tokens, on chat and on completions', () => {
    expect(chat({ max_tokens: 2000, max_completion_tokens: 1 }).usd).toBeCloseTo(2000, 4);
    expect(chat({ max_tokens: 1, max_completion_tokens: 30 }).usd).toBeCloseTo(30, 4);
    expect(completion({ prompt: 'x', max_completion_tokens: 1, max_tokens: 2000 }).usd).toBeCloseTo(2000, 4);
  });

  it('a prompt array of 64 strings is 64 prompts, each with its own choices', () => {
    expect(completion({ prompt: Array(64).fill('hi'), max_tokens: 10, n: 2 }).usd).toBeCloseTo(64 * 2 * 10, 4);
  });

  it('token-id prompts count exactly, and the remaining context bounds the output', () => {
    const ids = Array(3000).fill(1);
    const w = completion({ prompt: [ids], max_tokens: null });
    expect(w.usd).toBeCloseTo(4096 - 3000, 4);
    expect(w.tokens).toBe(4096);
    const priced = completion({ prompt: [ids], max_tokens: 5 }, target({ inputCostPerToken: 1 }));
    expect(priced.usd).toBeCloseTo(3005, 4);
  });

  it('completions without max_tokens: 16 on vLLM and OpenAI, the remaining context elsewhere', () => {
    expect(completion({ prompt: 'x' }, target({ kind: 'deployment' })).usd).toBeCloseTo(
      COMPLETIONS_DEFAULT_MAX_TOKENS,
      4,
    );
    expect(completion({ prompt: 'x' }, target({ provider: 'openai' })).usd).toBeCloseTo(
      COMPLETIONS_DEFAULT_MAX_TOKENS,
      4,
    );
    expect(completion({ prompt: 'x' }, target()).usd).toBeCloseTo(4096, 4);
    // max_completion_tokens is not this route's field: vLLM still generates its default.
    expect(completion({ prompt: 'x', max_completion_tokens: 1 }, target({ kind: 'deployment' })).usd).toBeCloseTo(
      16,
      4,
    );
    expect(completion({ prompt: 'x', max_completion_tokens: 1 }, target()).usd).toBeCloseTo(4096, 4);
    // An explicit null asks vLLM for the remaining context.
    expect(completion({ prompt: 'x', max_tokens: null }, target({ kind: 'deployment' })).usd).toBeCloseTo(4096, 4);
  });

  it('a prompt longer than the context is refused by the engine, so it never counts past it', () => {
    const w = chat(
      { messages: [{ role: 'user', content: 'x'.repeat(100_000) }], max_tokens: 10 },
      target({ inputCostPerToken: 1 }),
    );
    expect(w.usd).toBeCloseTo(4096 + 0, 4); // at p = 4096 nothing is left for output; at p = 4086, 4086 + 10
    expect(w.tokens).toBe(4096);
  });

  it('the most expensive split of prompt and output is found when input costs more than output', () => {
    const t = target({ inputCostPerToken: 10, outputCostPerToken: 1 });
    const w = chat({ messages: [{ role: 'user', content: 'x'.repeat(100) }], max_tokens: 50 }, t);
    const promptMax = requestShape('chat/completions', {
      messages: [{ role: 'user', content: 'x'.repeat(100) }],
    }).prompts[0].max;
    expect(w.usd).toBeCloseTo(promptMax * 10 + 50, 4);
  });

  it('rerank reads the query once per document', () => {
    const shape = requestShape('rerank', { query: 'q'.repeat(100), documents: ['a', 'b', 'c'] });
    expect(shape.prompts).toHaveLength(3);
    for (const p of shape.prompts) expect(p.max).toBeGreaterThanOrEqual(101);
    expect(worstCase(shape, target({ inputCostPerToken: 1 })).tokens).toBeGreaterThanOrEqual(303);
  });

  it('embeddings: every input, no output', () => {
    const w = worstCase(requestShape('embeddings', { input: [[1, 2, 3], 'hello'] }), target({ inputCostPerToken: 1 }));
    expect(w.tokens).toBeGreaterThanOrEqual(3 + 5);
    expect(w.usd).toBeCloseTo(w.tokens, 4);
  });

  it('over several targets, the worst of them', () => {
    const shape = requestShape('chat/completions', { messages: [], max_tokens: 10 });
    const w = worstCaseOver(shape, [target(), target({ outputCostPerToken: 3 })]);
    expect(w.usd).toBeCloseTo(30, 4);
  });
});

describe('finding 2: what cannot be bounded is said so', () => {
  it('chat without max_tokens on a target of unknown context', () => {
    const w = chat({}, target({ maxModelLen: null }));
    expect(w.usd).toBe(Infinity);
    expect(w.unbounded?.reason).toMatch(/no "max_tokens" \(or "max_completion_tokens"\) was sent/);
    expect(w.unbounded?.fix).toMatch(/Send "max_tokens"/);
    expect(w.unbounded?.param).toBe('max_tokens');
  });

  it('without max_tokens the remaining context bounds it (finding 9)', () => {
    const w = chat({});
    expect(w.unbounded).toBeNull();
    expect(w.usd).toBeCloseTo(4096, 4);
  });

  it('an image part on a priced input of unknown context', () => {
    const messages = [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }];
    const w = chat({ messages, max_tokens: 5 }, target({ maxModelLen: null, inputCostPerToken: 1 }));
    expect(w.unbounded?.reason).toMatch(/"image_url" content part/);
    expect(chat({ messages, max_tokens: 5 }, target({ inputCostPerToken: 1 })).usd).toBeCloseTo(4096 + 0, 4);
  });

  it('a free target is never unbounded in money, only in tokens', () => {
    const w = chat({}, target({ maxModelLen: null, outputCostPerToken: 0 }));
    expect(w.usd).toBe(0);
    expect(w.unbounded).toBeNull();
    expect(w.tokens).toBe(Infinity);
  });

  it('Anthropic targets get the translation default when the client sends none', () => {
    expect(chat({}, target({ provider: 'anthropic', maxModelLen: null })).usd).toBeCloseTo(
      ANTHROPIC_DEFAULT_MAX_TOKENS,
      4,
    );
  });
});

describe('the prompt bound never falls short of the simulator tokenizer', () => {
  it('chat prompts with any text, roles and counts', () => {
    const message = fc.record({
      role: fc.constantFrom('system', 'user', 'assistant', 'tool'),
      content: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ maxLength: 200 })),
    });
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 8 }), (messages) => {
        const real = encode(applyChatTemplate(parseMessages(messages, 'm'))).length;
        expect(requestShape('chat/completions', { messages }).prompts[0].max).toBeGreaterThanOrEqual(real);
      }),
      { numRuns: 300 },
    );
  });

  it('completion prompts of strings', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 300 }), { minLength: 1, maxLength: 5 }), (prompt) => {
        const shape = requestShape('completions', { prompt });
        prompt.forEach((p, i) => expect(shape.prompts[i].max).toBeGreaterThanOrEqual(encode(p).length));
      }),
      { numRuns: 300 },
    );
  });
});
