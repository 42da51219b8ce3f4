// On-demand deployments: started when the gateway asks for one (a request arrived for it) and
// stopped again after `idleTtlS` seconds without requests. Idle time is read from the request log,
// which the gateway writes for every request a deployment serves. A host's VRAM budget decides
// what may run together: to make room, the least recently used on-demand deployment is stopped.
// An engine started with vLLM's sleep mode (--enable-sleep-mode, VLLM_SERVER_DEV_MODE=1) is put to
// sleep instead of stopped (weights offloaded, seconds to wake rather than minutes to start).
import type { DeploymentSpec } from '../../../shared/deployment-schemas';
import type { Deployment } from '../../../shared/schemas';
import type { Clock } from '../clock';
import type { ChangeNotice } from '../changes';
import { hostAddress } from '../gateway/routing/table';
import type { Store } from '../store';
import type { DeploymentService } from './service';

/** vLLM's sleep routes (dev mode): POST /sleep?level=1 and POST /wake_up on the engine's own port. */
export interface EngineSleep {
  sleep(engineUrl: string): Promise<void>;
  wake(engineUrl: string): Promise<void>;
  /** GET /is_sleeping: whether the engine holds its weights offloaded right now. */
  isSleeping(engineUrl: string): Promise<boolean>;
}

const post = async (url: string) => {
  const res = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
};
export const httpEngineSleep: EngineSleep = {
  sleep: (url) => post(`${url}/sleep?level=1`),
  wake: (url) => post(`${url}/wake_up`),
  isSleeping: async (url) => {
    const res = await fetch(`${url}/is_sleeping`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`${url}/is_sleeping answered ${res.status}`);
    return ((await res.json()) as { is_sleeping?: unknown }).is_sleeping === true;
  },
};

