// EnergyPricer: every minute, prices each local deployment's tokens by the electricity its host's
// GPUs drew. For the last complete window it takes the host's average GPU power (gpu_samples) and
// the tokens each deployment on that host served (per-minute request rollups); deployments sharing
// a host split the power by their share of its tokens. The USD/token goes on the deployment, where
// the gateway's routing table reads it; the gateway reloads only when a price moved by more than
// 5 % from what it last loaded, so a steady load does not reload it every minute.
import type { Clock } from '../clock';
import { energyUsdPerToken } from '../gateway/energy';
import type { Store } from '../store';

export interface EnergyPriceUpdate {
  deployment: string;
  hostId: string;
  /** The window priced: [fromMs, toMs), epoch ms. */
  fromMs: number;
  toMs: number;
  /** The host's average GPU power over the window × this deployment's share of its tokens, W. */
  powerW: number;
  tokens: number;
  usdPerToken: number;
}

export interface EnergyPricerOptions {
  /** Between passes and the length of the window priced, ms; whole minutes (rollups are per minute). */
  everyMs?: number;
  /** Relative change of a price, from what the gateway last loaded, that is worth a reload. */
  reloadThreshold?: number;
  log?: (line: string) => void;
}

const MINUTE_MS = 60_000;

export class EnergyPricer {
  private readonly timer: NodeJS.Timeout;
  private readonly everyMs: number;
  private readonly threshold: number;
  /** The prices the gateway's table holds now (it read the store at its start or last reload). */
  private loaded: Map<string, number>;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly reload: () => void,
    options: EnergyPricerOptions = {},
  ) {
    this.everyMs = options.everyMs ?? MINUTE_MS;
    if (!Number.isInteger(this.everyMs / MINUTE_MS) || this.everyMs <= 0)
      throw new RangeError(`EnergyPricer: everyMs must be whole minutes, got ${this.everyMs}`);
    this.threshold = options.reloadThreshold ?? 0.05;
    this.loaded = store.deployments.energyPrices();
    this.timer = setInterval(() => {
      try {
        this.update();
      } catch (err) {
        options.log?.(`energy pricing failed: ${(err as Error).message}`);
      }
    }, this.everyMs);
    this.timer.unref();
  }

  /**
   * Prices the last complete window and stores the prices. A deployment that served no tokens, or
   * whose host has no power samples in the window, keeps its previous price.
   */
  update(): EnergyPriceUpdate[] {
    const toMs = Math.floor(this.clock.now() / MINUTE_MS) * MINUTE_MS;
    const fromMs = toMs - this.everyMs;
    const usdPerKwh = this.store.settings.get().energyPriceUsdPerKwh;
    const tokensOf = this.store.requestLog.tokensByDeployment('minute', fromMs, toMs);

    const byHost = new Map<string, { name: string; tokens: number }[]>();
    for (const d of this.store.deployments.list()) {
      const t = tokensOf.get(d.name);
      const tokens = t ? t.promptTokens + t.completionTokens : 0;
      if (tokens > 0) byHost.set(d.hostId, [...(byHost.get(d.hostId) ?? []), { name: d.name, tokens }]);
    }

    const updates: EnergyPriceUpdate[] = [];
    for (const [hostId, served] of byHost) {
      const hostPowerW = this.store.gpuSamples.averagePowerW(hostId, fromMs, toMs);
      if (hostPowerW === null) continue;
      const hostTokens = served.reduce((sum, s) => sum + s.tokens, 0);
      for (const s of served) {
        const powerW = hostPowerW * (s.tokens / hostTokens);
        const usdPerToken = energyUsdPerToken({
          avgPowerW: powerW,
          intervalS: this.everyMs / 1000,
          tokens: s.tokens,
          usdPerKwh,
        });
        if (usdPerToken === null) continue;
        updates.push({ deployment: s.name, hostId, fromMs, toMs, powerW, tokens: s.tokens, usdPerToken });
      }
    }

    const now = this.clock.now();
    for (const u of updates) this.store.deployments.setEnergyPrice(u.deployment, u.usdPerToken, now);
    if (updates.some((u) => this.movedEnough(this.loaded.get(u.deployment), u.usdPerToken))) {
      this.reload();
      this.loaded = this.store.deployments.energyPrices();
    }
    return updates;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private movedEnough(before: number | undefined, after: number): boolean {
    if (before === undefined) return true;
    if (before === 0) return after !== 0;
    return Math.abs(after - before) / before > this.threshold;
  }
}
