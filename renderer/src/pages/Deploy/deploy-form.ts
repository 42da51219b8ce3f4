// The Deploy form as text fields, and what it turns into: a DeploymentSpec input (the engine
// arguments that differ from vLLM's defaults, then the extra ones as typed) and the matching
// fit request. Numbers are parsed here; everything else is the API's to judge, and its errors
// (paths such as `spec.name`) are mapped back onto these fields.
import { ApiCallError } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import type { CatalogModel, DeploymentSpecInput, FitRequest, GpuSelection, KvCacheDtype } from '../../lib/types';
import type { FitGpu, GpuMode } from './fit-gpu';
import { joinArgs, splitArgs } from './engine-args';

/** Docker Hub's vLLM server image; the same as DEFAULT_VLLM_IMAGE in shared/deployment-schemas. */
export const DEFAULT_IMAGE = 'vllm/vllm-openai:latest';

export const KV_CACHE_DTYPES: KvCacheDtype[] = ['auto', 'fp8', 'fp8_e4m3', 'fp8_e5m2'];
export const QUANTIZATIONS = [
  'awq',
  'awq_marlin',
  'gptq',
  'gptq_marlin',
  'fp8',
  'bitsandbytes',
  'compressed-tensors',
  'mxfp4',
  'gguf',
];

export const deployFormFields = [
  'model',
  'name',
  'servedModelName',
  'hostId',
  'image',
  'gpus',
  'tensorParallelSize',
  'gpuMemoryUtilization',
  'maxModelLen',
  'kvCacheDtype',
  'maxNumSeqs',
  'quantization',
  'extraArgs',
  'idleMinutes',
  'forAgents',
] as const;
export type DeployField = (typeof deployFormFields)[number];
export type DeployErrors = Partial<Record<DeployField, string>>;

export type { GpuMode } from './fit-gpu';

export interface DeployForm {
  model: string;
  name: string;
  servedModelName: string;
  hostId: string;
  image: string;
  gpuMode: GpuMode;
  gpuIndices: number[];
  tensorParallelSize: string;
  gpuMemoryUtilization: string;
  maxModelLen: string;
  kvCacheDtype: KvCacheDtype;
  maxNumSeqs: string;
  /** '' = vLLM reads it from the checkpoint. */
  quantization: string;
  extraArgs: string;
  /** '' = always running; minutes = on demand: stopped after that long idle, started by the next request. */
  idleMinutes: string;
  /** For agents (tools): vLLM gets --enable-auto-tool-choice and the model's tool-call and reasoning parsers. */
  forAgents: boolean;
}

export const emptyDeployForm: DeployForm = {
  model: '',
  name: '',
  servedModelName: '',
  hostId: 'local',
  image: DEFAULT_IMAGE,
  gpuMode: 'all',
  gpuIndices: [],
  tensorParallelSize: '',
  gpuMemoryUtilization: '',
  maxModelLen: '',
  kvCacheDtype: 'auto',
  maxNumSeqs: '',
  quantization: '',
  extraArgs: '',
  idleMinutes: '',
  forAgents: false,
};

/** A deployment name from a model id: "Qwen/Qwen3-0.6B" → "qwen3-0.6b", made unique with -2, -3… */
export function nameFor(modelId: string, taken: readonly string[]): string {
  const base =
    (modelId.split('/').pop() ?? modelId)
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 56) || 'model';
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
}

/** The flags the form's own fields set; typed again in "extra arguments" they would conflict. */
const FLAG_OF = {
  tensorParallelSize: '--tensor-parallel-size',
  gpuMemoryUtilization: '--gpu-memory-utilization',
  maxModelLen: '--max-model-len',
  kvCacheDtype: '--kv-cache-dtype',
  maxNumSeqs: '--max-num-seqs',
  quantization: '--quantization',
  servedModelName: '--served-model-name',
} as const;
type FlagField = keyof typeof FLAG_OF;

/** Moves the arguments the form has a field for (`--flag v` or `--flag=v`) into those fields. */
export function liftArgs(args: readonly string[]): { fields: Partial<Record<FlagField, string>>; rest: string[] } {
  const fields: Partial<Record<FlagField, string>> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const field = (Object.keys(FLAG_OF) as FlagField[]).find((f) => FLAG_OF[f] === flag);
    const value = inline ?? (i + 1 < args.length && !args[i + 1].startsWith('--') ? args[i + 1] : undefined);
    if (!field || value === undefined) {
      rest.push(args[i]);
      continue;
    }
    fields[field] = value;
    if (inline === undefined) i++;
  }
  return { fields, rest };
}

