// GPU discovery on a Docker host: run `nvidia-smi` in a short-lived container with a GPU device
// request (the NVIDIA container toolkit injects the binary and driver libraries with the
// `utility` capability). A host without the toolkit answers plainly that it has none.
import type Docker from 'dockerode';
import type { GpuInventory } from '../../../shared/deployment-schemas';
import { explainDockerFailure } from './docker-errors';
import { NVIDIA_SMI_ARGS, parseNvidiaSmi } from './nvidia-smi';
import { demuxLogs } from './log-stream';

export interface DiscoverGpusOptions {
  hostId: string;
  /** Any image on the host will do (the toolkit brings nvidia-smi); the vLLM image is usually there. */
  image: string;
  now?: () => Date;
  timeoutMs?: number;
}

export async function discoverGpus(docker: Docker, options: DiscoverGpusOptions): Promise<GpuInventory> {
  const at = (options.now?.() ?? new Date()).toISOString();
  const none = (problem: string): GpuInventory => ({
    hostId: options.hostId,
    available: false,
    driverVersion: null,
    gpus: [],
    problem,
    unifiedMemory: false,
    at,
  });
  let container: Docker.Container | null = null;
  try {
    container = await docker.createContainer({
      Image: options.image,
      Entrypoint: ['nvidia-smi'],
      Cmd: NVIDIA_SMI_ARGS,
      Env: ['NVIDIA_DRIVER_CAPABILITIES=utility'],
      Labels: { 'switchyard.managed': 'true', 'switchyard.role': 'gpu-probe' },
      HostConfig: {
        DeviceRequests: [
          {
            Driver: '',
            Count: -1,
            DeviceIDs: null as unknown as string[],
            Capabilities: [['gpu', 'utility']],
            Options: {},
          },
        ],
      },
    });
    await container.start();
    const waited = await Promise.race([
      container.wait() as Promise<{ StatusCode: number }>,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('nvidia-smi did not finish')), options.timeoutMs ?? 30_000).unref(),
      ),
    ]);
    const raw = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    const output = demuxLogs(raw)
      .map((l) => l.text)
      .join('\n');
    const parsed = parseNvidiaSmi(output);
    if (waited.StatusCode !== 0 || parsed.gpus.length === 0) {
      const said = output.trim().split('\n')[0] || `exit code ${waited.StatusCode}`;
      return none(`nvidia-smi ran but found no GPU: ${said}`);
    }
    return {
      hostId: options.hostId,
      available: true,
      driverVersion: parsed.driverVersion,
      gpus: parsed.gpus,
      problem: null,
      unifiedMemory: parsed.unifiedMemory,
      at,
    };
  } catch (err) {
    const failure = explainDockerFailure(err, { image: options.image });
    if (failure.kind === 'image-missing')
      return none(
        `No image to run nvidia-smi in: ${options.image} is not on this host. Pull it first (docker pull ${options.image}).`,
      );
    return none(failure.message);
  } finally {
    if (container) await container.remove({ force: true }).catch(() => undefined);
  }
}
