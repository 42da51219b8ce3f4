// Reads vLLM's startup log, line by line, into a phase with progress and, when the start fails,
// the reason in plain words with the line that proves it. Also keeps vLLM's own figures (KV cache
// tokens, maximum concurrency, …) to put beside the fit estimate. Pure: state in, line in, state
// out. Matches messages, not prefixes ("(APIServer pid=1) INFO 11-21 04:54:22 [x.py:1]" varies),
// and every wording variant in docs/vllm.md (V0 and V1, old and new server lines).

export type StartupPhase = 'starting' | 'downloading' | 'loading' | 'compiling' | 'ready' | 'failed';

export type StartupFailureKind =
  | 'cuda-oom'
  | 'insufficient-free-memory'
  | 'kv-cache-too-small'
  | 'gated-model'
  | 'access-not-granted'
  | 'bad-token'
  | 'model-not-found'
  | 'hub-unreachable'
  | 'unrecognized-arguments'
  | 'invalid-argument'
  | 'no-gpu'
  | 'tensor-parallel'
  | 'max-model-len-too-long'
  | 'engine-error';

export interface StartupFailure {
  kind: StartupFailureKind;
  /** What happened and what to do, in words a person can act on. */
  reason: string;
  /** The log line that proves it. */
  evidence: string;
  /** vLLM's suggested maximum model length, when it gave one. */
  suggestedMaxModelLen?: number;
}

export interface LoggedFigures {
  version: string | null;
  maxModelLen: number | null;
  weightsGib: number | null;
  availableKvGib: number | null;
  kvCacheTokens: number | null;
  maxConcurrency: number | null;
  /** The context length maxConcurrency refers to. */
  concurrencyAtLen: number | null;
  suggestedMaxModelLen: number | null;
}

export interface StartupLogState {
  phase: StartupPhase;
  /** 0–1 within the phase, when the log shows it (shards, download bars, CUDA graphs). */
  fraction: number | null;
  detail: string | null;
  failure: StartupFailure | null;
  logged: LoggedFigures;
  /** The model being served, as "Starting to load model X..." names it. */
  model: string | null;
  /** vLLM said the HTTP server is up; /health decides readiness. */
  serverUp: boolean;
  url: string | null;
}

export function initialStartupState(): StartupLogState {
  return {
    phase: 'starting',
    fraction: null,
    detail: null,
    failure: null,
    model: null,
    serverUp: false,
    url: null,
    logged: {
      version: null,
      maxModelLen: null,
      weightsGib: null,
      availableKvGib: null,
      kvCacheTokens: null,
      maxConcurrency: null,
      concurrencyAtLen: null,
      suggestedMaxModelLen: null,
    },
  };
}

const num = (s: string) => Number(s.replace(/,/g, ''));
const PHASE_ORDER: StartupPhase[] = ['starting', 'downloading', 'loading', 'compiling', 'ready'];
/** Phases only move forward (a late download bar must not pull "compiling" back). */
const advance = (from: StartupPhase, to: StartupPhase): boolean => PHASE_ORDER.indexOf(to) >= PHASE_ORDER.indexOf(from);

interface FailureRule {
  kind: StartupFailureKind;
  pattern: RegExp;
  reason: (m: RegExpExecArray, state: StartupLogState) => string;
  suggested?: (m: RegExpExecArray) => number | undefined;
}

const modelOf = (s: StartupLogState) => s.model ?? 'this model';

