// On-demand deployments: started when the gateway asks for one (a request arrived for it) and
// stopped again after `idleTtlS` seconds without requests. Idle time is read from the request log,
// which the gateway writes for every request a deployment serves.
import type { Clock } from '../clock';
import type { Store } from '../store';
import type { DeploymentService } from './service';

const CHECK_EVERY_MS = 5_000;

export class OnDemandKeeper {
  private readonly starting = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly service: Pick<DeploymentService, 'startDeployment' | 'stopDeployment'>,
    private readonly clock: Clock,
    private readonly log: (line: string) => void = () => {},
    checkEveryMs = CHECK_EVERY_MS,
  ) {
    this.timer = setInterval(() => void this.stopIdle(), checkEveryMs);
    this.timer.unref();
  }

  /** The gateway has a request for `name`: start it unless it is already on its way. */
  wake(name: string): void {
    const d = this.store.deployments.getByName(name);
    if (!d || d.state !== 'stopped' || this.starting.has(name) || !this.store.deployments.spec(name)?.onDemand) return;
    this.starting.add(name);
    this.log(`on demand: starting ${name} for a waiting request`);
    this.service.startDeployment(name)
      .catch((err) => this.log(`on demand: ${name} could not start: ${(err as Error).message}`))
      .finally(() => this.starting.delete(name));
  }

  /** Stops ready on-demand deployments that served nothing for their idle TTL. */
  async stopIdle(): Promise<string[]> {
    const stopped: string[] = [];
    for (const d of this.store.deployments.list()) {
      if (d.state !== 'ready') continue;
      const spec = this.store.deployments.spec(d.name);
      if (!spec?.onDemand) continue;
      const lastUsed = Math.max(this.store.requestLog.lastRequestAt(d.name) ?? 0, this.store.deployments.readySince(d.name) ?? 0);
      const idleMs = this.clock.now() - lastUsed;
      if (idleMs < spec.idleTtlS * 1000) continue;
      this.log(`on demand: ${d.name} idle for ${Math.round(idleMs / 1000)} s, stopping`);
      await this.service.stopDeployment(d.name).then(() => stopped.push(d.name), (err) => this.log(`on demand: stopping ${d.name} failed: ${(err as Error).message}`));
    }
    return stopped;
  }

  close(): void {
    clearInterval(this.timer);
  }
}