/** What "for agents" adds for a catalog model, in words, or why it cannot (no tool-call format known). */
export function agentsHint(model: CatalogModel | null): string {
  if (!model)
    return 'Adds --enable-auto-tool-choice with the tool-call parser of the model family (and its reasoning parser).';
  if (!model.toolCallParser)
    return `${model.name} has no tool-call format vLLM can parse: agents cannot call tools on it.`;
  const reasoning = model.reasoningParser ? ` --reasoning-parser ${model.reasoningParser}` : '';
  const note = model.chatTemplateNote ? ` ${model.chatTemplateNote}` : '';
  return `Adds --enable-auto-tool-choice --tool-call-parser ${model.toolCallParser}${reasoning}.${note}`;
}

/** Picking a catalog model: its id, a fresh name and its recommended arguments (into their fields where the form has one). */
export function formForModel(form: DeployForm, model: CatalogModel, taken: readonly string[]): DeployForm {
  const { fields, rest } = liftArgs(model.recommendedArgs);
  // What depends on the model starts again; GPU memory share, batch size and KV dtype stay as chosen.
  const cleared = { tensorParallelSize: '', maxModelLen: '', quantization: '', servedModelName: '' };
  const kvCacheDtype = KV_CACHE_DTYPES.find((d) => d === fields.kvCacheDtype);
  if (fields.kvCacheDtype && !kvCacheDtype) rest.push(FLAG_OF.kvCacheDtype, fields.kvCacheDtype); // a dtype the select lacks
  delete fields.kvCacheDtype;
  return {
    ...form,
    ...cleared,
    ...fields,
    kvCacheDtype: kvCacheDtype ?? form.kvCacheDtype,
    model: model.id,
    name: nameFor(model.id, taken),
    extraArgs: joinArgs(rest),
    // A model without a tool-call format cannot serve agents: the switch turns itself off.
    forAgents: form.forAgents && Boolean(model.toolCallParser),
  };
}

interface NumberRule {
  flag: string;
  integer: boolean;
  min: number;
  max?: number;
  message: string;
}
const NUMBERS: Partial<Record<DeployField, NumberRule>> = {
  tensorParallelSize: {
    flag: '--tensor-parallel-size',
    integer: true,
    min: 1,
    message: 'A whole number of GPUs, 1 or more.',
  },
  gpuMemoryUtilization: {
    flag: '--gpu-memory-utilization',
    integer: false,
    min: 0.01,
    max: 1,
    message: 'A fraction of GPU memory above 0 and at most 1, e.g. 0.9.',
  },
  maxModelLen: { flag: '--max-model-len', integer: true, min: 1, message: 'A whole number of tokens, e.g. 8192.' },
  maxNumSeqs: { flag: '--max-num-seqs', integer: true, min: 1, message: 'A whole number of sequences, 1 or more.' },
};

export interface ParsedDeployForm {
  spec: DeploymentSpecInput;
  errors: DeployErrors;
  /** The numbers as parsed (absent when blank: vLLM's default applies). */
  numbers: { tensorParallelSize?: number; gpuMemoryUtilization?: number; maxModelLen?: number; maxNumSeqs?: number };
}

export function gpuSelectionOf(form: DeployForm): GpuSelection {
  if (form.gpuMode === 'indices') return { kind: 'indices', indices: [...form.gpuIndices].sort((a, b) => a - b) };
  return { kind: form.gpuMode };
}

