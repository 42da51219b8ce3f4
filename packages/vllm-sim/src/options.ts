// The simulator's settings: what `switchyard sim` (vLLM's engine arguments plus a few of its own)
// and in-process callers (tests, demo mode) can set, and the defaults that fill the rest.
import { describeModel, type ModelCard } from './model-card';
import { REASONING_PARSERS } from './reasoning';
import { TOOL_CALL_PARSERS } from './tool-calls';

export type FailureType =
  | 'server_error'
  | 'rate_limit'
  | 'context_length'
  | 'timeout'
  | 'reset'
  | 'invalid_api_key'
  | 'model_not_found';

export const FAILURE_TYPES: readonly FailureType[] = [
  'server_error',
  'rate_limit',
  'context_length',
  'timeout',
  'reset',
  'invalid_api_key',
  'model_not_found',
];

/** Failures drawn by --failure-rate unless --failure-types names others. */
export const DEFAULT_FAILURE_TYPES: readonly FailureType[] = [
  'server_error',
  'rate_limit',
  'context_length',
  'timeout',
  'reset',
];

export interface SimulatorOptions {
  /** The model id, as `--model` (also the `root` of each /v1/models card). */
  model: string;
  /** Names the model is served under; the first labels /metrics. Default: [model]. */
  servedModelNames?: string[];
  host?: string;
  /** 0 = any free port. */
  port?: number;
  maxModelLen?: number;
  maxNumSeqs?: number;
  maxNumBatchedTokens?: number;
  numGpuBlocks?: number;
  /** Tokens per KV block (16). */
  blockSize?: number;
  enablePrefixCaching?: boolean;
  gpuMemoryUtilization?: number;
  kvCacheDtype?: string;
  /** Fixed part of the time to first token, ms. */
  ttftMs?: number;
  /** Time per output token at batch size 1, ms. */
  itlMs?: number;
  /** How much a full batch slows each decode step: 1 = twice as slow at max-num-seqs. */
  itlBatchFactor?: number;
  /** Prefill cost per uncached prompt token, ms (default 0.02, or 0 in instant mode). */
  prefillMsPerToken?: number;
  /** Mean natural answer length, tokens (log-normal). */
  outputLenMean?: number;
  /** Seeds failure injection. */
  seed?: number;
  /** Seconds the startup phases take before /health answers. */
  startupS?: number;
  /** Seconds POST /sleep takes before it answers (offloading the weights); the engine stops at once. */
  sleepS?: number;
  /** Seconds POST /wake_up takes (reloading the weights, rebuilding the KV cache); work waits until then. */
  wakeUpS?: number;
  /** Share of requests (0–1) that fail with one of `failureTypes`. */
  failureRate?: number;
  failureTypes?: FailureType[];
  /** The engine dies after serving this many requests. */
  crashAfter?: number;
  apiKeys?: string[];
  /** `generate`, `pooling` (embeddings), or `auto` (from the model's name). */
  runner?: 'auto' | 'generate' | 'pooling';
  embeddingDim?: number;
  /** The vLLM release whose metric names to emit; below 0.12 adds the deprecated names. */
  metricsVersion?: string;
  /** What /version and the first log line report. */
  vllmVersion?: string;
  /** VLLM_SERVER_DEV_MODE=1: the sleep and reset-prefix-cache routes exist. */
  devMode?: boolean;
  enableSleepMode?: boolean;
  enableServerLoadTracking?: boolean;
  enableRequestIdHeaders?: boolean;
  enableForceIncludeUsage?: boolean;
  /** "auto" tool choice (needs `toolCallParser`, as on vLLM); named and "required" work without. */
  enableAutoToolChoice?: boolean;
  /** --tool-call-parser: the format the model writes tool calls in (hermes, llama3_json, …). */
  toolCallParser?: string;
  /** --reasoning-parser: the model thinks first and the answer carries `reasoning` (qwen3, …). */
  reasoningParser?: string;
  /** uvicorn's per-request access log lines (default on). */
  accessLog?: boolean;
  /** The periodic "Engine 000: Avg prompt throughput…" line, seconds (10; 0 = off). */
  statsIntervalS?: number;
  /** Arguments that differ from vLLM's defaults, for the `non-default args:` line. */
  nonDefaultArgs?: Record<string, unknown>;
  /**
   * Called when the engine dies (--crash-after). `switchyard sim` exits non-zero here; in process
   * the simulator stops listening and /health would answer 503.
   */
  onCrash?: () => void;
  log?: (line: string) => void;
}

export type ResolvedOptions = Required<Omit<SimulatorOptions, 'onCrash' | 'log'>> & {
  onCrash?: () => void;
  log: (line: string) => void;
  card: ModelCard;
  pooling: boolean;
};

