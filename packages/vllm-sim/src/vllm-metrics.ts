// vLLM's /metrics, as vllm/v1/metrics/loggers.py defines them: names, types, HELP text, labels
// (`model_name`, `engine`, `finished_reason`) and histogram buckets. The scheduler model feeds
// them through EngineObserver; gauges are read from the engine at scrape time. With a metrics
// version below 0.12 the pre-0.12 names are emitted as well, as those releases did.
import type { Engine, EngineObserver } from './engine';
import type { FinishReason, Sequence } from './sequence';
import { Registry, type Metric } from './prom-text';

const TTFT_BUCKETS = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0,
  640.0, 2560.0,
];
const ITL_BUCKETS = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0,
];
const REQUEST_LATENCY_BUCKETS = [
  0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0,
  7680.0,
];
const ITERATION_TOKEN_BUCKETS = [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];
const FINISH_REASONS: FinishReason[] = ['stop', 'length', 'abort', 'error'];

/** vLLM's build_1_2_5_buckets: 1, 2, 5, 10, 20, 50, … up to `max`. */
export function buckets125(max: number): number[] {
  const out: number[] = [];
  for (let exponent = 0; ; exponent++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** exponent;
      if (v > max) return out;
      out.push(v);
    }
  }
}

export interface VllmMetricsConfig {
  modelName: string;
  maxModelLen: number;
  /** "0.13" style; below 0.12 adds the deprecated names. */
  metricsVersion: string;
  cacheConfigInfo: Record<string, string>;
}

function olderThan(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return a < major || (a === major && b < minor);
}

export class VllmMetrics implements EngineObserver {
  readonly registry = new Registry();
  private readonly labels: string[];
  private readonly legacy: boolean;
  private engine: Engine | null = null;
  private readonly m: Record<string, Metric> = {};
  private readonly success = new Map<FinishReason, string[]>();

  constructor(config: VllmMetricsConfig) {
    this.labels = [config.modelName, '0'];
    this.legacy = olderThan(config.metricsVersion, 0, 12);
    const r = this.registry;
    const ln = ['model_name', 'engine'];
    const m = this.m;
    m.running = r.gauge('vllm:num_requests_running', 'Number of requests in model execution batches.', ln);
    m.waiting = r.gauge('vllm:num_requests_waiting', 'Number of requests waiting to be processed.', ln);
    m.sleep = r.gauge(
      'vllm:engine_sleep_state',
      'Engine sleep state; awake = 0 means engine is sleeping; awake = 1 means engine is awake; weights_offloaded = 1 means sleep level 1; discard_all = 1 means sleep level 2.',
      [...ln, 'sleep_state'],
    );
    if (this.legacy)
      m.gpuCache = r.gauge(
        'vllm:gpu_cache_usage_perc',
        'GPU KV-cache usage. 1 means 100 percent usage.DEPRECATED: Use vllm:kv_cache_usage_perc instead.',
        ln,
      );
    m.kvCache = r.gauge('vllm:kv_cache_usage_perc', 'KV-cache usage. 1 means 100 percent usage.', ln);
    if (this.legacy) {
      m.gpuPrefixQueries = r.counter(
        'vllm:gpu_prefix_cache_queries',
        'GPU prefix cache queries, in terms of number of queried tokens.DEPRECATED: Use vllm:prefix_cache_queries instead.',
        ln,
      );
      m.gpuPrefixHits = r.counter(
        'vllm:gpu_prefix_cache_hits',
        'GPU prefix cache hits, in terms of number of cached tokens.DEPRECATED: Use vllm:prefix_cache_hits instead.',
        ln,
      );
    }
    m.prefixQueries = r.counter(
      'vllm:prefix_cache_queries',
      'Prefix cache queries, in terms of number of queried tokens.',
      ln,
    );
    m.prefixHits = r.counter('vllm:prefix_cache_hits', 'Prefix cache hits, in terms of number of cached tokens.', ln);
    m.preemptions = r.counter('vllm:num_preemptions', 'Cumulative number of preemption from the engine.', ln);
    m.promptTokens = r.counter('vllm:prompt_tokens', 'Number of prefill tokens processed.', ln);
    m.generationTokens = r.counter('vllm:generation_tokens', 'Number of generation tokens processed.', ln);
    m.success = r.counter('vllm:request_success', 'Count of successfully processed requests.', [
      ...ln,
      'finished_reason',
    ]);
    m.requestPromptTokens = r.histogram(
      'vllm:request_prompt_tokens',
      'Number of prefill tokens processed.',
      ln,
      buckets125(config.maxModelLen),
    );
    m.requestGenerationTokens = r.histogram(
      'vllm:request_generation_tokens',
      'Number of generation tokens processed.',
      ln,
      buckets125(config.maxModelLen),
    );
    m.iterationTokens = r.histogram(
      'vllm:iteration_tokens_total',
      'Histogram of number of tokens per engine_step.',
      ln,
      ITERATION_TOKEN_BUCKETS,
    );
    m.paramsN = r.histogram('vllm:request_params_n', 'Histogram of the n request parameter.', ln, [1, 2, 5, 10, 20]);
    m.paramsMaxTokens = r.histogram(
      'vllm:request_params_max_tokens',
      'Histogram of the max_tokens request parameter.',
      ln,
      buckets125(config.maxModelLen),
    );
    m.ttft = r.histogram(
      'vllm:time_to_first_token_seconds',
      'Histogram of time to first token in seconds.',
      ln,
      TTFT_BUCKETS,
    );
    if (this.legacy)
      m.tpotLegacy = r.histogram(
        'vllm:time_per_output_token_seconds',
        'Histogram of time per output token in seconds.DEPRECATED: Use vllm:inter_token_latency_seconds instead.',
        ln,
        ITL_BUCKETS,
      );
    m.itl = r.histogram(
      'vllm:inter_token_latency_seconds',
      'Histogram of inter-token latency in seconds.',
      ln,
      ITL_BUCKETS,
    );
    m.tpot = r.histogram(
      'vllm:request_time_per_output_token_seconds',
      'Histogram of time_per_output_token_seconds per request.',
      ln,
      ITL_BUCKETS,
    );
    m.e2e = r.histogram(
      'vllm:e2e_request_latency_seconds',
      'Histogram of e2e request latency in seconds.',
      ln,
      REQUEST_LATENCY_BUCKETS,
    );
    m.queue = r.histogram(
      'vllm:request_queue_time_seconds',
      'Histogram of time spent in WAITING phase for request.',
      ln,
      REQUEST_LATENCY_BUCKETS,
    );
    m.inference = r.histogram(
      'vllm:request_inference_time_seconds',
      'Histogram of time spent in RUNNING phase for request.',
      ln,
      REQUEST_LATENCY_BUCKETS,
    );
    m.prefill = r.histogram(
      'vllm:request_prefill_time_seconds',
      'Histogram of time spent in PREFILL phase for request.',
      ln,
      REQUEST_LATENCY_BUCKETS,
    );
    m.decode = r.histogram(
      'vllm:request_decode_time_seconds',
      'Histogram of time spent in DECODE phase for request.',
      ln,
      REQUEST_LATENCY_BUCKETS,
    );
    const info = { ...config.cacheConfigInfo, engine: '0' };
    r.gauge('vllm:cache_config_info', 'Information of the LLMEngine CacheConfig', Object.keys(info)).set(
      Object.values(info),
      1,
    );

    // Every labelled child exists from the start, as in vLLM, so a fresh scrape shows zeros.
    for (const metric of Object.values(m)) if (metric !== m.success && metric !== m.sleep) metric.child(this.labels);
    for (const reason of FINISH_REASONS) {
      const values = [...this.labels, reason];
      this.success.set(reason, values);
      m.success.child(values);
    }
  }

