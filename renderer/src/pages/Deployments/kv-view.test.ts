import { describe, expect, it } from 'vitest';
import type { FitPrediction } from '../../lib/predictions';
import { hasKvFigures, kvRows } from './kv-view';

const prediction: FitPrediction = {
  kvCacheTokens: 185840,
  maxConcurrency: 45.37,
  maxModelLen: 4096,
  weightsGib: 1.11,
  availableKvGib: 19.85,
  gpuLabel: 'a 24 GiB GPU (reference)',
};
const logged = {
  kvCacheTokens: 65536,
  maxConcurrency: 16,
  availableKvGib: 7,
  weightsGib: 1.12,
  maxModelLen: 4096,
  suggestedMaxModelLen: null,
};
const none = {
  kvCacheTokens: null,
  maxConcurrency: null,
  availableKvGib: null,
  weightsGib: null,
  maxModelLen: null,
  suggestedMaxModelLen: null,
};

describe('kvRows', () => {
  it("puts vLLM's logged figures beside the prediction with the difference", () => {
    const rows = kvRows(prediction, logged);
    expect(rows.map((r) => [r.key, r.predicted, r.logged, r.delta])).toEqual([
      ['tokens', '185,840', '65,536', '-65%'],
      ['concurrency', '45.37×', '16.00×', '-65%'],
      ['kvGib', '19.85 GiB', '7.00 GiB', '-65%'],
      ['weightsGib', '1.11 GiB', '1.12 GiB', '+1%'],
      ['maxModelLen', '4,096', '4,096', null],
    ]);
  });

  it('shows dashes for what is not known yet', () => {
    const rows = kvRows(null, null);
    expect(rows.every((r) => r.predicted === '—' && r.logged === '—' && r.delta === null)).toBe(true);
    expect(kvRows(prediction, { ...logged, kvCacheTokens: 185840 })[0].delta).toBe('±0%');
  });
});

describe('hasKvFigures', () => {
  it('is true once there is an estimate or vLLM has logged its KV cache', () => {
    expect(hasKvFigures(null, null)).toBe(false);
    expect(hasKvFigures(null, none)).toBe(false);
    expect(hasKvFigures(null, { ...none, maxModelLen: 4096 })).toBe(false);
    expect(hasKvFigures(null, logged)).toBe(true);
    expect(hasKvFigures(prediction, null)).toBe(true);
  });
});
