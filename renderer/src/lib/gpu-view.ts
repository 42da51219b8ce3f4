// What a host can run, as the Deploy and Hosts pages say it: GPUs found, no NVIDIA runtime
// (GPU engines cannot start; CPU-only and simulated ones can), Docker unreachable, or not known
// yet. For the local engine `system.checkDocker` already knows about the runtime; for the others
// the GPU discovery (nvidia-smi in a container) is the test.
import type { DockerStatus, Gpu, GpuInventory, Host } from './types';

export type HostGpuState =
  | { kind: 'checking' }
  | { kind: 'unreachable'; problem: string }
  | { kind: 'no-runtime'; detail: string | null }
  | { kind: 'gpus'; gpus: Gpu[]; driverVersion: string | null; unifiedMemory: boolean };

export const NO_RUNTIME_MESSAGE =
  'No NVIDIA runtime on this host: GPU engines cannot start; CPU-only/simulated engines can.';

/** The engine `system.checkDocker` checks: the built-in local host, or one added with its endpoint. */
export const isLocalHost = (host: Pick<Host, 'id' | 'endpoint'>, docker: Pick<DockerStatus, 'endpoint'> | null) =>
  host.id === 'local' || (docker !== null && host.endpoint === docker.endpoint);

export function hostGpuState(
  host: Pick<Host, 'id' | 'endpoint'> | null,
  docker: DockerStatus | null,
  inventory: GpuInventory | null,
): HostGpuState {
  const local = host ? isLocalHost(host, docker) : true;
  if (local && docker) {
    if (!docker.reachable)
      return { kind: 'unreachable', problem: docker.problem ?? `Nothing answered at ${docker.endpoint}.` };
    // The inventory's own problem would be about running nvidia-smi, which is beside the point here.
    if (!docker.nvidiaRuntime) return { kind: 'no-runtime', detail: null };
  }
  if (!inventory) return { kind: 'checking' };
  if (!inventory.available || inventory.gpus.length === 0) return { kind: 'no-runtime', detail: inventory.problem };
  return {
    kind: 'gpus',
    gpus: inventory.gpus,
    driverVersion: inventory.driverVersion,
    unifiedMemory: inventory.unifiedMemory,
  };
}

/** Used / total as a share 0–1, or null when nvidia-smi did not say. */
export function memoryShare(gpu: Gpu): number | null {
  if (gpu.memoryTotalMib === null || gpu.memoryUsedMib === null || gpu.memoryTotalMib <= 0) return null;
  return Math.min(1, Math.max(0, gpu.memoryUsedMib / gpu.memoryTotalMib));
}

/** MiB as GiB with one decimal: 81559 → "79.6 GiB"; null → "—". */
export function formatMib(mib: number | null): string {
  return mib === null ? '—' : `${(mib / 1024).toFixed(1)} GiB`;
}

export function formatReading(value: number | null, unit: string, digits = 0): string {
  return value === null ? '—' : `${value.toFixed(digits)} ${unit}`;
}
