// LiteLLM's `provider/model` names ↔ Switchyard endpoints. LiteLLM's api_base means different
// things per provider (Ollama's server root, vLLM's and OpenAI's API root, Anthropic's host); an
// endpoint's baseUrl is always what the gateway appends its routes to: the OpenAI-style API root
// (…/v1), or for Anthropic the host (the gateway adds /v1/messages).
import type { Endpoint, EndpointProvider } from '../store/endpoints';

export const DEFAULT_BASE_URLS = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  ollama: 'http://localhost:11434/v1',
} as const;

type BaseStyle = 'api-root' | 'ollama' | 'anthropic' | 'vllm' | 'azure';

interface ProviderRule {
  provider: EndpointProvider;
  defaultBase: string | null;
  baseStyle: BaseStyle;
}

const compatible = (defaultBase: string | null): ProviderRule => ({
  provider: 'openai-compatible',
  defaultBase,
  baseStyle: 'api-root',
});

/** The LiteLLM provider prefixes Switchyard can route to. */
const RULES: Record<string, ProviderRule> = {
  openai: { provider: 'openai', defaultBase: DEFAULT_BASE_URLS.openai, baseStyle: 'api-root' },
  anthropic: { provider: 'anthropic', defaultBase: DEFAULT_BASE_URLS.anthropic, baseStyle: 'anthropic' },
  hosted_vllm: { provider: 'hosted_vllm', defaultBase: null, baseStyle: 'vllm' },
  ollama: { provider: 'openai-compatible', defaultBase: DEFAULT_BASE_URLS.ollama, baseStyle: 'ollama' },
  ollama_chat: { provider: 'openai-compatible', defaultBase: DEFAULT_BASE_URLS.ollama, baseStyle: 'ollama' },
  custom_openai: compatible(null),
  lm_studio: compatible(null),
  // Clouds that speak OpenAI's API at a fixed root.
  groq: compatible('https://api.groq.com/openai/v1'),
  together_ai: compatible('https://api.together.xyz/v1'),
  deepseek: compatible('https://api.deepseek.com/v1'),
  mistral: compatible('https://api.mistral.ai/v1'),
  openrouter: compatible('https://openrouter.ai/api/v1'),
  fireworks_ai: compatible('https://api.fireworks.ai/inference/v1'),
  xai: compatible('https://api.x.ai/v1'),
  deepinfra: compatible('https://api.deepinfra.com/v1/openai'),
  perplexity: compatible('https://api.perplexity.ai'),
  cerebras: compatible('https://api.cerebras.ai/v1'),
  // Gemini through Google's OpenAI-compatible endpoint.
  gemini: compatible('https://generativelanguage.googleapis.com/v1beta/openai'),
  // Azure OpenAI through its v1 API (…/openai/v1), which takes the key as a bearer token and the
  // deployment name as the model; the resource's api_base is required.
  azure: { provider: 'openai-compatible', defaultBase: null, baseStyle: 'azure' },
};

export const SUPPORTED_PROVIDER_PREFIXES = Object.keys(RULES);

export interface Upstream {
  provider: EndpointProvider;
  /** The model name the upstream expects. */
  model: string;
  baseUrl: string;
  /** Things a person should know about how the entry was read (become warnings). */
  notes: string[];
}

export type UpstreamResult =
  | { ok: true; upstream: Upstream }
  | {
      ok: false;
      field: 'model' | 'custom_llm_provider' | 'api_base';
      message: string;
      /** The provider is one Switchyard does not speak: the entry can be skipped, the rest imported. */
      unsupported?: true;
    };

/** Without a prefix LiteLLM guesses the provider from well-known model names; so do we, and say so. */
function inferPrefix(model: string, apiBase: string | undefined): string | null {
  if (apiBase) return 'custom_openai';
  if (/^(gpt-|chatgpt-|o\d|text-embedding-|ft:gpt|davinci|babbage)/.test(model)) return 'openai';
  if (/^claude-/.test(model)) return 'anthropic';
  return null;
}

function normalizeBase(raw: string, style: BaseStyle, notes: string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  let base = raw.replace(/\/+$/, '');
  const path = url.pathname.replace(/\/+$/, '');
  if (style === 'anthropic') base = base.replace(/\/v1(\/messages)?$/, '');
  if (style === 'ollama' && !path.endsWith('/v1')) base = `${base}/v1`;
  if (style === 'azure' && !path.endsWith('/openai/v1')) {
    base = `${base.replace(/\/openai$/, '')}/openai/v1`;
    notes.push(`azure/: served through Azure OpenAI's v1 API at ${base}, with the deployment name as the model`);
  }
  if (style === 'vllm' && path === '') {
    base = `${base}/v1`;
    notes.push(`api_base ${raw} has no path; vLLM serves its OpenAI API under /v1, so ${base} is used`);
  }
  return base;
}

