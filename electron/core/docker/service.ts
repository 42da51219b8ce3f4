// DeploymentService: click-to-deploy for the core. SQLite holds what the user wants (spec) and
// what was last seen (progress); Docker is the truth for what runs. It reconciles the two at start
// and from each host's event stream after, watches starts until ready or failed, notices crashes
// (keeping the reason across Docker's restarts) and wedged engines, and reports every step as a
// `deployments.progress` event. Its dependencies are passed in, so tests use a real store and engine.
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../secrets';
import type Docker from 'dockerode';
import type { Deployment, Host } from '../../../shared/schemas';
import {
  DeploymentSpec,
  type DeploymentPlanView,
  type DeploymentProgress,
  type DeploymentSpecInput,
  type GpuInventory,
  type OrphanContainer,
  type ReconcileReport,
} from '../../../shared/deployment-schemas';
import type { ChangeNotice } from '../changes';
import type { Clock } from '../clock';
import { ApiError } from '../errors';
import type { EventBus } from '../events';
import type { Store } from '../store';
import { dockerForHost } from './connection';
import {
  containerLogs,
  DeploymentNotFoundError,
  findContainer,
  listManagedContainers,
  removeContainer,
  stopContainer,
} from './containers';
import { explainDockerError } from './engine-probe';
import { EngineEventStream, type EngineEvent } from './engine-events';
import { discoverGpus } from './gpus';
import { deploy, httpHealthProbe, progressOf, startExisting, waitUntilReady, type LifecycleDeps } from './lifecycle';
import { planDeployment, servedModelNameOf } from './plan';
import { findFreeHostPort } from './ports';
import { composeSnippet, dockerRunLine } from './render';
import { failureOnExit, readStartupLog } from './startup-log';

export interface DeploymentServiceDeps {
  store: Store;
  /** Progress reports go out here (deployments.progress). */
  events: EventBus;
  /** Deployment changes are announced here: the gateway reloads its table and the UI its list. */
  changes: ChangeNotice;
  clock: Clock;
  /** Encrypts the engine API key of deployments on remote hosts. */
  secrets?: SecretBox;
  /** The Hugging Face token (decrypted), passed to engines as HF_TOKEN. */
  hfToken?: () => string | null;
  dockerForHost?: (host: Host) => Docker;
  /** Extra labels on every container (tests mark theirs). */
  extraLabels?: Record<string, string>;
  lifecycle?: Pick<LifecycleDeps, 'pollMs' | 'readyTimeoutMs'>;
  log?: (line: string) => void;
}

const isLocal = (host: Host) => /^(unix|npipe):/.test(host.endpoint);

export class DeploymentService {
  private readonly dockers = new Map<string, Docker>();
  private readonly streams = new Map<string, EngineEventStream>();
  /** Deployments with a start being watched, and the watch's end. */
  private readonly watching = new Map<string, { abort: AbortController; done: Promise<DeploymentProgress> }>();
  /** Stops and removals we asked for: their die/destroy events are not crashes. */
  private readonly expected = new Set<string>();

  constructor(private readonly deps: DeploymentServiceDeps) {}

  /** Reconciles every host and subscribes to their events. */
  async start(): Promise<ReconcileReport> {
    const report = await this.reconcile();
    for (const host of this.deps.store.hosts.list()) this.subscribe(host);
    return report;
  }

  close(): void {
    for (const s of this.streams.values()) s.close();
    this.streams.clear();
    for (const w of this.watching.values()) w.abort.abort();
  }

  // --- queries ---

  async plan(input: DeploymentSpecInput): Promise<DeploymentPlanView> {
    const spec = this.parseSpec(input);
    const host = this.host(spec.hostId);
    const hostPort =
      spec.hostPort ??
      (await findFreeHostPort({
        docker: this.docker(host),
        local: isLocal(host),
        exclude: this.deps.store.deployments.portsOnHost(host.id),
      }).catch(() => 8001));
    const plan = planDeployment({
      spec,
      hostPort,
      hfToken: this.deps.hfToken?.() ?? null,
      ...this.networkOf(host, '<made at deploy time>'),
    });
    const redacted = {
      ...plan.create,
      Env: (plan.create.Env ?? []).map((e) =>
        plan.secretEnv.includes(e.split('=')[0]) ? `${e.split('=')[0]}=<redacted>` : e,
      ),
    };
    return {
      name: plan.name,
      hostPort,
      baseUrl: plan.baseUrl,
      servedModelName: plan.servedModelName,
      dockerRun: dockerRunLine(plan),
      compose: composeSnippet(plan),
      createOptions: redacted as Record<string, unknown>,
    };
  }

  progress(name: string): DeploymentProgress | null {
    this.row(name);
    return this.deps.store.deployments.progress(name);
  }

