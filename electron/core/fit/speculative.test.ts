// Speculative decoding: Llama-3.1-70B with Llama-3.1-8B as its draft, on 4 × 80 GiB. The draft's
// 32 layers (8 KV heads × 128 dims, like the target's) add 32 layers' worth of KV per token to
// the target's 80, and its ~15 GiB of weights load beside the target's.
import { describe, expect, it } from 'vitest';
import { fitFor } from '.';
import { loadConfig } from './fixtures';

const base = { config: loadConfig('llama-3.1-70b-instruct'), gpuMemGib: 80, gpus: 4, maxModelLen: 32768 };

describe('fit with a speculative-decoding draft model', () => {
  const alone = fitFor(base);
  const withDraft = fitFor({ ...base, draftConfig: loadConfig('llama-3.1-8b-instruct') });

  it('counts the draft layers in KV bytes per token: (80 + 32) / 80 of the target alone (hand computation)', () => {
    expect(withDraft.kvBytesPerToken / alone.kvBytesPerToken).toBeCloseTo(112 / 80, 6);
  });

  it('adds the draft weights and leaves fewer KV tokens', () => {
    expect(withDraft.weightsGib - alone.weightsGib).toBeGreaterThan(3.5); // ~15 GiB over 4 GPUs
    expect(withDraft.weightsGib - alone.weightsGib).toBeLessThan(4.2);
    expect(withDraft.kvCacheTokens).toBeLessThan(alone.kvCacheTokens * (80 / 112) + 1);
    expect(withDraft.notes.join(' ')).toMatch(/speculative decoding: the draft model's 32 attention layers/);
  });

  it('turns a tight fit into a smaller-context verdict', () => {
    // On 40 GiB the target alone keeps 167,504 KV tokens: one full 131,072-token request fits…
    const gpu = { config: loadConfig('llama-3.1-8b-instruct'), gpuMemGib: 40, gpus: 1 };
    const len = 131_072;
    expect(fitFor({ ...gpu, maxModelLen: len }).verdict).toBe('fits');
    // …does not once a draft's 40 layers (Qwen3-14B: 8 KV heads × 128, like Llama's) share the pool.
    const drafted = fitFor({ ...gpu, maxModelLen: len, draftConfig: loadConfig('qwen3-14b'), draftWeightsGib: 2 });
    expect(drafted.verdict).toBe('fits-with-smaller-context');
    expect(drafted.suggestedMaxModelLen!).toBeLessThan(len);
  });
});
