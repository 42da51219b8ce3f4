// DeploymentService: click-to-deploy for the core. SQLite holds what the user wants (spec) and
// what was last seen (progress); Docker is the truth for what runs. It reconciles the two at start
// and from each host's event stream after, watches starts until ready or failed, notices crashes
// (keeping the reason across Docker's restarts) and wedged engines, and reports every step as a
// `deployments.progress` event; reconcile.ts, engine-reactions.ts and host-health.ts do those parts
// through DeploymentRuntime. Its dependencies are passed in, so tests use a real store and engine.
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
  type ReconcileReport,
} from '../../../shared/deployment-schemas';
import type { ChangeNotice } from '../changes';
import type { Clock } from '../clock';
import { ApiError } from '../errors';
import type { EventBus } from '../events';
import type { Store } from '../store';
import { connectionKey, dockerForHost } from './connection';
import {
  DeploymentNotFoundError,
  containerLogs,
  listManagedContainers,
  removeContainer,
  stopContainer,
} from './containers';
import { type DeploymentRuntime, isLocalHost, type WatchRun } from './deployment-runtime';
import { explainDockerError } from './engine-probe';
import { EngineEventStream } from './engine-events';
import { reactToEngineEvent } from './engine-reactions';
import { discoverGpus } from './gpus';
import { HostHealthMonitor, type HostHealthOptions } from './host-health';
import { deploy, httpHealthProbe, progressOf, startExisting, type LifecycleDeps } from './lifecycle';
import { planDeployment, servedModelNameOf } from './plan';
import { findFreeHostPort } from './ports';
import { reconcileHosts } from './reconcile';
import { composeSnippet, dockerRunLine } from './render';

export { describeReconcile } from './reconcile';

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
  hostHealth?: HostHealthOptions;
  log?: (line: string) => void;
}

export class DeploymentService implements DeploymentRuntime {
  private readonly dockers = new Map<string, Docker>();
  private readonly streams = new Map<string, EngineEventStream>();
  /** Deployments with a start being watched, and the watch's end. */
  private readonly watching = new Map<string, { abort: AbortController; done: Promise<DeploymentProgress> }>();
  /** Stops and removals we asked for: their die/destroy events are not crashes. */
  readonly expected = new Set<string>();
  /** Pings each remote engine; an unreachable one's deployments are marked so (host-health.ts). */
  readonly hostHealth: HostHealthMonitor;

  constructor(private readonly deps: DeploymentServiceDeps) {
    this.hostHealth = new HostHealthMonitor(this, deps.hostHealth);
  }

  get store(): Store {
    return this.deps.store;
  }

  /** Reconciles every host and subscribes to their events. */
  async start(): Promise<ReconcileReport> {
    const report = await this.reconcile();
    for (const host of this.deps.store.hosts.list()) this.subscribe(host);
    this.hostHealth.start();
    return report;
  }

  close(): void {
    this.hostHealth.close();
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
        local: isLocalHost(host),
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
        local: isLocalHost(host),
        exclude: this.deps.store.deployments.portsOnHost(host.id),
      }).catch((err) => {
        throw new ApiError('unavailable', explainDockerError(host.endpoint, err));
      }));
    const network = this.networkOf(
      host,
      isLocalHost(host) ? null : `sk-engine-${randomBytes(24).toString('base64url')}`,
    );
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
    return isLocalHost(host)
      ? { bindAddress: '127.0.0.1', engineApiKey: null }
      : { bindAddress: '0.0.0.0', engineApiKey };
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
  reconcile(): Promise<ReconcileReport> {
    return reconcileHosts(this, this.deps.store.hosts.list());
  }

  // --- events from Docker ---

  private subscribe(host: Host): void {
    if (this.streams.has(host.id)) return;
    const stream = new EngineEventStream(this.docker(host));
    stream.on(
      (e) => void reactToEngineEvent(this, host, e).catch((err) => this.log(`[docker] ${host.name}: ${String(err)}`)),
    );
    this.streams.set(host.id, stream.start());
  }

  // --- helpers ---

  watch(name: string, run: WatchRun): void {
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

  failedOnError(name: string, err: unknown): DeploymentProgress {
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

  report(p: DeploymentProgress): void {
    if (!this.deps.store.deployments.getByName(p.name)) return;
    const before = this.deps.store.deployments.getByName(p.name)!.state;
    this.deps.store.deployments.setProgress(p, this.now());
    this.deps.events.emit('deployments.progress', p);
    if (this.deps.store.deployments.getByName(p.name)!.state !== before)
      this.deps.changes.publish({ kind: 'deployments' });
  }

  lifecycle(host: Host): LifecycleDeps {
    return {
      docker: this.docker(host),
      probeHealth: isLocalHost(host) ? httpHealthProbe : undefined,
      now: () => this.now(),
      ...this.deps.lifecycle,
    };
  }

  docker(host: Host): Docker {
    const key = connectionKey(host);
    let d = this.dockers.get(key);
    if (!d) {
      d = this.deps.dockerForHost?.(host) ?? dockerForHost(host);
      this.dockers.set(key, d);
    }
    return d;
  }

  baseUrl(row: Deployment): string {
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

  isWatching(name: string): boolean {
    return this.watching.has(name);
  }

  unwatch(name: string): void {
    this.watching.get(name)?.abort.abort();
    this.watching.delete(name);
  }

  log(line: string): void {
    this.deps.log?.(line);
  }

  now(): number {
    return this.deps.clock.now();
  }
}
