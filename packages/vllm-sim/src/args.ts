// vLLM's command line (`vllm serve [MODEL] --flag value …`) → SimulatorOptions. Every engine
// argument is accepted; those the simulator models are used, the rest ignored without error (a
// real deploy passes them all). `--task` is refused as vLLM ≥ 0.13 refuses it. The arguments
// that were given are kept for the `non-default args: {…}` start-up line.
import { FAILURE_TYPES, type FailureType, type SimulatorOptions } from './options';

/** argparse's error: `vllm serve: error: <message>`, exit status 2. */
export class SimArgsError extends Error {
  readonly exitCode = 2;
}

type Kind = 'int' | 'float' | 'str' | 'bool' | 'list';

/** Flags the simulator reads, with the kind argparse would parse them as (--help lists each). */
export const KNOWN: Record<string, Kind> = {
  model: 'str',
  'served-model-name': 'list',
  host: 'str',
  port: 'int',
  'max-model-len': 'int',
  'max-num-seqs': 'int',
  'max-num-batched-tokens': 'int',
  'num-gpu-blocks': 'int',
  'num-gpu-blocks-override': 'int',
  'block-size': 'int',
  'enable-prefix-caching': 'bool',
  'gpu-memory-utilization': 'float',
  'kv-cache-dtype': 'str',
  'api-key': 'list',
  runner: 'str',
  convert: 'str',
  seed: 'int',
  'enable-sleep-mode': 'bool',
  'enable-server-load-tracking': 'bool',
  'enable-request-id-headers': 'bool',
  'enable-force-include-usage': 'bool',
  'enable-auto-tool-choice': 'bool',
  'tool-call-parser': 'str',
  'reasoning-parser': 'str',
  'disable-uvicorn-access-log': 'bool',
  'disable-log-stats': 'bool',
  // The simulator's own.
  'ttft-ms': 'float',
  'itl-ms': 'float',
  'itl-batch-factor': 'float',
  'prefill-ms-per-token': 'float',
  'output-len-mean': 'float',
  'startup-s': 'float',
  'sleep-s': 'float',
  'wake-up-s': 'float',
  'failure-rate': 'float',
  'failure-types': 'str',
  'crash-after': 'int',
  'embedding-dim': 'int',
  'metrics-version': 'str',
  'vllm-version': 'str',
  'stats-interval-s': 'float',
};

/** Flags vLLM defines with store_true / BooleanOptionalAction: they never take a value. */
const isBooleanFlag = (name: string) =>
  KNOWN[name] === 'bool' ||
  /^(enable|disable|no)-/.test(name) ||
  [
    'trust-remote-code',
    'enforce-eager',
    'headless',
    'skip-tokenizer-init',
    'async-scheduling',
    'enable-lora',
    'use-v2-block-manager',
    'disable-fastapi-docs',
    'return-tokens-as-token-ids',
    'allow-credentials',
  ].includes(name);

/** vLLM accepts human sizes for --max-model-len: 32k, 1M. */
function parseNumber(flag: string, kind: 'int' | 'float', raw: string): number {
  const human = /^(\d+(?:\.\d+)?)([kKmM])$/.exec(raw);
  const value = human
    ? Number(human[1]) * (human[2] === 'k' ? 1000 : human[2] === 'K' ? 1024 : human[2] === 'm' ? 1e6 : 1024 * 1024)
    : Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || (kind === 'int' && !Number.isInteger(value))) {
    throw new SimArgsError(`argument --${flag}: invalid ${kind} value: '${raw}'`);
  }
  return value;
}

const dest = (flag: string) => flag.replace(/-/g, '_');

