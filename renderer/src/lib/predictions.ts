// The fit estimate shown on the Deploy page when a deployment was made, kept in this window's
// localStorage by deployment id so the Deployments page can put vLLM's logged figures beside it.
// (The core keeps no prediction; a deployment made elsewhere simply has none here.)
import type { FitEstimate } from './types';

export interface FitPrediction {
  kvCacheTokens: number;
  maxConcurrency: number;
  maxModelLen: number;
  weightsGib: number;
  availableKvGib: number;
  /** The GPU the estimate was for, e.g. "NVIDIA H100 80GB HBM3" or "24 GiB (reference)". */
  gpuLabel: string;
}

const KEY = 'switchyard.fitPredictions';

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled by the browser
  }
}

export function predictionOf(estimate: FitEstimate, gpuLabel: string): FitPrediction {
  return {
    kvCacheTokens: estimate.kvCacheTokens,
    maxConcurrency: estimate.maxConcurrency,
    maxModelLen: estimate.maxModelLen,
    weightsGib: estimate.weightsGib,
    availableKvGib: estimate.breakdown.availableKvGib,
    gpuLabel,
  };
}

export function readPredictions(store: StorageLike | null = storage()): Record<string, FitPrediction> {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, FitPrediction>) : {};
  } catch {
    return {};
  }
}

export function rememberPrediction(id: string, prediction: FitPrediction, store: StorageLike | null = storage()): void {
  store?.setItem(KEY, JSON.stringify({ ...readPredictions(store), [id]: prediction }));
}

export function forgetPrediction(id: string, store: StorageLike | null = storage()): void {
  const { [id]: _gone, ...rest } = readPredictions(store);
  store?.setItem(KEY, JSON.stringify(rest));
}
