// What the gateway knows about each target's load: its own in-flight count (fresh: counted as it
// sends and as answers end) and two views of latency (an EWMA of everything, and the low end of
// recent answers that did not wait in a queue: how fast the target is when nothing waits);
// scraped KV-cache and queue figures are merged in by telemetry when it has them (up to a scrape
// interval old). From the scrapes it also learns a target's capacity — how many requests the
// engine runs at once — when nothing else says it.
import type { TargetLoad } from './routing/strategies';

const EWMA_ALPHA = 0.2;
/**
 * Service latency moves down by this share of the gap and up by SERVICE_UP: it settles near the
 * 10th percentile of recent latencies (0.05 / (0.45 + 0.05)), which queueing and long answers
 * hardly move, and a target that was congested a while ago looks fast again after a few answers.
 */
const SERVICE_DOWN = 0.45;
const SERVICE_UP = 0.05;
/**
 * A scrape is taken before it reaches the gateway (telemetry in the parent process, then a
 * message; on a busy machine that is seconds, not milliseconds), and requests of ours end in
 * between. Our count "at the scrape" is the most we had in flight within this window (and up to
 * twice it) before it arrived, so requests the engine still showed are not taken for another
 * client's; another client's load is then under-counted by at most our own swing in the window.
 */
const SCRAPE_SKEW_MS = 2_500;

/** The low end of recent figures: down by SERVICE_DOWN of the gap, up by SERVICE_UP. */
function lowEnd(current: number | null | undefined, figure: number): number {
  const now = current ?? figure;
  return now + (figure - now) * (figure < now ? SERVICE_DOWN : SERVICE_UP);
}

interface Peak {
  /** The most in flight during the current window and the one before it. */
  current: number;
  previous: number;
  windowStart: number;
}

export class TargetLoads {
  private readonly loads = new Map<string, TargetLoad>();
  private readonly peaks = new Map<string, Peak>();
  /**
   * Per target, whether each request in flight was sent past its capacity (so it waited
   * in the engine's queue), oldest first. Answers end in about the order they were sent, so the
   * oldest flag goes with the next answer; only answers that did not wait teach service latency.
   */
  private readonly queuedFlags = new Map<string, boolean[]>();

  /** Capacities known before the first request: a deployment's --max-num-seqs (Target.maxNumSeqs). */
  private readonly declared = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The target's load, as routing asks for it; notes the capacity the target declares, when it does. */
  of(t: { key: string; maxNumSeqs?: number | null }): TargetLoad {
    if (t.maxNumSeqs != null) this.declared.set(t.key, t.maxNumSeqs);
    else this.declared.delete(t.key);
    return this.get(t.key);
  }

  get(key: string): TargetLoad {
    let load = this.loads.get(key);
    if (!load) {
      load = {
        inflight: 0,
        ewmaLatencyMs: null,
        serviceMs: null,
        servicePerTokenMs: null,
        kvCacheUsage: null,
        waiting: null,
        running: null,
        inflightAtScrape: 0,
        learnedCapacity: null,
      };
      this.loads.set(key, load);
    }
    return load;
  }

  begin(key: string): void {
    const load = this.get(key);
    load.inflight += 1;
    this.notePeak(key, load.inflight);
    let flags = this.queuedFlags.get(key);
    if (!flags) {
      flags = [];
      this.queuedFlags.set(key, flags);
    }
    const capacity = this.declared.get(key) ?? load.learnedCapacity;
    flags.push(capacity != null && load.inflight > capacity);
  }

  /**
   * An answer ended (`latencyMs` null: it failed). `outputTokens`, when the answer's usage gave
   * it, also teaches the time per output token: answers of different lengths take different
   * times on the same engine, so only that figure compares two engines' speed whatever each was
   * asked for lately.
   */
  end(key: string, latencyMs: number | null, outputTokens: number | null = null): void {
    const load = this.get(key);
    const peak = this.peaks.get(key);
    if (peak) this.roll(peak, load.inflight);
    load.inflight = Math.max(0, load.inflight - 1);
    const queued = this.queuedFlags.get(key)?.shift() ?? false;
    if (latencyMs == null) return;
    load.ewmaLatencyMs =
      load.ewmaLatencyMs == null ? latencyMs : load.ewmaLatencyMs * (1 - EWMA_ALPHA) + latencyMs * EWMA_ALPHA;
    if (queued && load.serviceMs != null) return;
    load.serviceMs = lowEnd(load.serviceMs, latencyMs);
    if (outputTokens != null && outputTokens > 0)
      load.servicePerTokenMs = lowEnd(load.servicePerTokenMs ?? null, latencyMs / outputTokens);
  }

  /** The most this gateway had in flight to `key` in the last SCRAPE_SKEW_MS (and up to twice that). */
  recentPeak(key: string): number {
    const inflight = this.get(key).inflight;
    const peak = this.peaks.get(key);
    if (!peak) return inflight;
    this.roll(peak, inflight);
    return Math.max(inflight, peak.current, peak.previous);
  }

  private notePeak(key: string, inflight: number): void {
    let peak = this.peaks.get(key);
    if (!peak) {
      peak = { current: 0, previous: 0, windowStart: this.now() };
      this.peaks.set(key, peak);
    }
    this.roll(peak, inflight - 1);
    peak.current = Math.max(peak.current, inflight);
  }

  /**
   * Begins, ends and reads roll the window, each with the count that held until that moment
   * (`count`). A window that opened at least two windows ago had its last change in its first
   * SCRAPE_SKEW_MS (a later one would have rolled it), so the count has held since then, all
   * through the last SCRAPE_SKEW_MS: that is the previous window's peak. A new window opens at the
   * count in flight then: those requests are in flight in it until they end.
   */
  private roll(peak: Peak, count: number): void {
    const elapsed = this.now() - peak.windowStart;
    if (elapsed < SCRAPE_SKEW_MS) return;
    peak.previous = elapsed < 2 * SCRAPE_SKEW_MS ? peak.current : count;
    peak.current = count;
    peak.windowStart = this.now();
  }

  /**
   * Scraped engine figures (vLLM's kv_cache_usage_perc, num_requests_waiting and
   * num_requests_running). An engine that queues requests while it runs `running` of them runs
   * no more at once: vLLM's scheduler admits up to max_num_seqs (fewer only when the KV cache is
   * full), and /metrics shows no max_num_seqs (cache_config_info carries the KV pool, not the
   * scheduler's limit). The largest such figure seen is the target's learned capacity. A queue
   * behind a full KV cache teaches a figure below max_num_seqs; it is kept all the same (more
   * would queue there too), and the next queue with room to spare raises it. Left unknown, a
   * target would be taken for free until a scrape showed its queue.
   */
  observe(key: string, kvCacheUsage: number | null, waiting: number | null, running: number | null = null): void {
    const load = this.get(key);
    load.kvCacheUsage = kvCacheUsage;
    load.waiting = waiting;
    load.running = running;
    load.inflightAtScrape = this.recentPeak(key);
    load.observedAt = this.now();
    if (waiting != null && waiting > 0 && running != null && running > 0)
      load.learnedCapacity = Math.max(load.learnedCapacity ?? 0, Math.round(running));
  }
}