/** Reads one model_list entry's `model` (+ `custom_llm_provider`, `api_base`) as an upstream. */
export function resolveUpstream(params: {
  model: string;
  custom_llm_provider?: string;
  api_base?: string;
  api_version?: string;
}): UpstreamResult {
  const { model, api_base: apiBase } = params;
  const notes: string[] = [];
  if (params.api_version)
    notes.push(`api_version ${params.api_version} is not used: Azure's v1 API (…/openai/v1) takes no api-version`);
  let prefix: string;
  let name: string;
  if (params.custom_llm_provider) {
    prefix = params.custom_llm_provider;
    name = model.startsWith(`${prefix}/`) ? model.slice(prefix.length + 1) : model;
  } else if (model.includes('/')) {
    prefix = model.slice(0, model.indexOf('/'));
    name = model.slice(prefix.length + 1);
  } else {
    const inferred = inferPrefix(model, apiBase);
    if (!inferred) {
      return {
        ok: false,
        field: 'model',
        message: `"${model}" names no provider: write <provider>/<model>, e.g. hosted_vllm/${model} (with api_base), openai/${model} or ollama/${model}`,
      };
    }
    prefix = inferred;
    name = model;
    notes.push(
      inferred === 'custom_openai'
        ? `model "${model}" has no provider prefix; taken as an OpenAI-compatible server at api_base`
        : `model "${model}" has no provider prefix; taken as ${inferred}/${model}`,
    );
  }
  const rule = RULES[prefix];
  if (!rule) {
    const hint = model.includes('/') ? `; for a model served by vLLM write hosted_vllm/${model}` : '';
    return {
      ok: false,
      field: params.custom_llm_provider ? 'custom_llm_provider' : 'model',
      unsupported: true,
      message: `provider "${prefix}" is not supported: Switchyard routes to ${SUPPORTED_PROVIDER_PREFIXES.map((p) => `${p}/`).join(', ')}; for any other OpenAI-compatible server write openai/<model> with api_base${hint}`,
    };
  }
  if (name === '') return { ok: false, field: 'model', message: `"${model}" names no model after the provider` };
  if (!apiBase && !rule.defaultBase) {
    return {
      ok: false,
      field: 'api_base',
      message:
        prefix === 'azure'
          ? 'azure/ needs api_base: the resource address, e.g. https://my-resource.openai.azure.com'
          : `${prefix}/ has no default address: set api_base to the server's OpenAI API root, e.g. http://gpu-box:8000/v1`,
    };
  }
  if (!apiBase)
    return { ok: true, upstream: { provider: rule.provider, model: name, baseUrl: rule.defaultBase as string, notes } };
  const baseUrl = normalizeBase(apiBase, rule.baseStyle, notes);
  if (!baseUrl) return { ok: false, field: 'api_base', message: `"${apiBase}" is not an http(s) URL` };
  // openai/ pointed anywhere but OpenAI is LiteLLM's way of naming any OpenAI-compatible server.
  const provider =
    rule.provider === 'openai' && new URL(baseUrl).hostname !== 'api.openai.com' ? 'openai-compatible' : rule.provider;
  return { ok: true, upstream: { provider, model: name, baseUrl, notes } };
}

/** The `model` and `api_base` a LiteLLM config needs to reach this endpoint (api_base left out where it is the default). */
export function litellmModelFor(e: Pick<Endpoint, 'provider' | 'model' | 'baseUrl'>): {
  model: string;
  api_base?: string;
} {
  switch (e.provider) {
    case 'openai':
      return e.baseUrl === DEFAULT_BASE_URLS.openai
        ? { model: `openai/${e.model}` }
        : { model: `openai/${e.model}`, api_base: e.baseUrl };
    case 'anthropic':
      return e.baseUrl === DEFAULT_BASE_URLS.anthropic
        ? { model: `anthropic/${e.model}` }
        : { model: `anthropic/${e.model}`, api_base: e.baseUrl };
    case 'hosted_vllm':
      return { model: `hosted_vllm/${e.model}`, api_base: e.baseUrl };
    case 'openai-compatible':
      return { model: `openai/${e.model}`, api_base: e.baseUrl };
  }
}
