import { describe, expect, it } from 'vitest';
import type { FitEstimate } from '../../lib/types';
import { fitBar, formatGib, verdictLabel, verdictTone } from './fit-view';

const estimate = (b: Partial<FitEstimate['breakdown']>, verdict: FitEstimate['verdict'] = 'fits'): FitEstimate => ({
  weightsGib: b.weightsGib ?? 0,
  kvBytesPerToken: 1,
  kvCacheTokens: 1,
  maxConcurrency: 1,
  fits: verdict !== 'does-not-fit',
  suggestedMaxModelLen: null,
  verdict,
  verdictText: '',
  maxModelLen: 1,
  notes: [],
  breakdown: {
    totalGib: 24,
    requestedGib: 21.6,
    weightsGib: 1.11,
    activationGib: 0.29,
    nonTorchGib: 0.35,
    cudaGraphGib: 0.5,
    cudaGraphSubtracted: false,
    availableKvGib: 19.85,
    numGpuBlocks: 1,
    blockSize: 16,
    tensorParallel: 1,
    pipelineParallel: 1,
    kvHeadsPerGpu: 8,
    maxNumBatchedTokens: 2048,
    maxNumSeqs: 256,
    kvCacheGroups: 1,
    weightsEstimated: true,
    ...b,
  },
});

describe('fitBar', () => {
  it('splits one GPU into weights, overhead, KV cache and free, summing to the GPU', () => {
    const bar = fitBar(estimate({}));
    expect(bar.segments.map((s) => s.key)).toEqual(['weights', 'overhead', 'kv', 'free']);
    expect(bar.segments[1].gib).toBeCloseTo(1.14);
    expect(bar.segments[3].gib).toBeCloseTo(24 - 1.11 - 1.14 - 19.85);
    expect(bar.segments.reduce((n, s) => n + s.share, 0)).toBeCloseTo(1);
    expect(bar.budgetMark).toBeCloseTo(0.9);
    expect(bar.gpuMark).toBe(1);
    expect(bar.overflowGib).toBe(0);
  });

  it('scales to what is needed when the weights overflow the GPU, and shows no negative KV cache', () => {
    const bar = fitBar(estimate({ weightsGib: 61.02, availableKvGib: -40.1 }, 'does-not-fit'));
    const kv = bar.segments.find((s) => s.key === 'kv')!;
    expect(kv.gib).toBe(0);
    expect(bar.segments.find((s) => s.key === 'free')!.gib).toBe(0);
    expect(bar.gpuMark).toBeCloseTo(24 / (61.02 + 1.14));
    expect(bar.overflowGib).toBeCloseTo(61.02 + 1.14 - 24);
    expect(bar.segments.reduce((n, s) => n + s.share, 0)).toBeCloseTo(1);
  });
});

describe('verdicts and sizes', () => {
  it('reads each verdict with a tone', () => {
    expect([verdictTone('fits'), verdictTone('fits-with-smaller-context'), verdictTone('does-not-fit')]).toEqual([
      'ok',
      'warn',
      'danger',
    ]);
    expect(verdictLabel('fits-with-smaller-context')).toBe('Fits with a smaller context');
    expect(formatGib(1.114)).toBe('1.11 GiB');
    expect(formatGib(61.02)).toBe('61.0 GiB');
  });
});
