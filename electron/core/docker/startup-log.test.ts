// Startup-log phase detection: every wording variant of docs/vllm.md, progress, vLLM's
// logged figures, and each fatal reason with its evidence line.
import { describe, expect, it } from 'vitest';
import {
  failureOnExit,
  initialStartupState,
  logMessage,
  readStartupLine,
  readStartupLog,
  type StartupLogState,
} from './startup-log';

const api = (msg: string, level = 'INFO', src = 'api_server.py:1839') =>
  `(APIServer pid=1) ${level} 11-21 04:54:22 [${src}] ${msg}`;
const core = (msg: string, level = 'INFO', src = 'gpu_model_runner.py:2602') =>
  `(EngineCore_DP0 pid=215) ${level} 11-21 04:54:23 [${src}] ${msg}`;

/** A V1 start of Qwen3-0.6B as vLLM 0.11–0.13 logs it. */
const V1_START = [
  api('vLLM API server version 0.11.0'),
  api("non-default args: {'model': 'Qwen/Qwen3-0.6B', 'max_model_len': 8192}", 'INFO', 'utils.py:233'),
  api('Resolved architecture: Qwen3ForCausalLM', 'INFO', 'model.py:547'),
  api('Using max model len 8192', 'INFO', 'model.py:1510'),
  core('Starting to load model Qwen/Qwen3-0.6B...'),
  core("Using model weights format ['*.safetensors']", 'INFO', 'default_loader.py:267'),
  core('Time spent downloading weights for Qwen/Qwen3-0.6B: 12.41 seconds', 'INFO', 'default_loader.py:290'),
  'Loading safetensors checkpoint shards:   0% Completed | 0/2 [00:00<?, ?it/s]',
  'Loading safetensors checkpoint shards:  50% Completed | 1/2 [00:00<00:00,  2.63it/s]',
  'Loading safetensors checkpoint shards: 100% Completed | 2/2 [00:00<00:00,  3.95it/s]',
  core('Loading weights took 0.52 seconds', 'INFO', 'default_loader.py:267'),
  core('Model loading took 1.1201 GiB and 13.25 seconds', 'INFO', 'gpu_model_runner.py:2653'),
  core('Dynamo bytecode transform time: 4.21 s', 'INFO', 'backends.py:548'),
  core('torch.compile takes 9.88 s in total', 'INFO', 'monitor.py:34'),
  core('Available KV cache memory: 66.36 GiB', 'INFO', 'gpu_worker.py:298'),
  core('GPU KV cache size: 621,264 tokens', 'INFO', 'kv_cache_utils.py:1087'),
  core('Maximum concurrency for 8,192 tokens per request: 75.84x', 'INFO', 'kv_cache_utils.py:1091'),
  'Capturing CUDA graphs (mixed prefill-decode, PIECEWISE):  45%|████▍     | 30/67 [00:01<00:01, 28.31it/s]',
  'Capturing CUDA graphs (mixed prefill-decode, PIECEWISE): 100%|██████████| 67/67 [00:02<00:00, 29.01it/s]',
  core('Graph capturing finished in 3 secs, took 0.52 GiB', 'INFO', 'gpu_model_runner.py:3480'),
  core('init engine (profile, create kv cache, warmup model) took 26.04 seconds', 'INFO', 'core.py:210'),
  api('Starting vLLM API server 0 on http://0.0.0.0:8000', 'INFO', 'api_server.py:1912'),
  '(APIServer pid=1) INFO:     Started server process [1]',
  '(APIServer pid=1) INFO:     Application startup complete.',
];

function phases(lines: string[]): string[] {
  const seen: string[] = [];
  let state = initialStartupState();
  for (const line of lines) {
    state = readStartupLine(state, line);
    if (seen[seen.length - 1] !== state.phase) seen.push(state.phase);
  }
  return seen;
}