export function parseSimArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SimulatorOptions {
  const given: Record<string, unknown> = {};
  const values = new Map<string, unknown>();
  const unrecognized: string[] = [];
  let positional: string | undefined;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (/^-[A-Za-z]/.test(arg)) {
      // A short alias (-tp 2, -O3, -dp 2): an engine argument the simulator does not model.
      if (/^-[A-Za-z]{1,3}$/.test(arg) && i + 1 < argv.length && !argv[i + 1].startsWith('-')) i++;
      continue;
    }
    if (!arg.startsWith('--')) {
      if (i === 0 && arg === 'serve') continue; // `vllm serve MODEL` pasted whole
      if (positional === undefined) positional = arg;
      else unrecognized.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = (eq < 0 ? arg.slice(2) : arg.slice(2, eq)).replace(/_/g, '-');
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    const takeValues = (many: boolean): string[] => {
      if (inline !== undefined) return [inline];
      const out: string[] = [];
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--') && (many || out.length === 0)) out.push(argv[++i]);
      if (!out.length)
        throw new SimArgsError(`argument --${name}: expected ${many ? 'at least one argument' : 'one argument'}`);
      return out;
    };

    if (name === 'task') {
      // Gone since vLLM 0.13 (replaced by --runner/--convert): argparse reports it and its value.
      unrecognized.push(arg);
      if (inline === undefined && i + 1 < argv.length && !argv[i + 1].startsWith('--')) unrecognized.push(argv[++i]);
      continue;
    }
    let negated = false;
    if (name.startsWith('no-') && KNOWN[name.slice(3)] === 'bool') {
      name = name.slice(3);
      negated = true;
    }
    const kind = KNOWN[name];
    let value: unknown;
    if (kind === 'bool' || (!kind && isBooleanFlag(name) && inline === undefined)) {
      value = inline === undefined ? !negated : !/^(false|0|no)$/i.test(inline);
    } else if (kind === 'list') {
      const list = takeValues(true);
      value = [...((values.get(name) as string[] | undefined) ?? []), ...list];
    } else if (kind === 'int' || kind === 'float') {
      value = parseNumber(name, kind, takeValues(false)[0]);
    } else {
      // A known string, or an engine argument the simulator does not model: keep its value as given.
      const next = inline ?? (i + 1 < argv.length && !argv[i + 1].startsWith('--') ? argv[++i] : undefined);
      value = next === undefined ? true : !kind && /^-?\d+(\.\d+)?$/.test(next) ? Number(next) : next;
    }
    values.set(name, value);
    given[dest(name)] = value;
  }
  if (unrecognized.length) throw new SimArgsError(`unrecognized arguments: ${unrecognized.join(' ')}`);

  const get = <T>(name: string): T | undefined => values.get(name) as T | undefined;
  const model = get<string>('model') ?? positional ?? 'Qwen/Qwen3-0.6B';
  const nonDefaultArgs: Record<string, unknown> = {};
  if (positional !== undefined) nonDefaultArgs.model_tag = positional;
  const redacted = { ...given, ...(given.api_key ? { api_key: ['***'] } : {}) };
  Object.assign(nonDefaultArgs, { ...redacted, model });

  const runner = get<string>('runner');
  const convert = get<string>('convert');
  const failureTypes = get<string>('failure-types')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const t of failureTypes ?? []) {
    if (!FAILURE_TYPES.includes(t as FailureType)) {
      throw new SimArgsError(
        `argument --failure-types: invalid choice: '${t}' (choose from ${FAILURE_TYPES.map((f) => `'${f}'`).join(', ')})`,
      );
    }
  }
  const envKey = env.VLLM_API_KEY;
  return {
    model,
    servedModelNames: get<string[]>('served-model-name'),
    host: get<string>('host'),
    port: get<number>('port') ?? 8000,
    maxModelLen: get<number>('max-model-len'),
    maxNumSeqs: get<number>('max-num-seqs'),
    maxNumBatchedTokens: get<number>('max-num-batched-tokens'),
    numGpuBlocks: get<number>('num-gpu-blocks') ?? get<number>('num-gpu-blocks-override'),
    blockSize: get<number>('block-size'),
    enablePrefixCaching: get<boolean>('enable-prefix-caching'),
    gpuMemoryUtilization: get<number>('gpu-memory-utilization'),
    kvCacheDtype: get<string>('kv-cache-dtype'),
    ttftMs: get<number>('ttft-ms'),
    itlMs: get<number>('itl-ms'),
    itlBatchFactor: get<number>('itl-batch-factor'),
    prefillMsPerToken: get<number>('prefill-ms-per-token'),
    outputLenMean: get<number>('output-len-mean'),
    seed: get<number>('seed'),
    startupS: get<number>('startup-s'),
    sleepS: get<number>('sleep-s'),
    wakeUpS: get<number>('wake-up-s'),
    failureRate: get<number>('failure-rate'),
    failureTypes: failureTypes as FailureType[] | undefined,
    crashAfter: get<number>('crash-after'),
    apiKeys: get<string[]>('api-key') ?? (envKey ? [envKey] : undefined),
    runner: runner === 'pooling' || convert === 'embed' ? 'pooling' : runner === 'generate' ? 'generate' : 'auto',
    embeddingDim: get<number>('embedding-dim'),
    metricsVersion: get<string>('metrics-version'),
    vllmVersion: get<string>('vllm-version'),
    devMode: env.VLLM_SERVER_DEV_MODE === '1',
    enableSleepMode: get<boolean>('enable-sleep-mode'),
    enableServerLoadTracking: get<boolean>('enable-server-load-tracking'),
    enableRequestIdHeaders: get<boolean>('enable-request-id-headers'),
    enableForceIncludeUsage: get<boolean>('enable-force-include-usage'),
    enableAutoToolChoice: get<boolean>('enable-auto-tool-choice'),
    toolCallParser: get<string>('tool-call-parser'),
    reasoningParser: get<string>('reasoning-parser'),
    accessLog: get<boolean>('disable-uvicorn-access-log') ? false : undefined,
    statsIntervalS: get<boolean>('disable-log-stats') ? 0 : get<number>('stats-interval-s'),
    nonDefaultArgs,
  };
}
