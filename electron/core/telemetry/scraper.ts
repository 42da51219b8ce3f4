// MetricsScraper: every interval (5 s) reads /metrics of each ready deployment and each external
// vLLM endpoint (provider hosted_vllm), stores one DeploymentSample per target that answered, and
// reports the engines' KV-cache use and queue length for the gateway's routing.
//
// A target that stops answering is marked down (with why, and since when) and retried with a
// doubling backoff up to 30 s, never in a tight loop; each request has its own timeout because a
// loading engine may accept the connection and never answer. Nothing a target does can throw out
// of a round.
import type { DeploymentSample } from '../../../shared/telemetry-schemas';
import { systemClock, type Clock } from '../clock';
import type { TargetLoadReport } from '../gateway/process-messages';
import { hostAddress } from '../gateway/routing/table';
import type { Store } from '../store';
import { PromParseError, parsePrometheusText } from './prom-parse';
import { sampleBetween } from './sample';
import { isVllmPage, readVllmMetrics, type EngineReading } from './vllm-reading';

export interface ScrapeTarget {
  /** As the gateway keys its targets: `deployment:<name>` or `endpoint:<name>`. */
  key: string;
  /** The deployment's or endpoint's name, as samples are stored under. */
  name: string;
  /** e.g. http://127.0.0.1:8000/metrics */
  metricsUrl: string;
}

export interface TargetHealth {
  ok: boolean;
  /** Why the last scrape failed; null while answering. */
  lastError: string | null;
  /** When `ok` last changed (or the target was first scraped), epoch ms. */
  since: number;
}

export interface ScraperOptions {
  store: Store;
  clock?: Clock;
  /** ms between rounds (5000). */
  intervalMs?: number;
  /** ms a single /metrics request may take, body included (3000). */
  timeoutMs?: number;
  /** Longest wait before retrying a target that is down, ms (30000). */
  maxBackoffMs?: number;
  /** Who to scrape; by default the store's ready deployments and hosted_vllm endpoints. */
  targets?: () => ScrapeTarget[];
  /** After each round: every target's KV-cache use and queue (null for those not answering). */
  onLoad?: (targets: TargetLoadReport[]) => void;
  /** After each round that produced samples. */
  onSamples?: (samples: DeploymentSample[]) => void;
  log?: (line: string) => void;
}

/** Ready deployments (at their host's address and port, as the gateway reaches them) and hosted_vllm endpoints. */
export function scrapeTargetsOf(store: Store): ScrapeTarget[] {
  const hosts = new Map(store.hosts.list().map((h) => [h.id, h]));
  const targets: ScrapeTarget[] = [];
  for (const d of store.deployments.list()) {
    const host = hosts.get(d.hostId);
    if (d.state !== 'ready' || d.port == null || !host) continue;
    targets.push({
      key: `deployment:${d.name}`,
      name: d.name,
      metricsUrl: `http://${hostAddress(host.endpoint)}:${d.port}/metrics`,
    });
  }
  for (const e of store.endpoints.list()) {
    if (e.provider !== 'hosted_vllm') continue;
    const root = e.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
    targets.push({ key: `endpoint:${e.name}`, name: e.name, metricsUrl: `${root}/metrics` });
  }
  return targets;
}

interface TargetState {
  health: TargetHealth;
  prev: EngineReading | null;
  failures: number;
  /** Rounds to sit out before the next try (the backoff). */
  skip: number;
}

type ScrapeResult = { target: ScrapeTarget; reading: EngineReading } | { target: ScrapeTarget; error: string };

export class MetricsScraper {
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly maxBackoffMs: number;
  private readonly targets: () => ScrapeTarget[];
  private readonly states = new Map<string, TargetState>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private round: Promise<DeploymentSample[]> | null = null;

  constructor(private readonly options: ScraperOptions) {
    this.clock = options.clock ?? systemClock;
    this.intervalMs = options.intervalMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.targets = options.targets ?? (() => scrapeTargetsOf(options.store));
  }

  /** Scrapes now, then every interval after the previous round ends. */
  start(): void {
    if (this.closed || this.timer) return;
    const tick = async () => {
      await this.scrapeOnce();
      if (!this.closed) this.timer = setTimeout(tick, this.intervalMs);
      this.timer?.unref();
    };
    this.timer = setTimeout(tick, 0);
    this.timer.unref();
  }

