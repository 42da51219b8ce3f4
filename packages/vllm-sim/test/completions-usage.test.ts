// How the simulator counts what a completions request may generate, as vLLM does (its
// CompletionRequest): max_tokens defaults to 16 when absent and means "the remaining context" when
// null; max_completion_tokens is not a field of this route; every prompt of a prompt array gets n
// choices; prompt tokens count once per prompt whatever n is; token-id prompts count as given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src';
import { startReadySim } from './support';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startReadySim({ maxModelLen: 256, ttftMs: 0, itlMs: 0 });
});
afterAll(() => sim?.close());

async function complete(body: Record<string, unknown>) {
  const res = await fetch(`${sim.url}/v1/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ignore_eos: true, ...body }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    choices: { index: number; text: string }[];
    usage: { prompt_tokens: number; completion_tokens: number };
  };
}

describe('simulator completions: what a request may generate', () => {
  it('max_tokens absent: 16 tokens, whatever max_completion_tokens says', async () => {
    expect((await complete({ prompt: [1, 2, 3] })).usage.completion_tokens).toBe(16);
    expect((await complete({ prompt: [1, 2, 3], max_completion_tokens: 1 })).usage.completion_tokens).toBe(16);
    expect(
      (await complete({ prompt: [1, 2, 3], max_completion_tokens: 1, max_tokens: 40 })).usage.completion_tokens,
    ).toBe(40);
  });

  it('max_tokens null: up to the end of the context', async () => {
    const r = await complete({ prompt: [1, 2, 3], max_tokens: null });
    expect(r.usage).toEqual(expect.objectContaining({ prompt_tokens: 3, completion_tokens: 256 - 3 }));
  });

  it('prompt arrays × n: a choice group per prompt, prompts counted once each', async () => {
    const r = await complete({
      prompt: [
        [1, 2],
        [3, 4, 5],
      ],
      n: 3,
      max_tokens: 5,
    });
    expect(r.choices.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.usage).toEqual(expect.objectContaining({ prompt_tokens: 5, completion_tokens: 2 * 3 * 5 }));
  });
});
