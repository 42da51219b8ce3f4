// The rest of vLLM's /metrics page: prometheus-fastapi-instrumentator's http_* metrics (with the
// handlers vLLM excludes), prometheus_client's process_* collector and the python_* families,
// so a scraper meets the same neighbours around the vllm:* metrics as on a real server.
import { readdirSync } from 'node:fs';
import { Registry } from './prom-text';

const EXCLUDED_HANDLERS = new Set(['/metrics', '/health', '/load', '/ping', '/version', '/server_info']);

export class HttpMetrics {
  private readonly registry = new Registry();
  private readonly requests = this.registry.counter(
    'http_requests',
    'Total number of requests by method, status and handler.',
    ['method', 'status', 'handler'],
  );
  private readonly duration = this.registry.histogram(
    'http_request_duration_seconds',
    'Latency with only few buckets by handler. Made to be only used if aggregation by handler is important. ',
    ['method', 'handler'],
    [0.1, 0.5, 1.0],
  );
  private readonly startedAt = Date.now() / 1000;

  /** `handler` is the route template, or "none" for a path no route serves. */
  observe(method: string, handler: string, status: number, seconds: number): void {
    if (EXCLUDED_HANDLERS.has(handler)) return;
    this.requests.inc([method, `${Math.floor(status / 100)}xx`, handler]);
    this.duration.observe([method, handler], seconds);
  }

  render(): string {
    return pythonAndProcessMetrics(this.startedAt) + this.registry.render();
  }
}

function openFds(): number | null {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}

function pythonAndProcessMetrics(startedAt: number): string {
  const r = new Registry();
  const gcCollected = r.counter('python_gc_objects_collected', 'Objects collected during gc', ['generation']);
  const gcUncollectable = r.counter('python_gc_objects_uncollectable', 'Uncollectable objects found during GC', [
    'generation',
  ]);
  const gcCollections = r.counter('python_gc_collections', 'Number of times this generation was collected', [
    'generation',
  ]);
  for (const g of ['0', '1', '2']) {
    gcCollected.set([g], 0);
    gcUncollectable.set([g], 0);
    gcCollections.set([g], 0);
  }
  r.gauge('python_info', 'Python platform information', [
    'implementation',
    'major',
    'minor',
    'patchlevel',
    'version',
  ]).set(['CPython', '3', '12', '11', '3.12.11'], 1);
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  r.gauge('process_virtual_memory_bytes', 'Virtual memory size in bytes.', []).set([], mem.rss + mem.external);
  r.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', []).set([], mem.rss);
  r.gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', []).set(
    [],
    startedAt,
  );
  r.counter('process_cpu_seconds', 'Total user and system CPU time spent in seconds.', []).set(
    [],
    (cpu.user + cpu.system) / 1e6,
  );
  const fds = openFds();
  if (fds !== null) {
    r.gauge('process_open_fds', 'Number of open file descriptors.', []).set([], fds);
    r.gauge('process_max_fds', 'Maximum number of open file descriptors.', []).set([], 1048576);
  }
  // prometheus_client's process collector and gc collector print no _created samples.
  return r
    .render()
    .split('\n')
    .filter((line) => !/^(# (HELP|TYPE) )?(python_gc_\w+|process_cpu_seconds)_created/.test(line))
    .join('\n');
}