  /** One round over every target that is due; resolves with the samples stored. Never rejects. */
  scrapeOnce(): Promise<DeploymentSample[]> {
    this.round ??= this.runRound().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  /** Each known target's health, by key. */
  health(): Map<string, TargetHealth> {
    return new Map([...this.states].map(([key, s]) => [key, { ...s.health }]));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async runRound(): Promise<DeploymentSample[]> {
    let targets: ScrapeTarget[];
    try {
      targets = this.targets();
    } catch (err) {
      this.options.log?.(`telemetry: could not list scrape targets: ${(err as Error).message}`);
      return [];
    }
    const keys = new Set(targets.map((t) => t.key));
    for (const key of this.states.keys()) if (!keys.has(key)) this.states.delete(key);

    const due = targets.filter((t) => {
      const state = this.states.get(t.key);
      if (state && state.skip > 0) {
        state.skip -= 1;
        return false;
      }
      return true;
    });
    const results = await Promise.all(due.map((t) => this.scrape(t)));
    if (this.closed) return [];

    const fresh = new Map<string, DeploymentSample>();
    for (const result of results) {
      const state = this.states.get(result.target.key);
      if ('reading' in result) {
        fresh.set(result.target.key, sampleBetween(result.target.name, state?.prev ?? null, result.reading));
        this.markUp(result.target, result.reading);
      } else {
        this.markDown(result.target, result.error);
      }
    }
    const samples = [...fresh.values()];
    try {
      this.options.store.deploymentSamples.insertMany(samples);
    } catch (err) {
      this.options.log?.(`telemetry: samples not stored: ${(err as Error).message}`);
    }
    this.report(targets, fresh);
    return samples;
  }

  /** Tells the listeners; a target without a sample this round (down, backing off) reports nulls. */
  private report(targets: ScrapeTarget[], fresh: Map<string, DeploymentSample>): void {
    try {
      if (fresh.size) this.options.onSamples?.([...fresh.values()]);
      this.options.onLoad?.(
        targets.map((t) => {
          const s = fresh.get(t.key);
          return {
            key: t.key,
            kvCacheUsage: s?.kvCacheUsage ?? null,
            waiting: s?.waiting ?? null,
            running: s?.running ?? null,
          };
        }),
      );
    } catch (err) {
      this.options.log?.(`telemetry: a listener failed: ${(err as Error).message}`);
    }
  }

  private async scrape(target: ScrapeTarget): Promise<ScrapeResult> {
    try {
      const response = await fetch(target.metricsUrl, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { accept: 'text/plain' },
      });
      const body = await response.text();
      if (!response.ok) return { target, error: `GET ${target.metricsUrl} answered HTTP ${response.status}` };
      const reading = readVllmMetrics(parsePrometheusText(body), this.clock.now());
      if (!isVllmPage(reading))
        return { target, error: `${target.metricsUrl} has no vLLM metrics: is it a vLLM server?` };
      return { target, reading };
    } catch (err) {
      return { target, error: describeFailure(target.metricsUrl, err, this.timeoutMs) };
    }
  }

  private markUp(target: ScrapeTarget, reading: EngineReading): void {
    const state = this.states.get(target.key);
    if (state && !state.health.ok) this.options.log?.(`telemetry: ${target.key} answers again at ${target.metricsUrl}`);
    const since = state?.health.ok ? state.health.since : this.clock.now();
    this.states.set(target.key, { health: { ok: true, lastError: null, since }, prev: reading, failures: 0, skip: 0 });
  }

  private markDown(target: ScrapeTarget, error: string): void {
    const state = this.states.get(target.key);
    const failures = (state?.failures ?? 0) + 1;
    // Wait interval × 2^(failures − 1), capped: sit out that many rounds less the one about to come.
    const backoffMs = Math.min(this.maxBackoffMs, this.intervalMs * 2 ** (failures - 1));
    const skip = Math.max(0, Math.ceil(backoffMs / this.intervalMs) - 1);
    const wasOk = !state || state.health.ok;
    if (wasOk) this.options.log?.(`telemetry: ${target.key} is not answering: ${error}`);
    this.states.set(target.key, {
      health: { ok: false, lastError: error, since: wasOk ? this.clock.now() : state.health.since },
      // The last good reading stays: rates after the gap are averages over it, resets detected as usual.
      prev: state?.prev ?? null,
      failures,
      skip,
    });
  }
}

function describeFailure(url: string, err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return `${url} gave no answer within ${timeoutMs} ms (the engine may still be loading)`;
  if (err instanceof PromParseError) return `${url} sent a page that is not Prometheus text: ${e.message}`;
  const cause = e.cause?.code ?? e.cause?.message;
  return `GET ${url} failed: ${cause ?? e.message}`;
}
