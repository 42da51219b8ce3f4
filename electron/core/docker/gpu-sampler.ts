// GpuSampler: while at least one deployment on a host is ready, runs that host's GPU discovery
// (DeploymentService.gpus, nvidia-smi in a short-lived container) every few seconds and stores one
// sample per GPU. A host without the NVIDIA runtime is skipped quietly: said once in the log, and
// asked again only after a long pause, so a CPU-only or simulator host does not run a probe
// container every few seconds.
import type { GpuInventory } from '../../../shared/deployment-schemas';
import type { Clock } from '../clock';
import type { Store } from '../store';
import type { GpuSample } from '../store/gpu-samples';

/** One host's GPU discovery; in the core, `(hostId) => deployments.gpus(hostId, true)`. */
export type GpuDiscovery = (hostId: string) => Promise<GpuInventory>;

export interface GpuSamplerOptions {
  /** Between sampling passes, ms. */
  everyMs?: number;
  /** How long a host that reported no usable GPU is left alone before it is asked again, ms. */
  unavailableRetryMs?: number;
  log?: (line: string) => void;
}

const EVERY_MS = 15_000;
const UNAVAILABLE_RETRY_MS = 10 * 60_000;

/** An inventory's GPUs as samples taken at `at` (epoch ms). */
export function samplesOf(inventory: GpuInventory, at: number): GpuSample[] {
  return inventory.gpus.map((g) => ({
    at,
    hostId: inventory.hostId,
    gpuIndex: g.index,
    uuid: g.uuid,
    utilizationPct: g.utilizationPct,
    memoryUsedMib: g.memoryUsedMib,
    memoryTotalMib: g.memoryTotalMib,
    powerW: g.powerDrawW,
    temperatureC: g.temperatureC,
  }));
}

export class GpuSampler {
  private readonly timer: NodeJS.Timeout;
  private readonly everyMs: number;
  private readonly unavailableRetryMs: number;
  private readonly log: (line: string) => void;
  /** Hosts with a discovery under way: a slow probe never overlaps the next. */
  private readonly inFlight = new Set<string>();
  /** Hosts that reported no usable GPU: when to ask again, and what was last logged. */
  private readonly skipped = new Map<string, { until: number; problem: string }>();

  constructor(
    private readonly store: Store,
    private readonly discover: GpuDiscovery,
    private readonly clock: Clock,
    options: GpuSamplerOptions = {},
  ) {
    this.everyMs = options.everyMs ?? EVERY_MS;
    this.unavailableRetryMs = options.unavailableRetryMs ?? UNAVAILABLE_RETRY_MS;
    this.log = options.log ?? (() => {});
    this.timer = setInterval(() => void this.sampleOnce(), this.everyMs);
    this.timer.unref();
  }

  /** Samples every host with a ready deployment once; resolves to the number of samples stored. */
  async sampleOnce(): Promise<number> {
    const hosts = new Set(
      this.store.deployments
        .list()
        .filter((d) => d.state === 'ready')
        .map((d) => d.hostId),
    );
    const counts = await Promise.all([...hosts].map((hostId) => this.sampleHost(hostId)));
    return counts.reduce((a, b) => a + b, 0);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async sampleHost(hostId: string): Promise<number> {
    const skip = this.skipped.get(hostId);
    if (this.inFlight.has(hostId) || (skip && this.clock.now() < skip.until)) return 0;
    this.inFlight.add(hostId);
    try {
      let inventory: GpuInventory;
      try {
        inventory = await this.discover(hostId);
      } catch (err) {
        this.unavailable(hostId, (err as Error).message);
        return 0;
      }
      if (!inventory.available || inventory.gpus.length === 0) {
        this.unavailable(hostId, inventory.problem ?? 'no GPU found');
        return 0;
      }
      if (skip) this.log(`gpu sampling: host ${hostId} reports GPUs again; sampling resumed`);
      this.skipped.delete(hostId);
      // The host may have been removed while nvidia-smi ran: its samples would have no host row.
      if (!this.store.hosts.get(hostId)) return 0;
      const samples = samplesOf(inventory, this.clock.now());
      this.store.gpuSamples.insertMany(samples);
      return samples.length;
    } finally {
      this.inFlight.delete(hostId);
    }
  }

  private unavailable(hostId: string, problem: string): void {
    const before = this.skipped.get(hostId);
    if (before?.problem !== problem) this.log(`gpu sampling: host ${hostId} skipped: ${problem}`);
    this.skipped.set(hostId, { until: this.clock.now() + this.unavailableRetryMs, problem });
  }
}
