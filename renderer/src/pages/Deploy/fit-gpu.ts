// Which GPU the fit estimate is for: the host's chosen GPUs when nvidia-smi found some (the
// smallest one decides, as vLLM's memory check is per GPU), else a reference size the person
// picks, so the meter still says what a GPU box would need.
import type { GpuInventory } from '../../lib/types';

/** Which GPUs of the host a deployment gets (the Deploy form's GPU field). */
export type GpuMode = 'all' | 'none' | 'indices';

/** The form's GPU choice: all of the host's GPUs, none, or the listed indices. */
export interface GpuChoice {
  gpuMode: GpuMode;
  gpuIndices: number[];
}

export interface FitGpu {
  memGib: number;
  /** Free memory now on the tightest chosen GPU, when nvidia-smi reported it. */
  freeGib: number | null;
  name: string | null;
  count: number;
  /** True when no GPU of the host is used: the estimate is for a reference GPU. */
  reference: boolean;
  /** e.g. "2 × NVIDIA L4 (22.5 GiB)" or "a 24 GiB GPU (reference)". */
  label: string;
}

export const REFERENCE_GPUS: { gib: number; label: string }[] = [
  { gib: 16, label: '16 GiB (RTX 4080, T4)' },
  { gib: 24, label: '24 GiB (RTX 4090, L4, A10)' },
  { gib: 32, label: '32 GiB (RTX 5090)' },
  { gib: 48, label: '48 GiB (L40S, A6000)' },
  { gib: 80, label: '80 GiB (A100, H100)' },
  { gib: 141, label: '141 GiB (H200)' },
];
export const DEFAULT_REFERENCE_GIB = 24;

const round1 = (n: number) => Math.round(n * 10) / 10;

export function fitGpuOf(inventory: GpuInventory | null, form: GpuChoice, referenceGib: number): FitGpu {
  const usable = inventory?.available ? inventory.gpus.filter((g) => g.memoryTotalMib !== null) : [];
  const chosen =
    form.gpuMode === 'all'
      ? usable
      : form.gpuMode === 'indices'
        ? usable.filter((g) => form.gpuIndices.includes(g.index))
        : [];
  if (chosen.length === 0) {
    return {
      memGib: referenceGib,
      freeGib: null,
      name: null,
      count: 1,
      reference: true,
      label: `a ${referenceGib} GiB GPU (reference)`,
    };
  }
  const tightest = chosen.reduce((a, b) => (b.memoryTotalMib! < a.memoryTotalMib! ? b : a));
  const frees = chosen.map((g) => (g.memoryUsedMib === null ? null : g.memoryTotalMib! - g.memoryUsedMib));
  const freeGib = frees.every((f) => f !== null) ? round1(Math.min(...(frees as number[])) / 1024) : null;
  const memGib = round1(tightest.memoryTotalMib! / 1024);
  return {
    memGib,
    freeGib,
    name: tightest.name,
    count: chosen.length,
    reference: false,
    label: `${chosen.length} × ${tightest.name} (${memGib} GiB)`,
  };
}
