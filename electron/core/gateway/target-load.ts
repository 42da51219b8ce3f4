// What the gateway knows about each target's load: its own in-flight count (fresh: counted as it
// sends and as answers end) and an EWMA of latency; scraped KV-cache and queue figures are merged
// in by telemetry when it has them (up to a scrape interval old). From the scrapes it also learns
// a target's capacity — how many requests the engine runs at once — when nothing else says it.
import type { TargetLoad } from './routing/strategies';

const EWMA_ALPHA = 0.2;

export class TargetLoads {
  private readonly loads = new Map<string, TargetLoad>();

  get(key: string): TargetLoad {
    let load = this.loads.get(key);
    if (!load) {
      load = {
        inflight: 0,
        ewmaLatencyMs: null,
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
    this.get(key).inflight += 1;
  }

  end(key: string, latencyMs: number | null): void {
    const load = this.get(key);
    load.inflight = Math.max(0, load.inflight - 1);
    if (latencyMs != null)
      load.ewmaLatencyMs =
        load.ewmaLatencyMs == null ? latencyMs : load.ewmaLatencyMs * (1 - EWMA_ALPHA) + latencyMs * EWMA_ALPHA;
  }

  /**
   * Scraped engine figures (vLLM's kv_cache_usage_perc, num_requests_waiting and
   * num_requests_running). An engine that queues requests while it runs `running` of them runs
   * no more at once: vLLM's scheduler admits up to max_num_seqs (fewer only when the KV cache is
   * full), and /metrics shows no max_num_seqs (cache_config_info carries the KV pool, not the
   * scheduler's limit). The largest such figure seen is the target's learned capacity.
   */
  observe(key: string, kvCacheUsage: number | null, waiting: number | null, running: number | null = null): void {
    const load = this.get(key);
    load.kvCacheUsage = kvCacheUsage;
    load.waiting = waiting;
    load.running = running;
    load.inflightAtScrape = load.inflight;
    if (waiting != null && waiting > 0 && running != null && running > 0)
      load.learnedCapacity = Math.max(load.learnedCapacity ?? 0, Math.round(running));
  }
}
