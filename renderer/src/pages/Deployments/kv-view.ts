// vLLM's own figures, once its log has them, beside the fit estimate made on the Deploy page:
// KV-cache tokens, maximum concurrency, KV memory, weights and context length.
import type { FitPrediction } from '../../lib/predictions';
import { formatCount } from '../../lib/format';
import type { DeploymentProgress } from '../../lib/types';

export interface KvRow {
  key: 'tokens' | 'concurrency' | 'kvGib' | 'weightsGib' | 'maxModelLen';
  label: string;
  predicted: string;
  logged: string;
  /** Logged vs predicted, e.g. "+4%", when both are known. */
  delta: string | null;
}

type Logged = DeploymentProgress['logged'];

function delta(predicted: number | undefined, logged: number | null): string | null {
  if (predicted === undefined || logged === null || predicted === 0) return null;
  const pct = Math.round(((logged - predicted) / predicted) * 100);
  return pct === 0 ? '±0%' : `${pct > 0 ? '+' : ''}${pct}%`;
}

const dash = '—';

export function kvRows(prediction: FitPrediction | null, logged: Logged | null): KvRow[] {
  const p = prediction ?? undefined;
  const l: Logged = logged ?? {
    kvCacheTokens: null,
    maxConcurrency: null,
    availableKvGib: null,
    weightsGib: null,
    maxModelLen: null,
    suggestedMaxModelLen: null,
  };
  const gib = (n: number | null | undefined) => (n === null || n === undefined ? dash : `${n.toFixed(2)} GiB`);
  const count = (n: number | null | undefined) => (n === null || n === undefined ? dash : formatCount(n));
  const times = (n: number | null | undefined) => (n === null || n === undefined ? dash : `${n.toFixed(2)}×`);
  return [
    {
      key: 'tokens',
      label: 'KV cache size',
      predicted: count(p?.kvCacheTokens),
      logged: count(l.kvCacheTokens),
      delta: delta(p?.kvCacheTokens, l.kvCacheTokens),
    },
    {
      key: 'concurrency',
      label: 'Max concurrency',
      predicted: times(p?.maxConcurrency),
      logged: times(l.maxConcurrency),
      delta: delta(p?.maxConcurrency, l.maxConcurrency),
    },
    {
      key: 'kvGib',
      label: 'KV cache memory',
      predicted: gib(p?.availableKvGib),
      logged: gib(l.availableKvGib),
      delta: delta(p?.availableKvGib, l.availableKvGib),
    },
    {
      key: 'weightsGib',
      label: 'Weights per GPU',
      predicted: gib(p?.weightsGib),
      logged: gib(l.weightsGib),
      delta: delta(p?.weightsGib, l.weightsGib),
    },
    {
      key: 'maxModelLen',
      label: 'Max model len',
      predicted: count(p?.maxModelLen),
      logged: count(l.maxModelLen),
      delta: null,
    },
  ];
}

/** Worth a table once vLLM has logged something or there is an estimate to compare with. */
export function hasKvFigures(prediction: FitPrediction | null, logged: Logged | null): boolean {
  return prediction !== null || (logged !== null && (logged.kvCacheTokens !== null || logged.maxConcurrency !== null));
}
