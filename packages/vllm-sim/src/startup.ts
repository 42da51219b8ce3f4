// vLLM's start-up, as its log shows it: the phases in order, spread over --startup-s, with the
// figures an orchestrator reads (max model len, weights, KV cache size, maximum concurrency).
// The server answers only after "Application startup complete." Also vLLM's fatal start error
// when the KV cache cannot hold one sequence of --max-model-len.
import type { ResolvedOptions } from './options';
import { pyRepr, uvicornLine, vllmLine, withCommas, type LogProcess } from './vllm-log';

interface StartupStep {
  /** Share of --startup-s elapsed when the lines are printed. */
  at: number;
  lines: (elapsedS: number) => string[];
}

const gib = (bytes: number) => bytes / 2 ** 30;

/** vLLM's ValueError when --max-model-len does not fit the KV cache, or null when it fits. */
export function kvCacheTooSmall(o: ResolvedOptions): string | null {
  const kvTokens = o.numGpuBlocks * o.blockSize;
  if (kvTokens >= o.maxModelLen) return null;
  const needGiB = gib(o.maxModelLen * o.card.kvBytesPerToken);
  const haveGiB = gib(kvTokens * o.card.kvBytesPerToken);
  return `To serve at least one request with the models's max seq len (${o.maxModelLen}), (${needGiB.toFixed(2)} GiB KV cache is needed, which is larger than the available KV cache memory (${haveGiB.toFixed(2)} GiB). Based on the available memory, the estimated maximum model length is ${kvTokens}. Try increasing \`gpu_memory_utilization\` or decreasing \`max_model_len\` when initializing the engine.`;
}

export function startupSteps(o: ResolvedOptions, url: string): StartupStep[] {
  const api = (source: string, message: string) => vllmLine('INFO', source, message, 'APIServer');
  const core = (source: string, message: string, proc: LogProcess = 'EngineCore_DP0') =>
    vllmLine('INFO', source, message, proc);
  const s = (x: number) => x.toFixed(2);
  const total = o.startupS;
  const kvTokens = o.numGpuBlocks * o.blockSize;
  const shards = Math.max(1, Math.ceil(o.card.weightsGiB / 4));
  const tasks = o.pooling ? "['embed', 'encode']" : "['generate']";
  const steps: StartupStep[] = [
    {
      at: 0,
      lines: () => [
        api('api_server.py:1839', `vLLM API server version ${o.vllmVersion}`),
        api('utils.py:233', `non-default args: ${pyRepr(o.nonDefaultArgs)}`),
      ],
    },
    {
      at: 0.03,
      lines: () => [
        api('model.py:547', `Resolved architecture: ${o.card.architecture}`),
        api('model.py:1510', `Using max model len ${o.maxModelLen}`),
        api('scheduler.py:205', `Chunked prefill is enabled with max_num_batched_tokens=${o.maxNumBatchedTokens}.`),
      ],
    },
    {
      at: 0.06,
      lines: () => [
        core(
          'core.py:77',
          `Initializing a V1 LLM engine (v${o.vllmVersion}) with config: model='${o.model}', max_seq_len=${o.maxModelLen}, served_model_name=${o.servedModelNames[0]}, enable_prefix_caching=${o.enablePrefixCaching ? 'True' : 'False'}`,
        ),
        core('gpu_model_runner.py:2602', `Starting to load model ${o.model}...`),
        core('default_loader.py:267', "Using model weights format ['*.safetensors']"),
      ],
    },
    {
      at: 0.2,
      lines: (t) => [
        core('default_loader.py:290', `Time spent downloading weights for ${o.model}: ${s(t * 0.6)} seconds`),
      ],
    },
    {
      at: 0.35,
      lines: () =>
        Array.from({ length: shards + 1 }, (_, i) => {
          const pct = Math.round((i / shards) * 100);
          return `Loading safetensors checkpoint shards: ${String(pct).padStart(3)}% Completed | ${i}/${shards} [00:00<?, ?it/s]`;
        }),
    },
    {
      at: 0.4,
      lines: (t) => [
        core('default_loader.py:267', `Loading weights took ${s(t * 0.3)} seconds`),
        core(
          'gpu_model_runner.py:2653',
          `Model loading took ${o.card.weightsGiB.toFixed(4)} GiB and ${s(t * 0.35)} seconds`,
        ),
      ],
    },
    { at: 0.6, lines: (t) => [core('monitor.py:34', `torch.compile takes ${s(t * 0.2)} s in total`)] },
    {
      at: 0.75,
      lines: () => [
        core(
          'gpu_worker.py:298',
          `Available KV cache memory: ${gib(kvTokens * o.card.kvBytesPerToken).toFixed(2)} GiB`,
        ),
        core('kv_cache_utils.py:1087', `GPU KV cache size: ${withCommas(kvTokens)} tokens`),
        core(
          'kv_cache_utils.py:1091',
          `Maximum concurrency for ${withCommas(o.maxModelLen)} tokens per request: ${(kvTokens / o.maxModelLen).toFixed(2)}x`,
        ),
      ],
    },
    {
      at: 0.85,
      lines: (t) => [
        'Capturing CUDA graphs (mixed prefill-decode, PIECEWISE): 100%|██████████| 67/67 [00:01<00:00, 45.12it/s]',
        core(
          'gpu_model_runner.py:3480',
          `Graph capturing finished in ${Math.max(1, Math.round(t * 0.1))} secs, took 0.52 GiB`,
        ),
      ],
    },
    {
      at: 0.95,
      lines: (t) => [
        core('core.py:210', `init engine (profile, create kv cache, warmup model) took ${s(t * 0.55)} seconds`),
      ],
    },
    {
      at: 1,
      lines: () => [
        api('api_server.py:1634', `Supported_tasks: ${tasks}`),
        api('api_server.py:1912', `Starting vLLM API server 0 on ${url}`),
        api('launcher.py:34', 'Available routes are:'),
        uvicornLine(`Started server process [${process.pid}]`),
        uvicornLine('Waiting for application startup.'),
        uvicornLine('Application startup complete.'),
      ],
    },
  ];
  return steps.map((step) => ({ ...step, at: step.at * total }));
}

/**
 * Prints the start-up lines on schedule; resolves when the server may answer. `cancel` stops
 * a start-up in progress (the promise then rejects).
 */
export function runStartup(o: ResolvedOptions, url: string): { done: Promise<void>; cancel: () => void } {
  const timers: NodeJS.Timeout[] = [];
  let cancelled = false;
  const started = Date.now();
  let abort: (err: Error) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    abort = reject;
    const steps = startupSteps(o, url);
    const run = (i: number) => {
      if (cancelled) return;
      if (i >= steps.length) {
        resolve();
        return;
      }
      const elapsed = (Date.now() - started) / 1000;
      for (const line of steps[i].lines(Math.max(elapsed, steps[i].at))) o.log(line);
      const nextAt = i + 1 < steps.length ? steps[i + 1].at : steps[i].at;
      const delay = Math.max(0, started + nextAt * 1000 - Date.now());
      if (delay === 0) run(i + 1);
      else timers.push(setTimeout(() => run(i + 1), delay));
    };
    run(0);
  });
  return {
    done,
    cancel: () => {
      if (cancelled) return;
      cancelled = true;
      timers.forEach(clearTimeout);
      abort(new Error('the simulator was closed before its start-up completed'));
    },
  };
}
