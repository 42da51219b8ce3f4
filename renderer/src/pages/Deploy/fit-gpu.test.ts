import { describe, expect, it } from 'vitest';
import type { Gpu, GpuInventory } from '../../lib/types';
import { fitGpuOf } from './fit-gpu';

const gpu = (index: number, totalMib: number | null, usedMib: number | null, name = 'NVIDIA L4'): Gpu => ({
  index,
  uuid: `GPU-${index}`,
  name,
  memoryTotalMib: totalMib,
  memoryUsedMib: usedMib,
  utilizationPct: 0,
  temperatureC: 40,
  powerDrawW: 20,
});
const inventory = (gpus: Gpu[], available = true): GpuInventory => ({
  hostId: 'local',
  available,
  driverVersion: '550',
  gpus,
  problem: null,
  unifiedMemory: false,
  at: '',
});

describe('fitGpuOf', () => {
  const inv = inventory([gpu(0, 24576, 1024), gpu(1, 81920, 40960, 'NVIDIA H100'), gpu(2, 24576, 20480)]);

  it('uses the tightest chosen GPU: the smallest memory and the least free', () => {
    expect(fitGpuOf(inv, { gpuMode: 'all', gpuIndices: [] }, 24)).toEqual({
      memGib: 24,
      freeGib: 4,
      name: 'NVIDIA L4',
      count: 3,
      reference: false,
      label: '3 × NVIDIA L4 (24 GiB)',
    });
    expect(fitGpuOf(inv, { gpuMode: 'indices', gpuIndices: [1] }, 24)).toMatchObject({
      memGib: 80,
      freeGib: 40,
      count: 1,
      name: 'NVIDIA H100',
    });
  });

  it('falls back to the reference GPU with none chosen, no runtime, or no memory figure', () => {
    const ref = { memGib: 48, freeGib: null, name: null, count: 1, reference: true, label: 'a 48 GiB GPU (reference)' };
    expect(fitGpuOf(inv, { gpuMode: 'none', gpuIndices: [] }, 48)).toEqual(ref);
    expect(fitGpuOf(inventory([gpu(0, 24576, 0)], false), { gpuMode: 'all', gpuIndices: [] }, 48)).toEqual(ref);
    expect(fitGpuOf(inventory([gpu(0, null, null, 'NVIDIA GB10')]), { gpuMode: 'all', gpuIndices: [] }, 48)).toEqual(
      ref,
    );
    expect(fitGpuOf(null, { gpuMode: 'all', gpuIndices: [] }, 48)).toEqual(ref);
  });

  it('leaves free memory unknown when nvidia-smi did not report usage', () => {
    expect(fitGpuOf(inventory([gpu(0, 24576, null)]), { gpuMode: 'all', gpuIndices: [] }, 24).freeGib).toBeNull();
  });
});