describe('logMessage', () => {
  it('strips the process prefix and the level/time/source prefix, whatever they are', () => {
    expect(logMessage(api('Using max model len 8192'))).toBe('Using max model len 8192');
    expect(logMessage('INFO 11-21 04:54:22 [launcher.py:34] Available routes are:')).toBe('Available routes are:');
    expect(logMessage('(Worker_TP1 pid=77) WARNING 01-02 03:04:05.123 [x.py:9] hi')).toBe('hi');
  });
});

describe('a successful V1 start', () => {
  const state = readStartupLog(V1_START);

  it('goes starting → downloading → loading → compiling → ready, in order', () => {
    expect(phases(V1_START)).toEqual(['starting', 'downloading', 'loading', 'compiling', 'ready']);
    expect(state.serverUp).toBe(true);
    expect(state.url).toBe('http://0.0.0.0:8000');
    expect(state.failure).toBeNull();
  });

  it("keeps vLLM's own figures to show beside the fit estimate", () => {
    expect(state.logged).toEqual({
      version: '0.11.0',
      maxModelLen: 8192,
      weightsGib: 1.1201,
      availableKvGib: 66.36,
      kvCacheTokens: 621_264,
      maxConcurrency: 75.84,
      concurrencyAtLen: 8192,
      suggestedMaxModelLen: null,
    });
    expect(state.model).toBe('Qwen/Qwen3-0.6B');
  });

  it('reports shard progress while loading and CUDA-graph progress while compiling', () => {
    const mid = readStartupLog(V1_START.slice(0, 9));
    expect(mid.phase).toBe('loading');
    expect(mid.fraction).toBe(0.5);
    expect(mid.detail).toBe('1/2 checkpoint shards');
    const graphs = readStartupLog(V1_START.slice(0, 18));
    expect(graphs.phase).toBe('compiling');
    expect(graphs.fraction).toBe(0.45);
    expect(graphs.detail).toBe('capturing CUDA graphs 30/67');
  });
});

describe('wording variants', () => {
  const at = (lines: string[]) => readStartupLog(lines);

  it('"Model loading took G GiB memory and S seconds" (newer) and "Loading model weights took G GB" (V0)', () => {
    expect(at([core('Model loading took 15.0 GiB memory and 12.3 seconds')]).logged.weightsGib).toBe(15);
    expect(
      at(['INFO 12-02 10:00:00 model_runner.py:1072] Loading model weights took 14.9888 GB']).logged.weightsGib,
    ).toBe(14.9888);
  });

  it('all three API-server lines, and uvicorn\'s "Uvicorn running on"', () => {
    for (const line of [
      'Starting vLLM API server on http://0.0.0.0:8000',
      'Starting vLLM API server 0 on http://0.0.0.0:8000',
      'Starting vLLM server on http://0.0.0.0:8000',
      'Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)',
    ]) {
      expect(at([api(line)]).url).toBe('http://0.0.0.0:8000');
    }
  });

  it('V0 figures: "# GPU blocks: N" (16-token blocks) and unseparated concurrency lengths', () => {
    const s = at([
      'INFO 12-02 10:00:01 executor_base.py:110] # GPU blocks: 1952, # CPU blocks: 2048',
      'INFO 12-02 10:00:01 executor_base.py:115] Maximum concurrency for 20000 tokens per request: 1.56x',
    ]);
    expect(s.logged.kvCacheTokens).toBe(31_232);
    expect(s.logged.maxConcurrency).toBe(1.56);
    expect(s.logged.concurrencyAtLen).toBe(20_000);
  });

  it('older CUDA-graph bars ("Capturing CUDA graph shapes") and V0\'s "Capturing the model for CUDA graphs"', () => {
    expect(
      at([
        core('Starting to load model m...'),
        'Capturing CUDA graph shapes:  50%|█████     | 33/67 [00:10<00:10,  3.3it/s]',
      ]).fraction,
    ).toBe(0.5);
    expect(
      at([
        core('Starting to load model m...'),
        'INFO 12-02 model_runner.py:1400] Capturing the model for CUDA graphs. This may lead to unexpected consequences',
      ]).phase,
    ).toBe('compiling');
  });

  it('Hugging Face download bars give bytes and percent', () => {
    const s = at([
      core("Using model weights format ['*.safetensors']"),
      'model-00001-of-00004.safetensors:  45%|████▌     | 2.23G/4.98G [00:10<00:12, 215MB/s]',
    ]);
    expect(s.phase).toBe('downloading');
    expect(s.fraction).toBe(0.45);
    expect(s.detail).toBe('model-00001-of-00004.safetensors: 2.23G of 4.98G');
  });

  it('never moves backwards: a late download bar after compiling keeps "compiling"', () => {
    const s = at([
      core('Starting to load model m...'),
      core('torch.compile takes 9 s in total'),
      'Fetching 4 files:  50%|█████     | 2/4 [00:01<00:01]',
    ]);
    expect(s.phase).toBe('compiling');
  });
});

