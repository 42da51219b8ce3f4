import { describe, expect, it } from 'vitest';
import { formatMib, formatReading, hostGpuState, isLocalHost, memoryShare } from './gpu-view';
import type { DockerStatus, Gpu, GpuInventory } from './types';

const docker = (over: Partial<DockerStatus> = {}): DockerStatus => ({
  reachable: true,
  endpoint: 'unix:///var/run/docker.sock',
  version: '27',
  apiVersion: '1.47',
  problem: null,
  nvidiaRuntime: true,
  ...over,
});
const gpu: Gpu = {
  index: 0,
  uuid: 'GPU-1',
  name: 'NVIDIA L4',
  memoryTotalMib: 23034,
  memoryUsedMib: 11517,
  utilizationPct: 40,
  temperatureC: 55,
  powerDrawW: 30.5,
};
const inventory = (over: Partial<GpuInventory> = {}): GpuInventory => ({
  hostId: 'local',
  available: true,
  driverVersion: '550.54',
  gpus: [gpu],
  problem: null,
  unifiedMemory: false,
  at: '',
  ...over,
});
const local = { id: 'local', endpoint: 'unix:///var/run/docker.sock' };
const remote = { id: 'r1', endpoint: 'ssh://me@gpu-box' };

describe('hostGpuState', () => {
  it('lists the GPUs nvidia-smi found', () => {
    expect(hostGpuState(local, docker(), inventory())).toEqual({
      kind: 'gpus',
      gpus: [gpu],
      driverVersion: '550.54',
      unifiedMemory: false,
    });
  });

  it('says plainly when the local engine has no NVIDIA runtime, whatever the GPU probe said', () => {
    expect(
      hostGpuState(
        local,
        docker({ nvidiaRuntime: false }),
        inventory({ available: false, problem: 'No image to run nvidia-smi in' }),
      ),
    ).toEqual({ kind: 'no-runtime', detail: null });
    expect(hostGpuState(local, docker({ reachable: false, problem: 'refused' }), null)).toEqual({
      kind: 'unreachable',
      problem: 'refused',
    });
  });

  it('judges a remote host by its GPU discovery alone', () => {
    expect(hostGpuState(remote, docker({ nvidiaRuntime: false }), inventory({ hostId: 'r1' })).kind).toBe('gpus');
    expect(
      hostGpuState(
        remote,
        docker(),
        inventory({ available: false, gpus: [], problem: 'could not select device driver' }),
      ),
    ).toEqual({ kind: 'no-runtime', detail: 'could not select device driver' });
    expect(hostGpuState(remote, docker(), null)).toEqual({ kind: 'checking' });
  });

  it('treats a host added with the local endpoint as local', () => {
    expect(isLocalHost({ id: 'x', endpoint: 'unix:///var/run/docker.sock' }, docker())).toBe(true);
    expect(isLocalHost(remote, docker())).toBe(false);
    expect(isLocalHost(local, null)).toBe(true);
  });
});

describe('readings', () => {
  it('formats what nvidia-smi reported and dashes what it did not', () => {
    expect(memoryShare(gpu)).toBeCloseTo(0.5);
    expect(memoryShare({ ...gpu, memoryUsedMib: null })).toBeNull();
    expect(formatMib(23034)).toBe('22.5 GiB');
    expect(formatMib(null)).toBe('—');
    expect(formatReading(30.5, 'W')).toBe('31 W');
    expect(formatReading(null, '°C')).toBe('—');
  });
});
