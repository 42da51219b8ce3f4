// What the gateway knows about each target's load: its own in-flight count and an EWMA of
// latency; scraped KV-cache and queue figures are merged in by telemetry when it has them.
import type { TargetLoad } from './routing/strategies';

const EWMA_ALPHA = 0.2;

export class TargetLoads {
  private readonly loads = new Map<string, TargetLoad>();

  get(key: string): TargetLoad {
    let load = this.loads.get(key);
    if (!load) {
      load = { inflight: 0, ewmaLatencyMs: null, kvCacheUsage: null, waiting: null };
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

  /** Scraped engine figures (vLLM's kv_cache_usage_perc and num_requests_waiting). */
  observe(key: string, kvCacheUsage: number | null, waiting: number | null): void {
    const load = this.get(key);
    load.kvCacheUsage = kvCacheUsage;
    load.waiting = waiting;
  }
}
