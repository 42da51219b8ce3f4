// The core: store + admin handlers + gateway supervisor, shared by every shell. The shells add
// only how the gateway process is launched and how the admin API reaches the renderer.
import type { DockerStatus, Settings } from '../../shared/schemas';
import { createHandlers } from './api';
import type { CoreContext } from './api/context';
import type { Handlers } from './api/dispatch';
import { systemClock, type Clock } from './clock';
import { BudgetWatcher } from './budget-watch';
import { ChangeNotice } from './changes';
import { importLitellm } from './config/import-litellm-file';
import { EnergyPricer } from './docker/energy-pricer';
import { probeEngine } from './docker/engine-probe';
import { GpuSampler } from './docker/gpu-sampler';
import { OnDemandKeeper } from './docker/on-demand';
import { DeploymentService, describeReconcile } from './docker/service';
import { EventBus } from './events';
import { GatewaySupervisor, type GatewayLauncher } from './gateway/supervisor';
import { huggingFaceToken } from './instance-settings';
import { ensureMasterKey } from './master-key';
import { openSecretBox, type KeyWrapper, type SecretBox } from './secrets';
import { startRetention } from './retention';
import { Store } from './store';
import { LOCAL_HOST_ID } from './store/hosts';
import { MetricsScraper } from './telemetry/scraper';

export interface CoreOptions {
  dataDir: string;
  shell: 'desktop' | 'headless';
  launchGateway: GatewayLauncher;
  masterKey?: string;
  /** Overrides of stored settings for this run only (command-line flags). */
  overrides?: Partial<Pick<Settings, 'gatewayHost' | 'gatewayPort' | 'uiPort'>>;
  clock?: Clock;
  /** A LiteLLM config.yaml to apply at start (serve --config). */
  configPath?: string;
  /** The desktop wraps the secrets' data key with the OS keychain. */
  keyWrapper?: KeyWrapper;
  log?: (line: string) => void;
}

export interface Core {
  handlers: Handlers;
  events: EventBus;
  /** Where a write outside the admin calls (the demo stack) is announced: the gateway reloads, the UI hears. */
  changes: ChangeNotice;
  store: Store;
  gateway: GatewaySupervisor;
  secrets: SecretBox;
  dataDir: string;
  /** Set when this start generated the master key: show it once, then forget it. */
  generatedMasterKey: string | null;
  settings(): Settings;
  close(): Promise<void>;
}

const DOCKER_CACHE_MS = 10_000;