  attach(engine: Engine): void {
    this.engine = engine;
  }

  /** The /metrics page, gauges read from the engine now. */
  render(): string {
    const e = this.engine;
    if (e) {
      const { m, labels } = this;
      m.running.set(labels, e.numRunning);
      m.waiting.set(labels, e.numWaiting);
      m.kvCache.set(labels, e.kv.usage);
      m.gpuCache?.set(labels, e.kv.usage);
      const level = e.sleeping;
      m.sleep.set([...labels, 'awake'], level === 0 ? 1 : 0);
      m.sleep.set([...labels, 'weights_offloaded'], level === 1 ? 1 : 0);
      m.sleep.set([...labels, 'discard_all'], level === 2 ? 1 : 0);
    }
    return this.registry.render();
  }

  /** Cumulative counters, for the periodic stats log line. */
  totals(): {
    promptTokens: number;
    generationTokens: number;
    prefixQueries: number;
    prefixHits: number;
    preemptions: number;
  } {
    const v = (metric: Metric) => metric.child(this.labels).value;
    return {
      promptTokens: v(this.m.promptTokens),
      generationTokens: v(this.m.generationTokens),
      prefixQueries: v(this.m.prefixQueries),
      prefixHits: v(this.m.prefixHits),
      preemptions: v(this.m.preemptions),
    };
  }

  preempted(): void {
    this.m.preemptions.inc(this.labels);
  }

  prefixQueried(queryTokens: number, hitTokens: number): void {
    this.m.prefixQueries.inc(this.labels, queryTokens);
    this.m.prefixHits.inc(this.labels, hitTokens);
    this.m.gpuPrefixQueries?.inc(this.labels, queryTokens);
    this.m.gpuPrefixHits?.inc(this.labels, hitTokens);
  }

  iteration(numTokens: number): void {
    this.m.iterationTokens.observe(this.labels, numTokens);
  }

  firstToken(seq: Sequence): void {
    this.m.promptTokens.inc(this.labels, seq.numPromptTokens);
    if (!seq.pooling) this.m.generationTokens.inc(this.labels);
    this.m.ttft.observe(this.labels, (seq.firstTokenAt! - seq.arrivalAt) / 1000);
  }

  /** A token after the first: counted as generated now, so a scrape mid-load sees progress. */
  tokenGap(seconds: number): void {
    this.m.generationTokens.inc(this.labels);
    this.m.itl.observe(this.labels, seconds);
    this.m.tpotLegacy?.observe(this.labels, seconds);
  }

  finished(seq: Sequence, reason: FinishReason): void {
    const { m, labels } = this;
    const generated = seq.pooling ? 0 : seq.numGenerated;
    m.success.inc(this.success.get(reason)!);
    m.requestPromptTokens.observe(labels, seq.numPromptTokens);
    m.requestGenerationTokens.observe(labels, generated);
    m.paramsN.observe(labels, seq.spec.n);
    if (seq.spec.maxTokensParam !== null) m.paramsMaxTokens.observe(labels, seq.spec.maxTokensParam);
    const end = seq.finishedAt!;
    m.e2e.observe(labels, (end - seq.arrivalAt) / 1000);
    if (seq.scheduledAt === null) return; // aborted while waiting: never ran
    m.queue.observe(labels, (seq.scheduledAt - seq.arrivalAt) / 1000);
    m.inference.observe(labels, (end - seq.scheduledAt) / 1000);
    const firstToken = seq.firstTokenAt ?? end;
    m.prefill.observe(labels, (firstToken - seq.scheduledAt) / 1000);
    m.decode.observe(labels, (end - firstToken) / 1000);
    if (generated > 1) m.tpot.observe(labels, (end - firstToken) / 1000 / (generated - 1));
  }
}
