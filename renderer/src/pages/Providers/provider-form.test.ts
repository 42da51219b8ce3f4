import { describe, expect, it } from 'vitest';
import { emptyProviderForm, parseProviderForm, perMillion, perToken } from './provider-form';

describe('prices per 1M tokens', () => {
  it('converts between the form (per 1M) and storage (per token) without float noise', () => {
    expect(perToken('0.15')).toBe(0.15e-6);
    expect(perToken('$2.50')).toBe(2.5e-6);
    expect(perToken(' ')).toBeUndefined();
    expect(perToken('cheap')).toBeNaN();
    expect(perMillion(0.15e-6)).toBe('0.15');
    expect(perMillion(0.6e-6)).toBe('0.6');
    expect(perMillion(null)).toBe('');
  });
});

describe('parseProviderForm', () => {
  it("turns the filled fields into a providers.add input, using the kind's base URL when none is given", () => {
    const { input, errors } = parseProviderForm({
      ...emptyProviderForm,
      kind: 'openai',
      name: ' openai-mini ',
      model: 'gpt-4o-mini',
      apiKey: ' sk-test ',
      maxModelLen: '128000',
      inputCostPerToken: '0.15',
      outputCostPerToken: '0.6',
    });
    expect(errors).toEqual({});
    expect(input).toEqual({
      kind: 'openai',
      name: 'openai-mini',
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      apiKey: 'sk-test',
      maxModelLen: 128000,
      inputCostPerToken: 0.15e-6,
      outputCostPerToken: 0.6e-6,
    });
  });

  it('names each field that needs fixing and says what to enter', () => {
    const { errors } = parseProviderForm({ ...emptyProviderForm, maxModelLen: '8k', inputCostPerToken: 'free' });
    expect(Object.keys(errors).sort()).toEqual(['inputCostPerToken', 'maxModelLen', 'model', 'name']);
    expect(errors.inputCostPerToken).toMatch(/per 1M tokens/);
  });

  it('sends a cloud equivalent only for a self-hosted vLLM, the kind the Spend page counts as local', () => {
    const filled = {
      ...emptyProviderForm,
      name: 'lab',
      model: 'llama-3.1-8b',
      cloudEquivalent: ' openai/gpt-4o-mini ',
    };
    expect(parseProviderForm({ ...filled, kind: 'hosted_vllm' }).input.cloudEquivalent).toBe('openai/gpt-4o-mini');
    expect(parseProviderForm({ ...filled, kind: 'openai-compatible' }).input).not.toHaveProperty('cloudEquivalent');
    expect(parseProviderForm({ ...filled, kind: 'hosted_vllm', cloudEquivalent: ' ' }).input).not.toHaveProperty(
      'cloudEquivalent',
    );
  });
});