/** `taken`: names of existing deployments (the API would refuse them on create). */
export function parseDeployForm(form: DeployForm, taken: readonly string[] = []): ParsedDeployForm {
  const errors: DeployErrors = {};
  const numbers: ParsedDeployForm['numbers'] = {};
  const args: string[] = [];
  for (const [field, rule] of Object.entries(NUMBERS) as [keyof ParsedDeployForm['numbers'], NumberRule][]) {
    const raw = form[field].trim();
    if (!raw) continue;
    const value = Number(raw);
    if (
      !Number.isFinite(value) ||
      (rule.integer && !Number.isInteger(value)) ||
      value < rule.min ||
      (rule.max !== undefined && value > rule.max)
    ) {
      errors[field] = rule.message;
      continue;
    }
    numbers[field] = value;
    args.push(rule.flag, String(value));
  }
  if (form.kvCacheDtype !== 'auto') args.push('--kv-cache-dtype', form.kvCacheDtype);
  if (form.quantization) args.push('--quantization', form.quantization);

  let extra: string[] = [];
  try {
    extra = splitArgs(form.extraArgs);
  } catch (err) {
    errors.extraArgs = errorMessage(err);
  }
  const setByField = (f: FlagField) => (f === 'kvCacheDtype' ? form.kvCacheDtype !== 'auto' : form[f].trim() !== '');
  const clash = (Object.keys(FLAG_OF) as FlagField[]).find(
    (f) => setByField(f) && extra.some((a) => a === FLAG_OF[f] || a.startsWith(`${FLAG_OF[f]}=`)),
  );
  if (clash) errors.extraArgs = `${FLAG_OF[clash]} is also set by its own field above: keep one.`;
  if (taken.includes(form.name.trim()))
    errors.name = `A deployment named "${form.name.trim()}" already exists: choose another name.`;
  if (form.gpuMode === 'indices' && form.gpuIndices.length === 0)
    errors.gpus = 'Pick at least one GPU, or choose all or none.';

  const spec: DeploymentSpecInput = {
    name: form.name.trim(),
    hostId: form.hostId,
    model: form.model.trim(),
    image: form.image.trim(),
    gpus: gpuSelectionOf(form),
    engineArgs: [...args, ...extra],
  };
  if (form.servedModelName.trim()) spec.servedModelName = form.servedModelName.trim();
  if (form.forAgents) spec.forAgents = true;
  const idle = form.idleMinutes.trim();
  if (idle) {
    const minutes = Number(idle);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10_080)
      errors.idleMinutes = 'Whole minutes from 1 to 10080 (a week), or empty to keep it running.';
    else Object.assign(spec, { onDemand: true, idleTtlS: minutes * 60 });
  }
  return { spec, errors, numbers };
}

/** The fit request for the meter; null until there is a model, or while a number it needs is wrong. */
export function fitRequestOf(form: DeployForm, parsed: ParsedDeployForm, gpu: FitGpu): FitRequest | null {
  const model = form.model.trim();
  if (!model || Object.keys(NUMBERS).some((f) => parsed.errors[f as DeployField])) return null;
  const { tensorParallelSize, gpuMemoryUtilization, maxModelLen, maxNumSeqs } = parsed.numbers;
  return {
    model,
    gpuMemGib: gpu.memGib,
    ...(gpu.freeGib !== null ? { gpuFreeGib: gpu.freeGib } : {}),
    ...(gpu.name ? { gpuName: gpu.name } : {}),
    gpus: Math.max(gpu.count, tensorParallelSize ?? 1),
    // vLLM's default is 1, whatever the GPU count (the estimate's own default is the count).
    tensorParallelSize: tensorParallelSize ?? 1,
    ...(gpuMemoryUtilization !== undefined ? { gpuMemoryUtilization } : {}),
    ...(maxModelLen !== undefined ? { maxModelLen } : {}),
    ...(maxNumSeqs !== undefined ? { maxNumSeqs } : {}),
    kvCacheDtype: form.kvCacheDtype,
  };
}

/** The form field an API error path names: `spec.name` → name, `spec.engineArgs.3` → extraArgs. */
export function fieldOfPath(path: string): DeployField | null {
  const [head, key] = path.split('.');
  if (head !== 'spec' || !key) return null;
  if (key === 'engineArgs') return 'extraArgs';
  if (key === 'idleTtlS' || key === 'onDemand') return 'idleMinutes';
  if (key === 'forAgents' || key === 'toolCallParser' || key === 'reasoningParser') return 'forAgents';
  return (deployFormFields as readonly string[]).includes(key) ? (key as DeployField) : null;
}

/** Splits an API error by field; a name conflict belongs to the name field. */
export function deployErrorsOf(err: unknown): { fields: DeployErrors; message: string | null } {
  if (err instanceof ApiCallError && err.code === 'conflict' && /already exists/.test(err.message)) {
    return { fields: { name: err.message }, message: null };
  }
  if (!(err instanceof ApiCallError) || !err.fields?.length) return { fields: {}, message: errorMessage(err) };
  const fields: DeployErrors = {};
  const rest: string[] = [];
  for (const { path, message } of err.fields) {
    const field = fieldOfPath(path);
    if (field) fields[field] ??= message;
    else rest.push(`${path}: ${message}`);
  }
  return { fields, message: rest.length ? rest.join('; ') : null };
}
