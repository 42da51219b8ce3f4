// The cloud pricing table: list prices by provider and model, through aliases, and nothing for
// models it does not know for sure.
import { describe, expect, it } from 'vitest';
import { cloudPrice, cloudPriceByName, cloudPrices } from './pricing';

const perMillion = (usdPerToken: number | null) =>
  usdPerToken === null ? null : Math.round(usdPerToken * 1e6 * 1e6) / 1e6;

describe('cloudPrice', () => {
  // The providers' published prices per million tokens: input, output, cached input.
  it.each([
    ['openai', 'gpt-4o', 2.5, 10, 1.25],
    ['openai', 'gpt-4o-mini', 0.15, 0.6, 0.075],
    ['openai', 'gpt-4.1', 2, 8, 0.5],
    ['openai', 'gpt-4.1-mini', 0.4, 1.6, 0.1],
    ['openai', 'gpt-4.1-nano', 0.1, 0.4, 0.025],
    ['openai', 'o3', 2, 8, 0.5],
    ['openai', 'o4-mini', 1.1, 4.4, 0.275],
    ['openai', 'text-embedding-3-small', 0.02, 0, null],
    ['openai', 'text-embedding-3-large', 0.13, 0, null],
    ['anthropic', 'claude-3-5-sonnet', 3, 15, 0.3],
    ['anthropic', 'claude-3-7-sonnet', 3, 15, 0.3],
    ['anthropic', 'claude-sonnet-4', 3, 15, 0.3],
    ['anthropic', 'claude-sonnet-4-5', 3, 15, 0.3],
    ['anthropic', 'claude-3-5-haiku', 0.8, 4, 0.08],
    ['anthropic', 'claude-haiku-4-5', 1, 5, 0.1],
    ['anthropic', 'claude-opus-4', 15, 75, 1.5],
    ['anthropic', 'claude-opus-4-1', 15, 75, 1.5],
    ['anthropic', 'claude-opus-4-5', 5, 25, 0.5],
  ] as const)('%s %s costs $%s / $%s (cached $%s) per million tokens', (provider, model, input, output, cached) => {
    const p = cloudPrice(provider, model);
    expect(p).not.toBeNull();
    expect(perMillion(p!.inputCostPerToken)).toBe(input);
    expect(perMillion(p!.outputCostPerToken)).toBe(output);
    expect(perMillion(p!.cachedInputCostPerToken)).toBe(cached);
    expect(p!.model).toBe(model);
  });

  it.each([
    ['openai', 'gpt-4o-2024-08-06', 'gpt-4o'],
    ['openai', 'gpt-4o-2024-11-20', 'gpt-4o'],
    ['openai', 'gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['openai', 'gpt-4.1-2025-04-14', 'gpt-4.1'],
    ['openai', 'o3-2025-04-16', 'o3'],
    ['openai', 'o4-mini-2025-04-16', 'o4-mini'],
    ['anthropic', 'claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['anthropic', 'claude-3-5-sonnet-latest', 'claude-3-5-sonnet'],
    ['anthropic', 'claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['anthropic', 'claude-sonnet-4-0', 'claude-sonnet-4'],
    ['anthropic', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['anthropic', 'claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['anthropic', 'claude-opus-4-1-20250805', 'claude-opus-4-1'],
    ['anthropic', 'claude-opus-4-5-20251101', 'claude-opus-4-5'],
  ] as const)('%s %s is billed as %s', (provider, alias, model) => {
    expect(cloudPrice(provider, alias)).toEqual(cloudPrice(provider, model));
    expect(cloudPrice(provider, alias)?.model).toBe(model);
  });

  it('is case-insensitive and accepts a LiteLLM-style provider prefix on the model', () => {
    expect(cloudPrice('OpenAI', ' GPT-4o-Mini ')?.model).toBe('gpt-4o-mini');
    expect(cloudPrice('openai', 'openai/gpt-4o')?.model).toBe('gpt-4o');
    expect(cloudPrice('anthropic', 'anthropic/claude-haiku-4-5')?.outputCostPerToken).toBe(5e-6);
  });

  it('knows nothing of unknown models, other providers, or snapshots priced differently', () => {
    expect(cloudPrice('openai', 'gpt-9')).toBeNull();
    expect(cloudPrice('openai', '')).toBeNull();
    // The first gpt-4o snapshot was $5 / $15: it must not take gpt-4o's price.
    expect(cloudPrice('openai', 'gpt-4o-2024-05-13')).toBeNull();
    expect(cloudPrice('anthropic', 'gpt-4o')).toBeNull();
    expect(cloudPrice('openai', 'claude-sonnet-4-5')).toBeNull();
    // A self-hosted OpenAI-compatible server named like a cloud model is not the cloud.
    expect(cloudPrice('openai-compatible', 'gpt-4o')).toBeNull();
    expect(cloudPrice('hosted_vllm', 'gpt-4o-mini')).toBeNull();
    expect(cloudPrice('openai', 'anthropic/gpt-4o')).toBeNull();
  });

  it('says where each price comes from and when it was the list price', () => {
    const p = cloudPrice('anthropic', 'claude-sonnet-4-5')!;
    expect(p.source).toMatch(/^https:\/\/docs\.anthropic\.com\//);
    expect(p.asOf).toMatch(/^20\d\d-\d\d$/);
    expect(cloudPrice('openai', 'gpt-4o')!.source).toMatch(/^https:\/\/platform\.openai\.com\//);
  });
});

describe('cloudPriceByName', () => {
  it('takes provider/model or a bare model name that one provider lists', () => {
    expect(cloudPriceByName('openai/gpt-4o-mini')?.inputCostPerToken).toBe(1.5e-7);
    expect(cloudPriceByName('anthropic/claude-3-5-haiku-latest')?.model).toBe('claude-3-5-haiku');
    expect(cloudPriceByName('gpt-4.1-nano')?.provider).toBe('openai');
    expect(cloudPriceByName('claude-opus-4-5-20251101')?.provider).toBe('anthropic');
  });

  it('returns null for names it cannot price', () => {
    expect(cloudPriceByName('openai/gpt-9')).toBeNull();
    expect(cloudPriceByName('anthropic/gpt-4o')).toBeNull();
    expect(cloudPriceByName('llama-3.1-8b')).toBeNull();
  });
});

describe('cloudPrices', () => {
  it('lists each model once, with sane prices', () => {
    const all = cloudPrices();
    expect(all.length).toBeGreaterThanOrEqual(20);
    expect(new Set(all.map((p) => `${p.provider}/${p.model}`)).size).toBe(all.length);
    for (const p of all) {
      // Every listed price is between $0.01 and $100 per million input tokens.
      expect(p.inputCostPerToken).toBeGreaterThanOrEqual(1e-8);
      expect(p.inputCostPerToken).toBeLessThanOrEqual(1e-4);
      // A cache hit is cheaper than a fresh input token; output (where billed: not embeddings) costs at least input.
      if (p.cachedInputCostPerToken !== null) expect(p.cachedInputCostPerToken).toBeLessThan(p.inputCostPerToken);
      if (p.outputCostPerToken !== 0) expect(p.outputCostPerToken).toBeGreaterThanOrEqual(p.inputCostPerToken);
    }
  });
});