export async function startCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const store = Store.open(options.dataDir, clock);
  const events = new EventBus();
  const overrides = options.overrides ?? {};
  const settings = (): Settings => ({ ...store.settings.get(), ...overrides });

  // Both processes read secret.key; make sure it exists before the gateway starts.
  const { box: secrets, key: dataKey } = openSecretBox(options.dataDir, options.keyWrapper);
  // --config: a LiteLLM config.yaml applied before the gateway first loads its table.
  if (options.configPath) {
    let result;
    try {
      result = importLitellm({ store, secrets, log: options.log }, { path: options.configPath });
    } catch (err) {
      store.close();
      throw err;
    }
    for (const warning of result.warnings) options.log?.(`config: ${warning}`);
    options.log?.(`config: ${result.groups} model groups, ${result.endpoints} endpoints from ${options.configPath}`);
  }
  // A master key from the flag or environment wins over one from the config; else one is made once.
  const generatedMasterKey = ensureMasterKey(store.settings, options.masterKey ?? process.env.SWITCHYARD_MASTER_KEY);

  // A keychain-sealed data key cannot be opened by the gateway process itself: it is handed over.
  const secretKeyHex = options.keyWrapper && dataKey ? dataKey.toString('hex') : undefined;
  const gatewayConfig = () => ({
    host: settings().gatewayHost,
    port: settings().gatewayPort,
    dataDir: options.dataDir,
    secretKeyHex,
  });
  const gateway = new GatewaySupervisor(
    options.launchGateway,
    gatewayConfig(),
    (status) => events.emit('gateway.status', status),
    (message) => {
      if (message.type === 'keys-changed')
        changes.publish(message.change === 'routing' ? { kind: 'routing' } : { kind: 'keys', madeBy: 'gateway' });
      if (message.type === 'wake') void onDemand.wake(message.deployment);
    },
  );

  // Every write the gateway serves from, or the UI shows, is announced here once (changes.ts).
  const changes = new ChangeNotice(store, events, () => gateway.reload());

  let dockerCache: { at: number; status: Promise<DockerStatus> } | null = null;
  const ctx: CoreContext = {
    store,
    events,
    changes,
    clock,
    gateway,
    secrets,
    dataDir: options.dataDir,
    shell: options.shell,
    docker(fresh = false) {
      if (fresh || !dockerCache || clock.now() - dockerCache.at > DOCKER_CACHE_MS) {
        const endpoint = store.hosts.get(LOCAL_HOST_ID)!.endpoint;
        dockerCache = { at: clock.now(), status: probeEngine(endpoint) };
      }
      return dockerCache.status;
    },
    applySettings(before, after) {
      const gatewayMoved = before.gatewayHost !== after.gatewayHost || before.gatewayPort !== after.gatewayPort;
      // A port given on the command line wins over the stored one until the next start.
      if (gatewayMoved && !overrides.gatewayHost && !overrides.gatewayPort) gateway.reconfigure(gatewayConfig());
      // The admin/UI server is the one serving this very request: it moves at the next start.
      return (
        before.uiPort !== after.uiPort || (gatewayMoved && Boolean(overrides.gatewayHost || overrides.gatewayPort))
      );
    },
  };

  const stopRetention = startRetention(store, clock);
  // Docker is the truth for what runs: reconcile in the background so a slow or absent engine never
  // delays the start; every deployment change reaches the gateway's routing table (changes.ts).
  const deployments = new DeploymentService({
    store,
    events,
    changes,
    clock,
    secrets,
    log: options.log,
    hfToken: () => huggingFaceToken({ store, secrets }),
  });
  const onDemand = new OnDemandKeeper(store, deployments, clock, options.log, undefined, changes);
  // Engine load from /metrics: stored as samples, pushed to the UI, and handed to the gateway's routing.
  const scraper = new MetricsScraper({
    store,
    clock,
    log: options.log,
    onLoad: (targets) => gateway.sendLoad(targets),
    onSamples: (samples) => events.emit('telemetry.samples', samples),
  });
  scraper.start();
  const gpuSampler = new GpuSampler(store, (hostId) => deployments.gpus(hostId, true), clock, { log: options.log });
  const energyPricer = new EnergyPricer(store, clock, () => changes.publish({ kind: 'energy-prices' }), {
    log: options.log,
  });
  // Spend the gateway writes, against budgets: budgets.alert at 80 % and 100 % (desktop notification, UI banner).
  const budgetWatcher = new BudgetWatcher(store, events, clock);
  budgetWatcher.start();
  void deployments.start().then(
    async (report) => {
      options.log?.(`docker: ${describeReconcile(report)}`);
      const asleep = await onDemand.adoptSleepState();
      if (asleep.length)
        options.log?.(
          `on demand: ${asleep.join(', ')} found asleep; the next request wakes ${asleep.length === 1 ? 'it' : 'them'}`,
        );
    },
    (err) => options.log?.(`docker: not reconciled (${(err as Error).message})`),
  );

  gateway.start();
  const status = await gateway.whenSettled();
  if (status.state === 'failed') options.log?.(`gateway failed to start: ${status.lastExit}`);

  return {
    handlers: createHandlers(ctx, deployments),
    events,
    changes,
    store,
    gateway,
    secrets,
    dataDir: options.dataDir,
    generatedMasterKey,
    settings,
    async close() {
      stopRetention();
      onDemand.close();
      scraper.close();
      gpuSampler.close();
      energyPricer.close();
      budgetWatcher.close();
      deployments.close();
      await gateway.stop();
      store.close();
    },
  };
}