describe('fatal reasons', () => {
  const failed = (lines: string[]): StartupLogState => {
    const s = readStartupLog([core('Starting to load model meta-llama/Llama-3.1-8B-Instruct...'), ...lines]);
    expect(s.phase).toBe('failed');
    return s;
  };

  it('CUDA out of memory while loading: the model does not fit', () => {
    const line = core(
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 448.00 MiB. GPU 0 has a total capacity of 23.57 GiB of which 93.06 MiB is free.',
      'ERROR',
      'core.py:700',
    );
    const s = failed([line]);
    expect(s.failure).toMatchObject({ kind: 'cuda-oom', evidence: line });
    expect(s.failure?.reason).toMatch(/while loading the weights: the model does not fit/);
  });

  it('not enough free memory for --gpu-memory-utilization, with the utilization that would fit', () => {
    const line = core(
      'ValueError: Free memory on device cuda:0 (34.34/121.63 GiB) on startup is less than desired GPU memory utilization (0.8, 97.3 GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.',
      'ERROR',
    );
    const s = failed([line]);
    expect(s.failure?.kind).toBe('insufficient-free-memory');
    expect(s.failure?.reason).toMatch(
      /Only 34\.34 GiB of 121\.63 GiB is free on cuda:0.*97\.3 GiB.*--gpu-memory-utilization 0\.8.*lower --gpu-memory-utilization to 0\.27/,
    );
  });

  it("KV cache too small for max_model_len, with vLLM's suggested length", () => {
    const line = core(
      "ValueError: To serve at least one request with the models's max seq len (221000), (10.12 GiB KV cache is needed, which is larger than the available KV cache memory (5.59 GiB). Based on the available memory, the estimated maximum model length is 122080. Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.",
      'ERROR',
    );
    const s = failed([line]);
    expect(s.failure?.kind).toBe('kv-cache-too-small');
    expect(s.failure?.suggestedMaxModelLen).toBe(122_080);
    expect(s.logged.suggestedMaxModelLen).toBe(122_080);
    expect(s.failure?.reason).toMatch(/--max-model-len 122,080 or less/);
  });

  it('KV cache too small, V0 wording (maximum number of tokens that can be stored)', () => {
    const s = failed([
      "ValueError: The model's max seq len (29000) is larger than the maximum number of tokens that can be stored in KV cache (23648). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.",
    ]);
    expect(s.failure?.suggestedMaxModelLen).toBe(23_648);
  });

  it('gated model without a token', () => {
    const s = failed([
      'huggingface_hub.errors.GatedRepoError: 401 Client Error. (Request ID: Root=1-6740)',
      'Cannot access gated repo for url https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/resolve/main/config.json.',
      'Access to model meta-llama/Llama-3.1-8B-Instruct is restricted. You must have access to it and be authenticated to access it. Please log in.',
    ]);
    expect(s.failure?.kind).toBe('gated-model');
    expect(s.failure?.reason).toMatch(
      /meta-llama\/Llama-3\.1-8B-Instruct is gated on Hugging Face: accept its licence/,
    );
    expect(s.failure?.evidence).toMatch(/GatedRepoError/);
  });

  it('token without granted access, and a refused token', () => {
    expect(
      failed([
        'Access to model meta-llama/Llama-3.1-8B-Instruct is restricted and you are not in the authorized list. Visit https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct to ask for access.',
      ]).failure?.kind,
    ).toBe('access-not-granted');
    expect(
      failed([
        'requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://huggingface.co/api/models/x - Invalid credentials in Authorization header',
      ]).failure?.kind,
    ).toBe('bad-token');
  });

  it("missing model, in the Hub's and in vLLM's words", () => {
    expect(
      failed([
        'huggingface_hub.errors.RepositoryNotFoundError: 401 Client Error. Repository Not Found for url: https://huggingface.co/api/models/qwen/nope/revision/main.',
      ]).failure?.kind,
    ).toBe('model-not-found');
    const s = failed([
      "OSError: qwen/nope is not a local folder and is not a valid model identifier listed on 'https://huggingface.co/models'",
    ]);
    expect(s.failure?.kind).toBe('model-not-found');
    expect(
      readStartupLog(["ValueError: Invalid repository ID or local directory specified: 'qwen/nope'."]).failure?.reason,
    ).toMatch(/No model qwen\/nope on Hugging Face/);
  });

  it('unrecognized arguments, naming the removed --task', () => {
    const s = readStartupLog([
      'usage: vllm serve [model_tag] [options]',
      'vllm serve: error: unrecognized arguments: --task generate',
    ]);
    expect(s.phase).toBe('failed');
    expect(s.failure?.kind).toBe('unrecognized-arguments');
    expect(s.failure?.reason).toMatch(/does not know the arguments --task generate \(--task was removed in vLLM 0\.13/);
    expect(s.failure?.evidence).toBe('vllm serve: error: unrecognized arguments: --task generate');
  });

  it('a bad argument value', () => {
    const s = readStartupLog([
      "vllm serve: error: argument --kv-cache-dtype: invalid choice: 'fp7' (choose from 'auto', 'fp8')",
    ]);
    expect(s.failure?.kind).toBe('invalid-argument');
    expect(s.failure?.reason).toMatch(/rejected the value of --kv-cache-dtype: invalid choice/);
  });

  it('tensor parallel size that does not divide the heads; no GPU visible', () => {
    expect(
      failed(['ValueError: Total number of attention heads (40) must be divisible by tensor parallel size (3).'])
        .failure?.kind,
    ).toBe('tensor-parallel');
    expect(failed(['RuntimeError: No CUDA GPUs are available']).failure?.kind).toBe('no-gpu');
  });

  it('keeps the specific cause when generic errors follow it', () => {
    const s = failed([
      core('torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.', 'ERROR'),
      core('RuntimeError: Engine core initialization failed. See root cause above.', 'ERROR'),
    ]);
    expect(s.failure?.kind).toBe('cuda-oom');
  });

  it('lets a specific cause replace a generic error seen first', () => {
    const s = readStartupLog([
      'Traceback (most recent call last):',
      'ValueError: Free memory on device cuda:0 (1.00/80.00 GiB) on startup is less than desired GPU memory utilization (0.9, 72.0 GiB).',
    ]);
    expect(s.failure?.kind).toBe('insufficient-free-memory');
  });

  it('falls back to the last exception line, or to the exit code', () => {
    const s = readStartupLog([
      'ValueError: Bfloat16 is only supported on GPUs with compute capability of at least 8.0.',
    ]);
    expect(s.phase).toBe('starting');
    expect(failureOnExit(s, 1).reason).toBe(
      'The engine stopped with ValueError: Bfloat16 is only supported on GPUs with compute capability of at least 8.0.',
    );
    expect(failureOnExit(initialStartupState(), 137).reason).toMatch(/exited with code 137/);
    expect(failureOnExit(initialStartupState(), 137, true).reason).toMatch(/OOM killer/);
  });

  it('ignores warnings that merely mention errors', () => {
    const s = readStartupLog(['UserWarning: TypedStorage is deprecated', core('Starting to load model m...')]);
    expect(s.failure).toBeNull();
  });
});