  async logs(name: string, tail = 500): Promise<string[]> {
    const row = this.row(name);
    return containerLogs(this.docker(this.host(row.hostId)), name, tail).catch((err) => this.rethrow(err, name));
  }

  async gpus(hostId: string, refresh = false): Promise<GpuInventory> {
    const host = this.host(hostId);
    const cached = this.deps.store.hosts.gpuInventory(hostId);
    if (cached && !refresh) return cached;
    const image =
      this.deps.store.deployments.list().find((d) => d.hostId === hostId)?.image ?? 'vllm/vllm-openai:latest';
    const inventory = await discoverGpus(this.docker(host), {
      hostId,
      image,
      now: () => new Date(this.deps.clock.now()),
    });
    this.deps.store.hosts.saveGpuInventory(inventory);
    return inventory;
  }

  /** Resolves when the current start watch (if any) ends; for tests and `deploy --wait`. */
  whenSettled(name: string): Promise<DeploymentProgress | null> {
    return this.watching.get(name)?.done ?? Promise.resolve(this.deps.store.deployments.progress(name));
  }

  // --- commands ---

  async create(input: DeploymentSpecInput): Promise<Deployment> {
    const spec = this.parseSpec(input);
    const host = this.host(spec.hostId);
    if (this.deps.store.deployments.getByName(spec.name))
      throw new ApiError(
        'conflict',
        `A deployment named "${spec.name}" already exists: choose another name or remove it first.`,
      );
    const docker = this.docker(host);
    const hostPort =
      spec.hostPort ??
      (await findFreeHostPort({
        docker,
        local: isLocal(host),
        exclude: this.deps.store.deployments.portsOnHost(host.id),
      }).catch((err) => {
        throw new ApiError('unavailable', explainDockerError(host.endpoint, err));
      }));
    const network = this.networkOf(host, isLocal(host) ? null : `sk-engine-${randomBytes(24).toString('base64url')}`);
    const plan = planDeployment({ spec, hostPort, hfToken: this.deps.hfToken?.() ?? null, ...network });
    const row = this.deps.store.deployments.insert(spec, plan.servedModelName, hostPort, this.now());
    if (network.engineApiKey)
      this.deps.store.deployments.setApiKeyCipher(spec.name, this.secrets().encrypt(network.engineApiKey));
    this.watch(spec.name, (signal, report) =>
      deploy(this.lifecycle(host), plan, report, { signal, extraLabels: this.deps.extraLabels }),
    );
    return row;
  }

  /** Local engines listen on 127.0.0.1 only; remote ones on the network, behind an engine API key. */
  private networkOf(host: Host, engineApiKey: string | null): { bindAddress: string; engineApiKey: string | null } {
    return isLocal(host) ? { bindAddress: '127.0.0.1', engineApiKey: null } : { bindAddress: '0.0.0.0', engineApiKey };
  }

  private secrets(): SecretBox {
    if (!this.deps.secrets)
      throw new ApiError(
        'unavailable',
        'Deploying to a remote host needs the secret store to keep its engine key; start Switchyard normally (serve or the desktop app).',
      );
    return this.deps.secrets;
  }

  async startDeployment(name: string): Promise<Deployment> {
    const row = this.row(name);
    const host = this.host(row.hostId);
    this.deps.store.deployments.resetRestarts(name, this.now());
    this.watch(name, (signal, report) =>
      startExisting(this.lifecycle(host), name, this.baseUrl(row), report, { signal }).catch((err) =>
        this.failedOnError(name, err),
      ),
    );
    return this.deps.store.deployments.getByName(name)!;
  }

  async stopDeployment(name: string): Promise<Deployment> {
    const row = this.row(name);
    this.watching.get(name)?.abort.abort();
    this.expected.add(name);
    try {
      await stopContainer(this.docker(this.host(row.hostId)), name);
    } catch (err) {
      this.expected.delete(name);
      return this.rethrow(err, name);
    }
    this.report(progressOf(name, 'stopped', this.now(), { detail: 'stopped' }));
    return this.deps.store.deployments.getByName(name)!;
  }

  async removeDeployment(name: string): Promise<boolean> {
    const row = this.row(name);
    this.watching.get(name)?.abort.abort();
    this.expected.add(name);
    await removeContainer(this.docker(this.host(row.hostId)), name).catch((err) => this.rethrow(err, name));
    const removed = this.deps.store.deployments.removeByName(name);
    this.deps.changes.publish({ kind: 'deployments' });
    return removed;
  }

