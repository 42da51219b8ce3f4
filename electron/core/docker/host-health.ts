// The health of each remote engine, asked every few seconds with Docker's /_ping (bounded by a
// timeout and aborted after it). A host that stops answering is reported unreachable with the
// reason, and its deployments are marked `unreachable` so the gateway routes around them; when it
// answers again it is reconciled (containers linked, starts watched until ready, nothing created).
import type { Host } from '../../../shared/schemas';
import type { HostHealth } from '../store/hosts';
import { type DeploymentRuntime, isLocalHost } from './deployment-runtime';
import { explainDockerError } from './engine-probe';
import { progressOf } from './lifecycle';
import { emptyReport, reconcileHost } from './reconcile';

export interface HostHealthOptions {
  /** Between the end of one round of pings and the next (ms). */
  intervalMs?: number;
  /** A ping not answered within this is a host that is down (ms). */
  timeoutMs?: number;
  /** The first ping of a host, which may open its connection (an ssh handshake took 5 s here). */
  firstTimeoutMs?: number;
}

export const HOST_HEALTH_DEFAULTS = { intervalMs: 2_000, timeoutMs: 3_000, firstTimeoutMs: 15_000 };

/** Deployment states that say nothing runs there, so there is nothing to mark when the host goes. */
const AT_REST = new Set(['stopped', 'failed', 'unreachable']);

export class HostHealthMonitor {
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private round: Promise<void> | null = null;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly firstTimeoutMs: number;

  constructor(
    private readonly rt: DeploymentRuntime,
    options: HostHealthOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? HOST_HEALTH_DEFAULTS.intervalMs;
    this.timeoutMs = options.timeoutMs ?? HOST_HEALTH_DEFAULTS.timeoutMs;
    this.firstTimeoutMs = options.firstTimeoutMs ?? HOST_HEALTH_DEFAULTS.firstTimeoutMs;
  }

  start(): this {
    this.schedule(0);
    return this;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** The last probe of a host (also listed with the host); undefined for the local engine or before its first. */
  of(hostId: string): HostHealth | undefined {
    return this.rt.store.hosts.health(hostId);
  }

  /** One round now (tests; the timer runs them otherwise). */
  checkNow(): Promise<void> {
    this.round ??= this.checkAll().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      void this.checkNow().finally(() => this.schedule(this.intervalMs));
    }, ms);
    this.timer.unref();
  }

  private async checkAll(): Promise<void> {
    const remote = this.rt.store.hosts.list().filter((h) => !isLocalHost(h));
    await Promise.all(remote.map((h) => this.check(h).catch((err) => this.rt.log(`[hosts] ${h.name}: ${err}`))));
  }

  private async check(host: Host): Promise<void> {
    const before = this.rt.store.hosts.health(host.id);
    const problem = await this.ping(host, before ? this.timeoutMs : this.firstTimeoutMs);
    if (this.closed) return;
    const now = new Date(this.rt.now()).toISOString();
    const reachable = problem === null;
    const changed = !before || before.reachable !== reachable;
    this.rt.store.hosts.setHealth(host.id, { reachable, problem, since: changed ? now : before.since, checkedAt: now });
    if (!reachable && (changed || before?.problem !== problem)) this.markUnreachable(host, problem);
    else if (reachable && before && !before.reachable) await this.reconcile(host);
  }

  /** null when the engine answered, else why not (in words a person can act on). */
  private async ping(host: Host, timeoutMs: number): Promise<string | null> {
    const docker = this.rt.docker(host);
    // dockerode passes abortSignal on to the request; its types do not list it.
    const ping = docker.ping as unknown as (opts: { abortSignal?: AbortSignal }) => Promise<unknown>;
    // Over ssh a late answer is let through (not aborted): its channel then serves the next pings,
    // where opening a new one can itself take longer than the timeout on a loaded machine. The
    // connection under it is found dead by ssh keepalives, which ends every request waiting on it.
    const abort = host.endpoint.startsWith('ssh://') ? null : new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        abort?.abort();
        resolve('timeout');
      }, timeoutMs);
    });
    try {
      const answer = await Promise.race([ping.call(docker, { abortSignal: abort?.signal }), timedOut]);
      if (answer !== 'timeout') return null;
      return explainDockerError(host.endpoint, { code: 'PROBE_TIMEOUT', ms: timeoutMs, message: 'timed out' });
    } catch (err) {
      return explainDockerError(
        host.endpoint,
        abort?.signal.aborted ? { code: 'PROBE_TIMEOUT', ms: timeoutMs, message: 'timed out' } : err,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private markUnreachable(host: Host, problem: string): void {
    this.rt.log(`[hosts] ${host.name} unreachable: ${problem}`);
    for (const row of this.rt.store.deployments.list()) {
      if (row.hostId !== host.id || (AT_REST.has(row.state) && row.state !== 'unreachable')) continue;
      this.rt.unwatch(row.name);
      this.rt.report(
        progressOf(row.name, 'unreachable', this.rt.now(), {
          failure: {
            kind: 'engine-error',
            reason: `Host ${host.name} is unreachable: ${problem} Requests go to the group's other targets until it is back.`,
            evidence: 'host health probe: no answer to /_ping',
          },
        }),
      );
    }
  }

  private async reconcile(host: Host): Promise<void> {
    const report = emptyReport();
    const answered = await reconcileHost(this.rt, host, report);
    this.rt.log(
      `[hosts] ${host.name} reachable again${answered ? `: ${report.linked.length} deployment(s) linked` : ''}`,
    );
  }
}
