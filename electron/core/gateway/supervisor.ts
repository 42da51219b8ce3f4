// GatewaySupervisor: keeps the gateway running in its own process. The parent never serves
// gateway traffic itself, so the UI stays responsive under load; if the gateway dies it is
// started again after a short backoff (first restart at once, then doubling up to 10 s while it
// keeps dying within a minute of its start).
import type { GatewayStatus } from '../../../shared/schemas';
import {
  GatewayMessage,
  type ParentMessage,
  readMessage,
  type TargetHealthReport,
  type TargetLoadReport,
} from './process-messages';

export type { GatewayMessage, ParentMessage, TargetHealthReport, TargetLoadReport } from './process-messages';

export interface GatewayChild {
  readonly pid: number | null;
  on(event: 'exit', listener: (code: number | null) => void): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  /** Sends a ParentMessage to the gateway process. */
  send(message: ParentMessage): void;
  kill(): void;
}

/** How a shell starts the gateway process: a forked Node child headless, a utilityProcess on the desktop. */
export type GatewayLauncher = (entry: { env: Record<string, string> }) => GatewayChild;

export interface GatewayConfig {
  host: string;
  port: number;
  dataDir: string;
  /** The data key, hex, when it is sealed by the desktop's keychain (the gateway process has none). */
  secretKeyHex?: string;
}

const MAX_BACKOFF_MS = 10_000;
const STABLE_AFTER_MS = 60_000;

export class GatewaySupervisor {
  private child: GatewayChild | null = null;
  private status: GatewayStatus;
  private stopping = false;
  /** Set while a restart we asked for (a new port) is under way: not counted as a crash. */
  private plannedRestart = false;
  private backoffMs = 0;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private readyWaiters: Array<(status: GatewayStatus) => void> = [];
  private health: { at: number; targets: TargetHealthReport[] } = { at: 0, targets: [] };

  constructor(
    private readonly launch: GatewayLauncher,
    private config: GatewayConfig,
    private readonly onStatus: (status: GatewayStatus) => void,
    private readonly onMessage: (message: GatewayMessage) => void = () => {},
  ) {
    this.status = {
      state: 'stopped',
      url: urlOf(config),
      pid: null,
      restarts: 0,
      lastExit: null,
      since: new Date().toISOString(),
    };
  }

  /** Tells the running gateway to re-read routing, keys and budgets from the store. */
  reload(): void {
    this.child?.send({ type: 'reload' });
  }

  /** Hands the running gateway the latest scraped KV-cache use and queue length of its targets. */
  sendLoad(targets: TargetLoadReport[]): void {
    this.child?.send({ type: 'load', targets });
  }

  /** The gateway's latest report of targets cooling down or failing (empty until the first one). */
  targetHealth(): TargetHealthReport[] {
    // A report older than a few seconds is from a gateway that stopped reporting: trust none of it.
    return Date.now() - this.health.at < 5_000 ? this.health.targets : [];
  }

  current(): GatewayStatus {
    return this.status;
  }

  start(): void {
    this.stopping = false;
    this.spawn('starting');
  }

  /** Resolves when the gateway reports it is listening (or failed to). */
  whenSettled(timeoutMs = 15_000): Promise<GatewayStatus> {
    if (this.status.state === 'up' || this.status.state === 'failed') return Promise.resolve(this.status);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.status), timeoutMs);
      timer.unref();
      this.readyWaiters.push((s) => {
        clearTimeout(timer);
        resolve(s);
      });
    });
  }

  /** Restart with new settings (host/port changes take effect this way). */
  reconfigure(config: GatewayConfig): void {
    this.config = config;
    if (!this.child) {
      this.spawn('restarting');
      return;
    }
    this.plannedRestart = true;
    this.child.kill();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(resolve, 5_000);
      force.unref();
      child.on('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill();
    });
    this.update({ state: 'stopped', pid: null });
  }

  private spawn(state: 'starting' | 'restarting'): void {
    const { host, port, dataDir } = this.config;
    const child = this.launch({
      env: {
        SWITCHYARD_GATEWAY_HOST: host,
        SWITCHYARD_GATEWAY_PORT: String(port),
        SWITCHYARD_DATA_DIR: dataDir,
        ...(this.config.secretKeyHex ? { SWITCHYARD_SECRET_KEY: this.config.secretKeyHex } : {}),
      },
    });
    this.child = child;
    this.startedAt = Date.now();
    this.update({ state, pid: child.pid, url: urlOf(this.config) });

    child.on('message', (raw) => {
      const message = readMessage(GatewayMessage, raw, 'gateway process');
      if (!message) return;
      // A utility process has no pid until it runs: read it again now.
      if (message.type === 'listening') this.update({ state: 'up', url: message.url, pid: child.pid });
      if (message.type === 'fatal') this.update({ state: 'failed', lastExit: message.message });
      if (message.type === 'keys-changed' || message.type === 'wake') this.onMessage(message);
      if (message.type === 'target-health') this.health = { at: Date.now(), targets: message.targets };
    });
    child.on('exit', (code) => {
      if (this.child !== child) return;
      this.child = null;
      if (this.stopping) return;
      if (this.plannedRestart) {
        this.plannedRestart = false;
        this.spawn('restarting');
        return;
      }
      const failedFatally = this.status.state === 'failed';
      const lastExit = failedFatally
        ? this.status.lastExit
        : `exited with code ${code ?? 'unknown'} at ${new Date().toISOString()}`;
      this.backoffMs =
        Date.now() - this.startedAt > STABLE_AFTER_MS
          ? 0
          : Math.min(MAX_BACKOFF_MS, this.backoffMs ? this.backoffMs * 2 : 250);
      this.update({
        state: failedFatally ? 'failed' : 'restarting',
        pid: null,
        lastExit,
        restarts: this.status.restarts + 1,
      });
      this.restartTimer = setTimeout(() => this.spawn('restarting'), this.backoffMs);
      this.restartTimer.unref();
    });
  }

  private update(change: Partial<GatewayStatus>): void {
    this.status = {
      ...this.status,
      ...change,
      since: change.state && change.state !== this.status.state ? new Date().toISOString() : this.status.since,
    };
    this.onStatus(this.status);
    if (this.status.state === 'up' || this.status.state === 'failed') {
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      waiters.forEach((w) => w(this.status));
    }
  }
}

function urlOf({ host, port }: GatewayConfig): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
