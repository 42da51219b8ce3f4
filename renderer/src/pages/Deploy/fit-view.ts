// The fit meter's bar: one GPU's memory split into weights, vLLM's overhead (activations,
// non-torch memory, CUDA graphs), the KV cache and what is left free, as shares of the bar.
// When the weights alone overflow the GPU the bar is scaled to what is needed and marks the GPU's end.
import type { FitEstimate } from '../../lib/types';
import type { Tone } from '../../lib/status';

export interface FitSegment {
  key: 'weights' | 'overhead' | 'kv' | 'free';
  label: string;
  gib: number;
  /** Share of the bar, 0–1. */
  share: number;
}

export interface FitBar {
  segments: FitSegment[];
  /** Where --gpu-memory-utilization × total falls on the bar, 0–1. */
  budgetMark: number;
  /** Where the GPU's memory ends on the bar (1 unless the model overflows it). */
  gpuMark: number;
  overflowGib: number;
}

const clamp0 = (n: number) => Math.max(n, 0);

export function fitBar(e: FitEstimate): FitBar {
  const b = e.breakdown;
  const overhead = b.activationGib + b.nonTorchGib + b.cudaGraphGib;
  const kv = clamp0(b.availableKvGib);
  const used = b.weightsGib + overhead + kv;
  const free = clamp0(b.totalGib - used);
  const scale = Math.max(b.totalGib, used) || 1;
  const parts: [FitSegment['key'], string, number][] = [
    ['weights', 'Weights', b.weightsGib],
    ['overhead', 'Activations & buffers', overhead],
    ['kv', 'KV cache', kv],
    ['free', 'Left free', free],
  ];
  return {
    segments: parts.map(([key, label, gib]) => ({ key, label, gib, share: gib / scale })),
    budgetMark: Math.min(1, b.requestedGib / scale),
    gpuMark: Math.min(1, b.totalGib / scale),
    overflowGib: clamp0(used - b.totalGib),
  };
}

export function verdictTone(verdict: FitEstimate['verdict']): Tone {
  return verdict === 'fits' ? 'ok' : verdict === 'fits-with-smaller-context' ? 'warn' : 'danger';
}

export function verdictLabel(verdict: FitEstimate['verdict']): string {
  return verdict === 'fits'
    ? 'Fits'
    : verdict === 'fits-with-smaller-context'
      ? 'Fits with a smaller context'
      : 'Does not fit';
}

/** GiB with two decimals below 10, one above: 1.11 GiB, 61.0 GiB. */
export function formatGib(gib: number): string {
  return `${gib < 10 ? gib.toFixed(2) : gib.toFixed(1)} GiB`;
}