export const DEFAULT_VLLM_VERSION = '0.13.0';

function positive(name: string, value: number, integer = true): number {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be 0 or more, got ${value}`);
  return value;
}

/** vLLM's start-up check of a parser name ('' when none is set). */
function checkParser(kind: string, name: string | undefined, known: readonly string[]): string {
  if (!name) return '';
  if (!known.includes(name)) throw new Error(`invalid ${kind} parser: ${name} (chose from { ${known.join(',')} })`);
  return name;
}

export function resolveOptions(opts: SimulatorOptions): ResolvedOptions {
  if (!opts.model) throw new Error('model is required (the --model value)');
  if (opts.enableAutoToolChoice && !opts.toolCallParser) {
    throw new Error('Error: --enable-auto-tool-choice requires --tool-call-parser');
  }
  const card = describeModel(opts.model);
  const runner = opts.runner ?? 'auto';
  const pooling = runner === 'pooling' || (runner === 'auto' && card.pooling);
  const ttftMs = nonNegative('ttftMs', opts.ttftMs ?? 20);
  const itlMs = nonNegative('itlMs', opts.itlMs ?? 10);
  const instant = ttftMs === 0 && itlMs === 0;
  const maxModelLen = positive('maxModelLen', opts.maxModelLen ?? 4096);
  const blockSize = positive('blockSize', opts.blockSize ?? 16);
  const failureRate = nonNegative('failureRate', opts.failureRate ?? 0);
  if (failureRate > 1) throw new Error(`failureRate must be between 0 and 1, got ${failureRate}`);
  return {
    model: opts.model,
    servedModelNames: opts.servedModelNames?.length ? opts.servedModelNames : [opts.model],
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    maxModelLen,
    maxNumSeqs: positive('maxNumSeqs', opts.maxNumSeqs ?? 256),
    maxNumBatchedTokens: positive('maxNumBatchedTokens', opts.maxNumBatchedTokens ?? Math.max(8192, maxModelLen)),
    numGpuBlocks: positive('numGpuBlocks', opts.numGpuBlocks ?? Math.max(4096, Math.ceil(maxModelLen / blockSize))),
    blockSize,
    enablePrefixCaching: opts.enablePrefixCaching ?? !pooling,
    gpuMemoryUtilization: opts.gpuMemoryUtilization ?? 0.9,
    kvCacheDtype: opts.kvCacheDtype ?? 'auto',
    ttftMs,
    itlMs,
    itlBatchFactor: nonNegative('itlBatchFactor', opts.itlBatchFactor ?? 1),
    prefillMsPerToken: nonNegative('prefillMsPerToken', opts.prefillMsPerToken ?? (instant ? 0 : 0.02)),
    outputLenMean: positive('outputLenMean', opts.outputLenMean ?? 128, false),
    seed: opts.seed ?? 0,
    startupS: nonNegative('startupS', opts.startupS ?? 0),
    sleepS: nonNegative('sleepS', opts.sleepS ?? 0),
    wakeUpS: nonNegative('wakeUpS', opts.wakeUpS ?? 0),
    failureRate,
    failureTypes: opts.failureTypes?.length ? opts.failureTypes : [...DEFAULT_FAILURE_TYPES],
    crashAfter: opts.crashAfter ?? 0,
    apiKeys: opts.apiKeys ?? [],
    runner,
    embeddingDim: positive('embeddingDim', opts.embeddingDim ?? card.embeddingDim),
    metricsVersion: opts.metricsVersion ?? opts.vllmVersion ?? DEFAULT_VLLM_VERSION,
    vllmVersion: opts.vllmVersion ?? DEFAULT_VLLM_VERSION,
    devMode: opts.devMode ?? false,
    enableSleepMode: opts.enableSleepMode ?? false,
    enableServerLoadTracking: opts.enableServerLoadTracking ?? false,
    enableRequestIdHeaders: opts.enableRequestIdHeaders ?? false,
    enableForceIncludeUsage: opts.enableForceIncludeUsage ?? false,
    enableAutoToolChoice: opts.enableAutoToolChoice ?? false,
    toolCallParser: checkParser('tool call', opts.toolCallParser, TOOL_CALL_PARSERS),
    reasoningParser: checkParser('reasoning', opts.reasoningParser, REASONING_PARSERS),
    accessLog: opts.accessLog ?? true,
    statsIntervalS: nonNegative('statsIntervalS', opts.statsIntervalS ?? 10),
    nonDefaultArgs: opts.nonDefaultArgs ?? { model: opts.model },
    onCrash: opts.onCrash,
    log: opts.log ?? (() => {}),
    card,
    pooling,
  };
}
