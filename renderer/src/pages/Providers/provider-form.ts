// The "add provider" form as text fields and its conversion to a providers.add input. Prices are
// typed in USD per 1M tokens and stored per token; blank fields are left out. A cloud equivalent
// is sent only for a self-hosted vLLM, the one kind the Spend page counts as local.
import type { ProviderKind } from '../../../../shared/contract-access';
import type { AddProviderInput } from '../../store/providers-slice';

export const providerFormFields = [
  'kind',
  'name',
  'baseUrl',
  'apiKey',
  'model',
  'maxModelLen',
  'inputCostPerToken',
  'outputCostPerToken',
  'cloudEquivalent',
] as const;
export type ProviderFormField = (typeof providerFormFields)[number];
/** Text of each field; the two prices are USD per 1M tokens. */
export type ProviderForm = Record<ProviderFormField, string> & { kind: ProviderKind };

export const PROVIDER_KINDS: { value: ProviderKind; label: string; hint: string; baseUrl: string; keyHint: string }[] =
  [
    {
      value: 'openai-compatible',
      label: 'OpenAI-compatible server',
      hint: 'Ollama, LM Studio, llama.cpp, or any /v1 API.',
      baseUrl: 'http://127.0.0.1:11434/v1',
      keyHint: 'Only if the server asks for one.',
    },
    {
      value: 'hosted_vllm',
      label: 'vLLM elsewhere',
      hint: 'A vLLM engine Switchyard did not deploy.',
      baseUrl: 'http://gpu-box:8000/v1',
      keyHint: 'The --api-key the engine was started with, if any.',
    },
    {
      value: 'openai',
      label: 'OpenAI',
      hint: 'The OpenAI API; list prices apply unless overridden.',
      baseUrl: 'https://api.openai.com/v1',
      keyHint: 'An OpenAI API key (sk-…).',
    },
    {
      value: 'anthropic',
      label: 'Anthropic',
      hint: 'Claude models, translated from OpenAI requests.',
      baseUrl: 'https://api.anthropic.com',
      keyHint: 'An Anthropic API key (sk-ant-…).',
    },
  ];

export const kindInfo = (kind: ProviderKind) => PROVIDER_KINDS.find((k) => k.value === kind)!;

export const emptyProviderForm: ProviderForm = {
  kind: 'openai-compatible',
  name: '',
  baseUrl: '',
  apiKey: '',
  model: '',
  maxModelLen: '',
  inputCostPerToken: '',
  outputCostPerToken: '',
  cloudEquivalent: '',
};

/** The id of the page's <datalist> of cloud pricing-table models (CloudModelOptions). */
export const CLOUD_MODELS_LIST_ID = 'cloud-models';

/** Only a self-hosted engine stands in for a cloud model (its tokens count as local on the Spend page). */
export const takesCloudEquivalent = (kind: ProviderKind) => kind === 'hosted_vllm';

const PER_MILLION = 1_000_000;

/** USD per token → "0.15" (USD per 1M tokens), without float noise. */
export function perMillion(perToken: number | null): string {
  return perToken === null ? '' : String(Number((perToken * PER_MILLION).toPrecision(10)));
}

/** "0.15" (USD per 1M tokens) → USD per token; undefined when blank; NaN when not a number. */
export function perToken(raw: string): number | undefined {
  const text = raw.trim().replace(/^\$/, '');
  if (!text) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value / PER_MILLION : Number.NaN;
}

export function parseProviderForm(form: ProviderForm): {
  input: AddProviderInput;
  errors: Partial<Record<ProviderFormField, string>>;
} {
  const errors: Partial<Record<ProviderFormField, string>> = {};
  const input: AddProviderInput = {
    kind: form.kind,
    name: form.name.trim(),
    baseUrl: form.baseUrl.trim() || kindInfo(form.kind).baseUrl,
    model: form.model.trim(),
  };
  if (!input.name) errors.name = 'A name is required: how model groups will refer to it, e.g. lab-ollama.';
  if (!input.model) errors.model = 'The model name the server knows, e.g. llama3.1:8b.';
  if (form.apiKey.trim()) input.apiKey = form.apiKey.trim();
  if (form.maxModelLen.trim()) {
    const value = Number(form.maxModelLen.trim());
    if (!Number.isInteger(value)) errors.maxModelLen = 'A whole number of tokens is required, e.g. 8192.';
    else input.maxModelLen = value;
  }
  for (const field of ['inputCostPerToken', 'outputCostPerToken'] as const) {
    const value = perToken(form[field]);
    if (value === undefined) continue;
    if (Number.isNaN(value)) errors[field] = 'A price in USD per 1M tokens is required, such as 0.15.';
    else input[field] = value;
  }
  if (takesCloudEquivalent(form.kind) && form.cloudEquivalent.trim())
    input.cloudEquivalent = form.cloudEquivalent.trim();
  return { input, errors };
}
