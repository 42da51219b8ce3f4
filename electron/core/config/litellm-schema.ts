// The part of LiteLLM's config.yaml that Switchyard understands, as zod schemas: the shapes and
// ranges of each field (units as LiteLLM has them: seconds, USD per token). Keys outside these
// schemas are reported as warnings and dropped before validation, so a setting Switchyard does not
// use (a Redis host, a callback) never blocks an import, nor asks for its environment variable.
import { z } from 'zod';
import type { SourceLocations, PathSegment } from './source-locations';
import type { RawConfig } from './litellm-source';

/** Numbers may arrive as strings (from `os.environ/…`, or PyYAML-style `1e-6`). */
const numeric = <T extends z.ZodType>(inner: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v), inner);

const Count = numeric(z.number().int().min(0));
const Seconds = numeric(z.number().positive());
const UsdPerToken = numeric(z.number().min(0));
const Tokens = numeric(z.number().int().positive());
const Id = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().min(1));

/** LiteLLM's routing strategy names (plus Switchyard's own kv-aware). */
export const LITELLM_STRATEGIES = [
  'simple-shuffle',
  'least-busy',
  'latency-based-routing',
  'cost-based-routing',
  'usage-based-routing',
  'usage-based-routing-v2',
  'kv-aware',
] as const;

export const LitellmParams = z.object({
  model: z.string().min(1),
  custom_llm_provider: z.string().min(1).optional(),
  api_base: z.string().min(1).optional(),
  api_key: z.string().optional(),
  /** Azure's api-version; Switchyard calls Azure's v1 API, which needs none (a warning says so). */
  api_version: z.string().min(1).optional(),
  rpm: Count.optional(),
  tpm: Count.optional(),
  weight: numeric(z.number().min(0)).optional(),
  order: Count.optional(),
  timeout: Seconds.optional(),
  stream_timeout: Seconds.optional(),
  max_retries: Count.optional(),
  input_cost_per_token: UsdPerToken.optional(),
  output_cost_per_token: UsdPerToken.optional(),
});

export const ModelInfo = z.object({
  /** LiteLLM's deployment id; Switchyard uses it as the endpoint's name. */
  id: Id.optional(),
  max_input_tokens: Tokens.optional(),
  max_tokens: Tokens.optional(),
  input_cost_per_token: UsdPerToken.optional(),
  output_cost_per_token: UsdPerToken.optional(),
});

export const ModelEntry = z.object({
  model_name: z.string().min(1),
  litellm_params: LitellmParams,
  model_info: ModelInfo.optional(),
});

/** `[{ group: [fallback, …] }, …]` */
const GroupChains = z.array(z.record(z.string(), z.array(z.string().min(1))));

const Alias = z.union([z.string().min(1), z.object({ model: z.string().min(1), hidden: z.boolean().optional() })], {
  error: 'must be a model group name, or { model: <group>, hidden: true }',
});

export const RouterSettings = z.object({
  routing_strategy: z.enum(LITELLM_STRATEGIES).optional(),
  num_retries: Count.optional(),
  timeout: Seconds.optional(),
  allowed_fails: Count.optional(),
  cooldown_time: numeric(z.number().min(0)).optional(),
  fallbacks: GroupChains.optional(),
  context_window_fallbacks: GroupChains.optional(),
  model_group_alias: z.record(z.string(), Alias).optional(),
});

export const LitellmSettings = z.object({
  fallbacks: GroupChains.optional(),
  context_window_fallbacks: GroupChains.optional(),
  num_retries: Count.optional(),
  request_timeout: Seconds.optional(),
});

export const GeneralSettings = z.object({
  master_key: z.string().startsWith('sk-', { error: 'must start with "sk-" (as LiteLLM\'s does)' }).optional(),
});

export const LitellmConfig = z.object({
  model_list: z.array(ModelEntry).optional(),
  router_settings: RouterSettings.optional(),
  litellm_settings: LitellmSettings.optional(),
  general_settings: GeneralSettings.optional(),
  environment_variables: z.record(z.string(), z.unknown()).optional(),
  include: z.array(z.string()).optional(),
});
export type LitellmConfig = z.infer<typeof LitellmConfig>;
export type ModelEntry = z.infer<typeof ModelEntry>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

function unknownKeyNote(key: string, known: readonly string[]): string {
  const near = known.find((k) => editDistance(key.toLowerCase(), k) <= 2);
  return near ? `unknown key (did you mean ${near}?); ignored` : 'not used by Switchyard; ignored';
}

/**
 * Drops (in place) every key Switchyard does not read, returning one warning per key with its path
 * and line. Keys written with no value (`api_key:`) mean "not set" in LiteLLM and are dropped quietly.
 */
export function dropUnknownKeys(config: RawConfig, locations: SourceLocations): string[] {
  const warnings: string[] = [];
  const prune = (section: unknown, known: readonly string[], path: PathSegment[]) => {
    if (!isRecord(section)) return;
    for (const key of Object.keys(section)) {
      if (section[key] === null) delete section[key];
      else if (!known.includes(key)) {
        warnings.push(`${locations.describe([...path, key])}: ${unknownKeyNote(key, known)}`);
        delete section[key];
      }
    }
  };
  prune(config, Object.keys(LitellmConfig.shape), []);
  // Sections in the order the file has them, so warnings read top to bottom.
  for (const section of Object.keys(config)) {
    if (section === 'router_settings') prune(config.router_settings, Object.keys(RouterSettings.shape), [section]);
    if (section === 'litellm_settings') prune(config.litellm_settings, Object.keys(LitellmSettings.shape), [section]);
    if (section === 'general_settings') prune(config.general_settings, Object.keys(GeneralSettings.shape), [section]);
    if (section === 'model_list' && Array.isArray(config.model_list)) {
      config.model_list.forEach((entry: unknown, i) => {
        prune(entry, Object.keys(ModelEntry.shape), ['model_list', i]);
        if (!isRecord(entry)) return;
        prune(entry.litellm_params, Object.keys(LitellmParams.shape), ['model_list', i, 'litellm_params']);
        prune(entry.model_info, Object.keys(ModelInfo.shape), ['model_list', i, 'model_info']);
      });
    }
  }
  return warnings;
}

const KIND: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

function show(input: unknown): string {
  if (Array.isArray(input)) return 'a list';
  if (isRecord(input)) return 'a mapping';
  return JSON.stringify(input) ?? String(input);
}

/** A person-readable sentence for one zod issue (the field path is reported beside it). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      return `must be ${KIND[issue.expected] ?? issue.expected}, not ${show(input)}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')} (got ${show(input)})`;
    default:
      return issue.message;
  }
}