/** Specific causes, most specific first. The first one matched wins over later generic errors. */
const FAILURES: FailureRule[] = [
  {
    kind: 'insufficient-free-memory',
    pattern:
      /Free memory on device (\S+) \(([\d.]+)\/([\d.]+) GiB\) on startup is less than desired GPU memory utilization \(([\d.]+), ([\d.]+) GiB\)/,
    reason: (m) =>
      `Only ${m[2]} GiB of ${m[3]} GiB is free on ${m[1]}, less than the ${m[5]} GiB that --gpu-memory-utilization ${m[4]} asks for: another process or engine holds GPU memory. Stop it, or lower --gpu-memory-utilization to ${Math.max(0.05, Math.floor((Number(m[2]) / Number(m[3])) * 100 - 1) / 100).toFixed(2)} or less.`,
  },
  {
    kind: 'kv-cache-too-small',
    pattern:
      /max seq len \(([\d,]+)\), \(([\d.]+) GiB KV cache is needed, which is larger than the available KV cache memory \(([\d.]+) GiB\)\.(?: Based on the available memory, the estimated maximum model length is (\d+)\.)?/,
    reason: (m) =>
      `A ${m[1]}-token request needs ${m[2]} GiB of KV cache, but only ${m[3]} GiB is left after the weights. ${m[4] ? `Set --max-model-len ${num(m[4]).toLocaleString('en-US')} or less (vLLM's estimate), ` : 'Lower --max-model-len, '}raise --gpu-memory-utilization, use --kv-cache-dtype fp8, or add GPUs.`,
    suggested: (m) => (m[4] ? num(m[4]) : undefined),
  },
  {
    kind: 'kv-cache-too-small',
    pattern:
      /The model's max seq len \((\d+)\) is larger than the maximum number of tokens that can be stored in KV cache \((\d+)\)/,
    reason: (m) =>
      `A ${m[1]}-token request does not fit: the KV cache holds ${num(m[2]).toLocaleString('en-US')} tokens. Set --max-model-len ${num(m[2]).toLocaleString('en-US')} or less, raise --gpu-memory-utilization, or add GPUs.`,
    suggested: (m) => num(m[2]),
  },
  {
    kind: 'kv-cache-too-small',
    pattern: /No available memory for the cache blocks/,
    reason: () =>
      'The weights and activations leave no GPU memory for the KV cache: raise --gpu-memory-utilization, use a quantized model, or add GPUs (--tensor-parallel-size).',
  },
  {
    kind: 'cuda-oom',
    pattern: /CUDA out of memory|OutOfMemoryError|CUDA error: out of memory/,
    reason: (_m, s) =>
      `The GPU ran out of memory (CUDA out of memory)${s.phase === 'loading' || s.phase === 'downloading' || (s.phase === 'starting' && s.model) ? ' while loading the weights: the model does not fit on these GPUs. Use more GPUs (--tensor-parallel-size) or a quantized checkpoint' : s.phase === 'compiling' ? ' while capturing CUDA graphs: lower --gpu-memory-utilization a little, or add --enforce-eager' : ': lower --gpu-memory-utilization, --max-num-seqs or --max-model-len, or use more GPUs'}.`,
  },
  {
    kind: 'access-not-granted',
    pattern: /(?:403 Client Error|Access to model (\S+) is restricted and you are not in the authorized list)/,
    reason: (m, s) =>
      `Your Hugging Face account has not been granted access to ${(m[1] ?? modelOf(s)).replace(/\.$/, '')} yet: request access on its Hugging Face page (approval can take a while), then deploy again.`,
  },
  {
    kind: 'bad-token',
    pattern: /Invalid credentials in Authorization header|Invalid user token|Invalid token passed/,
    reason: () =>
      'Hugging Face refused the access token (invalid or expired): create a new read token at https://huggingface.co/settings/tokens and save it in Settings.',
  },
  {
    kind: 'gated-model',
    pattern:
      /GatedRepoError|Cannot access gated repo|Access to model (\S+) is restricted\. You must have access to it and be authenticated/,
    reason: (m, s) =>
      `${(m[1] ?? modelOf(s)).replace(/\.$/, '')} is gated on Hugging Face: accept its licence on its model page with your account, then add a Hugging Face access token in Settings (it is passed to the engine as HF_TOKEN).`,
  },
  {
    kind: 'model-not-found',
    pattern:
      /RepositoryNotFoundError|Repository Not Found for url|is not a local folder and is not a valid model identifier|Invalid repository ID or local directory specified: '([^']+)'/,
    reason: (m, s) =>
      `No model ${m[1] ?? modelOf(s)} on Hugging Face (or it is private and the token cannot see it): check the model id's spelling.`,
  },
  {
    kind: 'hub-unreachable',
    pattern:
      /We couldn't connect to 'https:\/\/huggingface\.co'|LocalEntryNotFoundError|Max retries exceeded with url: \/api\/models|Failed to resolve 'huggingface\.co'/,
    reason: (_m, s) =>
      `The engine cannot reach huggingface.co and ${modelOf(s)} is not in the Hugging Face cache volume: connect this host, or download the model into the cache first.`,
  },
  {
    kind: 'unrecognized-arguments',
    pattern: /error: unrecognized arguments: (.+)$/,
    reason: (m) =>
      `vLLM does not know the argument${m[1].trim().includes(' ') ? 's' : ''} ${m[1].trim()}${/--task\b/.test(m[1]) ? ' (--task was removed in vLLM 0.13: use --runner and --convert)' : ''}: remove or correct ${m[1].trim().includes(' ') ? 'them' : 'it'}.`,
  },
  {
    kind: 'invalid-argument',
    pattern: /error: argument (--?[\w-]+(?:\/--?[\w-]+)?): (.+)$/,
    reason: (m) => `vLLM rejected the value of ${m[1]}: ${m[2].trim()}.`,
  },
  {
    kind: 'tensor-parallel',
    pattern: /Total number of attention heads \((\d+)\) must be divisible by tensor parallel size \((\d+)\)/,
    reason: (m) =>
      `--tensor-parallel-size ${m[2]} does not divide the model's ${m[1]} attention heads: choose a divisor (1, 2, 4, 8…).`,
  },
  {
    kind: 'max-model-len-too-long',
    pattern: /User-specified max_model_len \((\d+)\) is greater than the derived max_model_len \(\S+=(\d+)/,
    reason: (m) => `--max-model-len ${m[1]} is longer than the model supports (${m[2]}): use ${m[2]} or less.`,
    suggested: (m) => num(m[2]),
  },
  {
    kind: 'no-gpu',
    pattern:
      /No CUDA GPUs are available|Failed to infer device type|libcuda\.so.*cannot open shared object file|Found no NVIDIA driver on your system/,
    reason: () =>
      'The engine sees no GPU: give the deployment GPUs, and check the NVIDIA driver and container toolkit on this host.',
  },
];

/** Errors that only say "it failed" (the cause is earlier); used when nothing specific was seen. */
const GENERIC_ERROR = /^(?:[\w.]+\.)?(\w*(?:Error|Exception)): (.+)$/;
const GENERIC_FATAL =
  /Engine core initialization failed|Engine process failed to start|EngineDeadError|Traceback \(most recent call last\)/;

/** The message after a log prefix such as "(EngineCore_DP0 pid=2) ERROR 11-21 04:54:22 [core.py:1] ". */
export function logMessage(line: string): string {
  return line
    .replace(/^\([\w-]+ pid=\d+\)\s*/, '')
    .replace(/^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?\s+\[[^\]]+\]\s*/, '')
    .trim();
}