  /** An orphaned container becomes a deployment again, from the spec on its label. */
  async adopt(hostId: string, name: string): Promise<Deployment> {
    const host = this.host(hostId);
    const found = (await listManagedContainers(this.docker(host))).find((c) => c.deployment === name);
    if (!found) throw new ApiError('not_found', `No switchyard container for "${name}" on host ${host.name}.`);
    if (!found.spec)
      throw new ApiError(
        'conflict',
        `The container of "${name}" carries no readable spec label: remove it and deploy again.`,
      );
    if (this.deps.store.deployments.getByName(name))
      throw new ApiError('conflict', `"${name}" is already a deployment.`);
    const spec = { ...found.spec, hostId };
    const row = this.deps.store.deployments.insert(
      spec,
      servedModelNameOf(spec),
      found.hostPort ?? spec.hostPort ?? 0,
      this.now(),
    );
    this.deps.store.deployments.setContainer(name, found.containerId, this.now());
    if (found.state === 'running')
      this.watch(name, (signal, report) =>
        startExisting(this.lifecycle(host), name, this.baseUrl(row), report, { signal }),
      );
    else this.report(progressOf(name, 'stopped', this.now(), { detail: `adopted (${found.state})` }));
    return this.deps.store.deployments.getByName(name)!;
  }

