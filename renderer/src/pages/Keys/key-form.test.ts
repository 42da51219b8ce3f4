import { describe, expect, it } from 'vitest';
import { emptyKeyForm, parseKeyForm, parseList, toggleListItem } from './key-form';

describe('parseList', () => {
  it('splits on commas, trims, drops blanks and duplicates', () => {
    expect(parseList(' a, b ,,c, a ')).toEqual(['a', 'b', 'c']);
    expect(parseList('')).toEqual([]);
  });
});

describe('parseKeyForm', () => {
  it('leaves blank fields out, meaning "no limit"', () => {
    expect(parseKeyForm(emptyKeyForm)).toEqual({ input: { models: [] }, errors: {} });
  });

  it('turns the filled fields into a keys.create input', () => {
    const { input, errors } = parseKeyForm({
      ...emptyKeyForm,
      alias: ' notebook ',
      models: 'llama, qwen',
      maxBudgetUsd: '$25',
      budgetDuration: '30d',
      rpmLimit: '60',
      tpmLimit: '100000',
      maxParallelRequests: '4',
      duration: '90d',
      teamId: 'team-1',
    });
    expect(errors).toEqual({});
    expect(input).toEqual({
      alias: 'notebook',
      models: ['llama', 'qwen'],
      maxBudgetUsd: 25,
      budgetDuration: '30d',
      rpmLimit: 60,
      tpmLimit: 100000,
      maxParallelRequests: 4,
      duration: '90d',
      teamId: 'team-1',
    });
  });

  it('toggles model groups picked as chips', () => {
    expect(toggleListItem('', 'chat')).toBe('chat');
    expect(toggleListItem('chat, embed', 'chat')).toBe('embed');
    expect(toggleListItem('chat', 'embed')).toBe('chat, embed');
  });

  it('names fields that are not numbers', () => {
    const { errors } = parseKeyForm({ ...emptyKeyForm, maxBudgetUsd: 'lots', rpmLimit: '1.5' });
    expect(errors.maxBudgetUsd).toMatch(/dollars/);
    expect(errors.rpmLimit).toMatch(/whole number/);
  });
});