function fail(state: StartupLogState, failure: StartupFailure): StartupLogState {
  return {
    ...state,
    phase: 'failed',
    failure,
    fraction: null,
    logged: {
      ...state.logged,
      suggestedMaxModelLen: failure.suggestedMaxModelLen ?? state.logged.suggestedMaxModelLen,
    },
  };
}

function moveTo(
  state: StartupLogState,
  phase: StartupPhase,
  fraction: number | null,
  detail: string | null,
): StartupLogState {
  if (state.phase === 'failed' || !advance(state.phase, phase)) return state;
  return { ...state, phase, fraction, detail };
}

/** The next state after one log line. */
export function readStartupLine(state: StartupLogState, line: string): StartupLogState {
  const msg = logMessage(line);
  if (!msg) return state;

  for (const rule of FAILURES) {
    const m = rule.pattern.exec(msg);
    if (!m) continue;
    // A specific cause already found stays; a later specific one only replaces a generic one.
    if (state.failure && state.failure.kind !== 'engine-error') return state;
    return fail(state, {
      kind: rule.kind,
      reason: rule.reason(m, state),
      evidence: line.trim(),
      suggestedMaxModelLen: rule.suggested?.(m),
    });
  }
  if (state.phase === 'failed') return state;

  let m: RegExpExecArray | null;
  const logged = state.logged;
  if ((m = /vLLM API server version (\S+)/.exec(msg)))
    return { ...state, logged: { ...logged, version: m[1] }, detail: `vLLM ${m[1]}` };
  if ((m = /Using max model len ([\d,]+)/.exec(msg)))
    return { ...state, logged: { ...logged, maxModelLen: num(m[1]) } };
  // vLLM says this before it fetches the weights: still starting; downloading or loading follows.
  if ((m = /Starting to load model (.+?)\.\.\./.exec(msg)))
    return { ...moveTo(state, 'starting', null, `preparing ${m[1]}`), model: m[1] };
  if (/Using model weights format/.test(msg))
    return moveTo(state, 'downloading', null, 'fetching weights (from the cache when present)');
  if ((m = /^(Fetching \d+ files|[\w.-]+\.(?:safetensors|bin|pt)):\s+(\d+)%\|/.exec(msg))) {
    const sizes = /\|\s*([\d.]+[kMGT]?B?)\/([\d.]+[kMGT]?B?)\s*\[/.exec(msg);
    return moveTo(state, 'downloading', Number(m[2]) / 100, sizes ? `${m[1]}: ${sizes[1]} of ${sizes[2]}` : m[1]);
  }
  if ((m = /Time spent downloading weights for .+?: ([\d.]+) seconds/.exec(msg)))
    return moveTo(state, 'loading', 0, `weights ready after ${Number(m[1]).toFixed(0)} s of download`);
  if ((m = /Loading (?:safetensors|pt) checkpoint shards:\s+(\d+)% Completed \| (\d+)\/(\d+)/.exec(msg))) {
    return moveTo(state, 'loading', Number(m[1]) / 100, `${m[2]}/${m[3]} checkpoint shards`);
  }
  if ((m = /(?:Model loading took|Loading model weights took) ([\d.]+) ?Gi?B/.exec(msg))) {
    return {
      ...moveTo(state, 'loading', 1, `weights loaded (${Number(m[1]).toFixed(2)} GiB)`),
      logged: { ...logged, weightsGib: Number(m[1]) },
    };
  }
  if ((m = /Available KV cache memory: ([\d.]+) GiB/.exec(msg)))
    return { ...state, logged: { ...logged, availableKvGib: Number(m[1]) } };
  if ((m = /GPU KV cache size: ([\d,]+) tokens/.exec(msg)))
    return { ...state, logged: { ...logged, kvCacheTokens: num(m[1]) } };
  if ((m = /# GPU blocks: (\d+)/.exec(msg))) return { ...state, logged: { ...logged, kvCacheTokens: num(m[1]) * 16 } };
  if ((m = /Maximum concurrency for ([\d,]+) tokens per request: ([\d.]+)x/.exec(msg))) {
    return { ...state, logged: { ...logged, maxConcurrency: Number(m[2]), concurrencyAtLen: num(m[1]) } };
  }
  if ((m = /Capturing (?:CUDA graphs?|cudagraphs)[^:]*:\s+(\d+)%(?:\|[^|]*\|\s*(\d+)\/(\d+))?/.exec(msg))) {
    return moveTo(
      state,
      'compiling',
      Number(m[1]) / 100,
      m[2] ? `capturing CUDA graphs ${m[2]}/${m[3]}` : 'capturing CUDA graphs',
    );
  }
  if (
    /Dynamo bytecode transform time|Compiling a graph for|torch\.compile takes|Capturing the model for CUDA graphs|Capturing cudagraphs|Graph capturing finished/.test(
      msg,
    )
  ) {
    const done = /torch\.compile takes|Graph capturing finished/.test(msg);
    return moveTo(
      state,
      'compiling',
      state.phase === 'compiling' ? state.fraction : done ? null : null,
      /Graph capturing finished/.test(msg) ? 'CUDA graphs captured' : 'compiling the model (torch.compile)',
    );
  }
  if (/init engine \(profile, create kv cache, warmup model\) took/.test(msg))
    return moveTo(state, 'compiling', 1, 'engine initialised; starting the API server');
  if ((m = /Starting vLLM (?:API )?server(?: \d+)? on (\S+)|Uvicorn running on (\S+)/.exec(msg)))
    return { ...moveTo(state, 'compiling', 1, 'starting the API server'), url: m[1] ?? m[2] };
  if (/Application startup complete/.test(msg)) return { ...moveTo(state, 'ready', 1, 'serving'), serverUp: true };

  if (!state.failure) {
    if ((m = GENERIC_ERROR.exec(msg)) && !/^(?:Warning|DeprecationWarning|UserWarning|FutureWarning)/.test(m[1])) {
      return {
        ...state,
        failure: { kind: 'engine-error', reason: `The engine stopped with ${m[1]}: ${m[2]}`, evidence: line.trim() },
      };
    }
    if (GENERIC_FATAL.test(msg))
      return {
        ...state,
        failure: {
          kind: 'engine-error',
          reason: 'The engine failed to start; see the log above this line for the cause.',
          evidence: line.trim(),
        },
      };
  }
  return state;
}

export function readStartupLog(
  lines: Iterable<string>,
  from: StartupLogState = initialStartupState(),
): StartupLogState {
  let state = from;
  for (const line of lines) state = readStartupLine(state, line);
  return state;
}

/** When the container has exited: a failure found in the log, else one built from the exit code. */
export function failureOnExit(state: StartupLogState, exitCode: number, oomKilled = false): StartupFailure {
  if (oomKilled)
    return {
      kind: 'cuda-oom',
      reason:
        'The container was killed for using too much host memory (OOM killer): give the host more RAM or swap, or load a smaller model.',
      evidence: `exit code ${exitCode}, OOMKilled`,
    };
  if (state.failure) return state.failure;
  return {
    kind: 'engine-error',
    reason: `The engine exited with code ${exitCode} before it was ready; see its log.`,
    evidence: `exit code ${exitCode}`,
  };
}
