import { describe, expect, it } from 'vitest';
import { forgetPrediction, predictionOf, readPredictions, rememberPrediction, type FitPrediction } from './predictions';
import type { FitEstimate } from './types';

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
}
const p: FitPrediction = {
  kvCacheTokens: 1000,
  maxConcurrency: 2,
  maxModelLen: 500,
  weightsGib: 1,
  availableKvGib: 3,
  gpuLabel: 'x',
};

describe('fit predictions kept per deployment', () => {
  it('remembers, reads back and forgets by deployment id', () => {
    const store = memoryStorage();
    rememberPrediction('a', p, store);
    rememberPrediction('b', { ...p, kvCacheTokens: 2 }, store);
    expect(readPredictions(store)).toEqual({ a: p, b: { ...p, kvCacheTokens: 2 } });
    forgetPrediction('a', store);
    expect(Object.keys(readPredictions(store))).toEqual(['b']);
  });

  it('survives unreadable storage and no storage at all', () => {
    const store = memoryStorage();
    store.setItem('switchyard.fitPredictions', '{not json');
    expect(readPredictions(store)).toEqual({});
    expect(readPredictions(null)).toEqual({});
    expect(() => rememberPrediction('a', p, null)).not.toThrow();
  });

  it('keeps the figures vLLM will log from an estimate', () => {
    const estimate = {
      kvCacheTokens: 10,
      maxConcurrency: 1.5,
      maxModelLen: 4,
      weightsGib: 2,
      breakdown: { availableKvGib: 3 },
    } as FitEstimate;
    expect(predictionOf(estimate, 'L4')).toEqual({
      kvCacheTokens: 10,
      maxConcurrency: 1.5,
      maxModelLen: 4,
      weightsGib: 2,
      availableKvGib: 3,
      gpuLabel: 'L4',
    });
  });
});