  /** Docker is the truth: link each deployment to its container, resume watching starts, report orphans. */
  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { linked: [], missing: [], orphans: [], unreachableHosts: [] };
    const rows = this.deps.store.deployments.list();
    for (const host of this.deps.store.hosts.list()) {
      let containers;
      try {
        containers = await listManagedContainers(this.docker(host));
      } catch (err) {
        report.unreachableHosts.push({ hostId: host.id, problem: explainDockerError(host.endpoint, err) });
        continue;
      }
      const mine = rows.filter((r) => r.hostId === host.id);
      for (const row of mine) {
        const c = containers.find((x) => x.deployment === row.name);
        if (!c) {
          report.missing.push(row.name);
          if (row.state !== 'stopped' || !row.stateReason)
            this.report(
              progressOf(row.name, 'stopped', this.now(), {
                failure: {
                  kind: 'engine-error',
                  reason: 'Its container is gone (removed outside Switchyard): deploy it again.',
                  evidence: 'no container',
                },
              }),
            );
          continue;
        }
        report.linked.push(row.name);
        this.deps.store.deployments.setContainer(row.name, c.containerId, this.now());
        if (c.state === 'running' || c.state === 'restarting') {
          if (!this.watching.has(row.name))
            this.watch(row.name, (signal, rep) =>
              startExisting(this.lifecycle(host), row.name, this.baseUrl(row), rep, { signal }).catch((err) =>
                this.failedOnError(row.name, err),
              ),
            );
        } else if (row.state !== 'failed' && row.state !== 'stopped') {
          this.report(progressOf(row.name, 'stopped', this.now(), { detail: `container ${c.state}` }));
        }
      }
      for (const c of containers.filter((x) => !mine.some((r) => r.name === x.deployment))) {
        const orphan: OrphanContainer = {
          hostId: host.id,
          deployment: c.deployment,
          containerId: c.containerId,
          image: c.image,
          state: c.state,
          adoptable: c.spec !== null,
        };
        report.orphans.push(orphan);
      }
    }
    return report;
  }

  // --- events from Docker ---

  private subscribe(host: Host): void {
    if (this.streams.has(host.id)) return;
    const stream = new EngineEventStream(this.docker(host));
    stream.on(
      (e) => void this.onEngineEvent(host, e).catch((err) => this.deps.log?.(`[docker] ${host.name}: ${String(err)}`)),
    );
    this.streams.set(host.id, stream.start());
  }

  private async onEngineEvent(host: Host, e: EngineEvent): Promise<void> {
    if (e.type === 'connection') {
      if (e.state === 'disconnected')
        this.deps.log?.(`[docker] ${host.name}: event stream lost (${e.error}); reconnecting`);
      return;
    }
    const row = this.deps.store.deployments.getByName(e.deployment);
    if (!row || row.hostId !== host.id) return;
    if (e.action === 'die') {
      if (this.expected.has(e.deployment) || this.watching.has(e.deployment)) return; // a stop we asked for, or a start being watched
      const lines = await containerLogs(this.docker(host), e.deployment, 300).catch(() => []);
      const failure = failureOnExit(readStartupLog(lines), e.exitCode ?? -1);
      const restarts = this.deps.store.deployments.recordExit(e.deployment, failure.reason, this.now());
      this.report(
        progressOf(e.deployment, 'failed', this.now(), {
          failure: { ...failure, reason: `Crashed (exit code ${e.exitCode}): ${failure.reason}` },
          restarts,
        }),
      );
    } else if (e.action === 'start') {
      if (this.expected.has(e.deployment)) this.expected.delete(e.deployment);
      if (this.watching.has(e.deployment)) return;
      // Docker restarted it (restart policy) or someone ran `docker start`: watch it come up.
      const restarts = this.deps.store.deployments.lastExit(e.deployment)?.restarts ?? 0;
      this.watch(e.deployment, (signal, report) =>
        findContainer(this.docker(host), e.deployment).then(({ container }) =>
          waitUntilReady(this.lifecycle(host), { name: e.deployment, baseUrl: this.baseUrl(row), container }, report, {
            signal,
            restarts,
          }),
        ),
      );
    } else if (e.action === 'health' && row.state === 'ready' && e.health === 'unhealthy') {
      this.report(
        progressOf(e.deployment, 'failed', this.now(), {
          failure: {
            kind: 'engine-error',
            reason: 'The engine is running but /health keeps failing (wedged): restart it.',
            evidence: 'Docker health check: unhealthy',
          },
        }),
      );
    } else if (
      e.action === 'health' &&
      e.health === 'healthy' &&
      row.state === 'failed' &&
      !this.watching.has(e.deployment)
    ) {
      this.report(progressOf(e.deployment, 'ready', this.now(), { fraction: 1, detail: 'healthy again' }));
    } else if (e.action === 'destroy') {
      if (this.expected.delete(e.deployment)) return;
      this.report(
        progressOf(e.deployment, 'stopped', this.now(), {
          failure: {
            kind: 'engine-error',
            reason: 'Its container was removed outside Switchyard: deploy it again.',
            evidence: 'docker event: destroy',
          },
        }),
      );
    }
  }

  // --- helpers ---

  private watch(
    name: string,
    run: (signal: AbortSignal, report: (p: DeploymentProgress) => void) => Promise<DeploymentProgress>,
  ): void {
    this.watching.get(name)?.abort.abort();
    const abort = new AbortController();
    const done = run(abort.signal, (p) => {
      if (!abort.signal.aborted) this.report(p);
    })
      .catch((err: unknown) => this.failedOnError(name, err))
      .finally(() => {
        if (this.watching.get(name)?.abort === abort) this.watching.delete(name);
      });
    this.watching.set(name, { abort, done });
  }

  private failedOnError(name: string, err: unknown): DeploymentProgress {
    const p = progressOf(name, 'failed', this.now(), {
      failure: {
        kind: 'engine-error',
        reason: err instanceof Error ? err.message : String(err),
        evidence: String(err),
      },
    });
    this.report(p);
    return p;
  }

  private report(p: DeploymentProgress): void {
    if (!this.deps.store.deployments.getByName(p.name)) return;
    const before = this.deps.store.deployments.getByName(p.name)!.state;
    this.deps.store.deployments.setProgress(p, this.now());
    this.deps.events.emit('deployments.progress', p);
    if (this.deps.store.deployments.getByName(p.name)!.state !== before)
      this.deps.changes.publish({ kind: 'deployments' });
  }

  private lifecycle(host: Host): LifecycleDeps {
    return {
      docker: this.docker(host),
      probeHealth: isLocal(host) ? httpHealthProbe : undefined,
      now: () => this.now(),
      ...this.deps.lifecycle,
    };
  }

  private docker(host: Host): Docker {
    let d = this.dockers.get(host.id);
    if (!d) {
      d = this.deps.dockerForHost?.(host) ?? dockerForHost(host);
      this.dockers.set(host.id, d);
    }
    return d;
  }

  private baseUrl(row: Deployment): string {
    return `http://127.0.0.1:${row.port}`;
  }

  private host(id: string): Host {
    const host = this.deps.store.hosts.get(id);
    if (!host) throw new ApiError('not_found', `No host with id "${id}".`);
    return host;
  }

  private row(name: string): Deployment {
    const row = this.deps.store.deployments.getByName(name);
    if (!row) throw new ApiError('not_found', `No deployment named "${name}".`);
    return row;
  }

  private parseSpec(input: DeploymentSpecInput): DeploymentSpec {
    const parsed = DeploymentSpec.safeParse(input);
    if (!parsed.success)
      throw new ApiError(
        'invalid_input',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    return parsed.data;
  }

  private rethrow(err: unknown, name: string): never {
    if (err instanceof DeploymentNotFoundError) throw new ApiError('not_found', err.message);
    const row = this.deps.store.deployments.getByName(name);
    const host = row ? this.deps.store.hosts.get(row.hostId) : null;
    throw new ApiError('unavailable', host ? explainDockerError(host.endpoint, err) : String(err));
  }

  private now(): number {
    return this.deps.clock.now();
  }
}

/** One line for the log: what reconciling with Docker found. */
export function describeReconcile(r: ReconcileReport): string {
  const parts = [`${r.linked.length} deployment(s) linked`];
  if (r.missing.length) parts.push(`missing: ${r.missing.join(', ')}`);
  if (r.orphans.length) parts.push(`${r.orphans.length} unclaimed switchyard container(s)`);
  for (const h of r.unreachableHosts) parts.push(`host ${h.hostId} unreachable: ${h.problem}`);
  return parts.join('; ');
}