export const usesSleepMode = (spec: DeploymentSpec) =>
  spec.engineArgs.includes('--enable-sleep-mode') && spec.env.VLLM_SERVER_DEV_MODE === '1';

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
    private readonly changes?: ChangeNotice,
    private readonly engine: EngineSleep = httpEngineSleep,
  ) {
    this.timer = setInterval(() => void this.stopIdle(), checkEveryMs);
    this.timer.unref();
  }

  /** The gateway has a request for `name`: start it (making room first) unless it is already on its way. */
  wake(name: string): Promise<void> {
    const d = this.store.deployments.getByName(name);
    if (!d || this.starting.has(name) || !this.store.deployments.spec(name)?.onDemand) return Promise.resolve();
    if (d.state === 'asleep') {
      this.starting.add(name);
      this.log(`on demand: waking ${name} for a waiting request`);
      return this.engine
        .wake(this.engineUrl(d))
        .then(() => this.setPhase(name, 'ready'))
        .catch((err) => this.log(`on demand: ${name} could not wake: ${(err as Error).message}`))
        .finally(() => this.starting.delete(name));
    }
    if (d.state !== 'stopped') return Promise.resolve();
    this.starting.add(name);
    return this.makeRoom(name)
      .then((room) => {
        if (!room) return;
        this.log(`on demand: starting ${name} for a waiting request`);
        return this.service.startDeployment(name).then(() => undefined);
      })
      .catch((err) => this.log(`on demand: ${name} could not start: ${(err as Error).message}`))
      .finally(() => this.starting.delete(name));
  }

  /** Frees VRAM on the host for `name` by stopping least recently used on-demand deployments; false if it cannot fit. */
  private async makeRoom(name: string): Promise<boolean> {
    const d = this.store.deployments.getByName(name)!;
    const budget = this.store.hosts.get(d.hostId)?.vramBudgetGib ?? null;
    const need = this.store.deployments.spec(name)?.vramGib ?? 0;
    if (budget == null || need === 0) return true;
    const holding = this.store.deployments
      .list()
      .filter((o) => o.hostId === d.hostId && o.name !== name && o.state !== 'stopped' && o.state !== 'failed')
      .map((o) => ({
        name: o.name,
        state: o.state,
        spec: this.store.deployments.spec(o.name),
        lastUsed: this.lastUsed(o.name),
      }));
    let used = holding.reduce((sum, o) => sum + (o.spec?.vramGib ?? 0), 0);
    const evictable = holding
      .filter((o) => o.spec?.onDemand && o.state === 'ready' && (o.spec.vramGib ?? 0) > 0)
      .sort((a, b) => a.lastUsed - b.lastUsed);
    while (used + need > budget && evictable.length > 0) {
      const victim = evictable.shift()!;
      this.log(
        `on demand: stopping ${victim.name} (least recently used) to free ${victim.spec!.vramGib} GiB for ${name}`,
      );
      await this.service.stopDeployment(victim.name);
      used -= victim.spec!.vramGib!;
    }
    if (used + need > budget) {
      this.log(
        `on demand: ${name} needs ${need} GiB but only ${Math.max(0, budget - used)} GiB of the host's ${budget} GiB budget can be freed; not started`,
      );
      return false;
    }
    return true;
  }

  private engineUrl(d: Deployment): string {
    const host = this.store.hosts.get(d.hostId);
    return `http://${host ? hostAddress(host.endpoint) : '127.0.0.1'}:${d.port}`;
  }

  /** Records asleep/ready as the deployment's phase and tells everyone (the gateway reloads its table). */
  private setPhase(name: string, phase: 'asleep' | 'ready'): void {
    const progress = this.store.deployments.progress(name);
    if (progress)
      this.store.deployments.setProgress(
        { ...progress, phase, at: new Date(this.clock.now()).toISOString() },
        this.clock.now(),
      );
    else this.store.db.prepare(`UPDATE deployments SET state = ? WHERE name = ?`).run(phase, name);
    this.changes?.publish({ kind: 'deployments' });
  }

  private lastUsed(name: string): number {
    return Math.max(this.store.requestLog.lastRequestAt(name) ?? 0, this.store.deployments.readySince(name) ?? 0);
  }

  /**
   * After a restart Docker only says an engine's container runs: one put to sleep before is then
   * recorded as ready. Asks each sleep-mode engine and records the ones asleep, so the next request
   * wakes them instead of failing over. Returns the names found asleep.
   */
  async adoptSleepState(): Promise<string[]> {
    const asleep: string[] = [];
    for (const d of this.store.deployments.list()) {
      const spec = this.store.deployments.spec(d.name);
      if (d.state !== 'ready' || !spec?.onDemand || !usesSleepMode(spec)) continue;
      const sleeping = await this.engine.isSleeping(this.engineUrl(d)).catch((err) => {
        this.log(`on demand: could not ask ${d.name} whether it sleeps: ${(err as Error).message}`);
        return false;
      });
      if (!sleeping) continue;
      this.setPhase(d.name, 'asleep');
      asleep.push(d.name);
    }
    return asleep;
  }

  /** Stops ready on-demand deployments that served nothing for their idle TTL. */
  async stopIdle(): Promise<string[]> {
    const stopped: string[] = [];
    for (const d of this.store.deployments.list()) {
      if (d.state !== 'ready') continue;
      const spec = this.store.deployments.spec(d.name);
      if (!spec?.onDemand) continue;
      const idleMs = this.clock.now() - this.lastUsed(d.name);
      if (idleMs < spec.idleTtlS * 1000) continue;
      if (usesSleepMode(spec)) {
        this.log(`on demand: ${d.name} idle for ${Math.round(idleMs / 1000)} s, putting it to sleep`);
        await this.engine.sleep(this.engineUrl(d)).then(
          () => {
            this.setPhase(d.name, 'asleep');
            stopped.push(d.name);
          },
          (err) => this.log(`on demand: sleeping ${d.name} failed: ${(err as Error).message}`),
        );
        continue;
      }
      this.log(`on demand: ${d.name} idle for ${Math.round(idleMs / 1000)} s, stopping`);
      await this.service.stopDeployment(d.name).then(
        () => stopped.push(d.name),
        (err) => this.log(`on demand: stopping ${d.name} failed: ${(err as Error).message}`),
      );
    }
    return stopped;
  }

  close(): void {
    clearInterval(this.timer);
  }
}
