// What every route of one simulator shares: its options, the engine and its metrics, failure
// injection, and the checks vLLM applies to every request (model name, context length).
import { Engine } from './engine';
import { FailureInjector } from './failures';
import { contextLengthError, modelNotFound, VllmError } from './http-io';
import type { ResolvedOptions } from './options';
import { pyFloat } from './prom-text';
import { VllmMetrics } from './vllm-metrics';

export class SimContext {
  readonly opts: ResolvedOptions;
  readonly engine: Engine;
  readonly metrics: VllmMetrics;
  readonly failures: FailureInjector;
  /** Requests in flight on the generate and pooling routes (GET /load). */
  inFlight = 0;
  /** Inference requests answered, for --crash-after. */
  served = 0;
  dead = false;
  /** Set by the server: what to do when the engine dies. */
  onEngineDeath: () => void = () => {};

  constructor(opts: ResolvedOptions) {
    this.opts = opts;
    const kvTokens = opts.numGpuBlocks * opts.blockSize;
    this.metrics = new VllmMetrics({
      modelName: opts.servedModelNames[0],
      maxModelLen: opts.maxModelLen,
      metricsVersion: opts.metricsVersion,
      cacheConfigInfo: {
        block_size: String(opts.blockSize),
        cache_dtype: opts.kvCacheDtype,
        calculate_kv_scales: 'False',
        cpu_offload_gb: '0',
        enable_prefix_caching: opts.enablePrefixCaching ? 'True' : 'False',
        gpu_memory_utilization: pyFloat(opts.gpuMemoryUtilization),
        is_attention_free: 'False',
        kv_cache_max_concurrency: pyFloat(kvTokens / opts.maxModelLen),
        kv_cache_size_tokens: String(kvTokens),
        num_cpu_blocks: 'None',
        num_gpu_blocks: String(opts.numGpuBlocks),
        num_gpu_blocks_override: 'None',
        prefix_caching_hash_algo: 'sha256',
        sliding_window: 'None',
        swap_space: '4',
        swap_space_bytes: String(4 * 2 ** 30),
      },
    });
    this.engine = new Engine(
      {
        maxNumSeqs: opts.maxNumSeqs,
        maxNumBatchedTokens: opts.maxNumBatchedTokens,
        numGpuBlocks: opts.numGpuBlocks,
        blockSize: opts.blockSize,
        enablePrefixCaching: opts.enablePrefixCaching,
        ttftMs: opts.ttftMs,
        itlMs: opts.itlMs,
        itlBatchFactor: opts.itlBatchFactor,
        prefillMsPerToken: opts.prefillMsPerToken,
      },
      this.metrics,
    );
    this.metrics.attach(this.engine);
    this.failures = new FailureInjector(opts.failureRate, opts.failureTypes, opts.seed);
  }

  /**
   * The name a response reports for the requested model: the request's own when served,
   * the first served name when it gave none; vLLM's 404 otherwise.
   */
  modelName(requested: unknown): string {
    if (requested === undefined || requested === null || requested === '') return this.opts.servedModelNames[0];
    if (typeof requested === 'string' && this.opts.servedModelNames.includes(requested)) return requested;
    throw modelNotFound(String(requested));
  }

  /** vLLM's check of prompt length plus max_tokens against --max-model-len. */
  checkContextLength(promptTokens: number, maxTokens: number | null): void {
    const max = this.opts.maxModelLen;
    if (maxTokens === null) {
      if (promptTokens >= max) {
        throw new VllmError(
          400,
          `This model's maximum context length is ${max} tokens. However, you requested ${promptTokens} tokens in the messages, Please reduce the length of the messages.`,
        );
      }
    } else if (promptTokens + maxTokens > max) {
      throw contextLengthError(max, promptTokens, maxTokens);
    }
  }

  /** Counts an answered inference request; the engine dies on the --crash-after'th. */
  noteServed(): void {
    this.served++;
    if (this.opts.crashAfter > 0 && this.served >= this.opts.crashAfter && !this.dead) {
      this.dead = true;
      // Let the response that reached the limit leave first.
      setImmediate(() => this.onEngineDeath());
    }
  }
}
