// LiteLLM provider prefixes → endpoints (provider, upstream model, API root), and back.
import { describe, expect, it } from 'vitest';
import { litellmModelFor, resolveUpstream } from './litellm-providers';

const ok = (params: Parameters<typeof resolveUpstream>[0]) => {
  const r = resolveUpstream(params);
  if (!r.ok) throw new Error(r.message);
  return r.upstream;
};

describe('resolveUpstream', () => {
  it.each([
    [{ model: 'openai/gpt-4o' }, 'openai', 'gpt-4o', 'https://api.openai.com/v1'],
    [
      { model: 'openai/gpt-4o', api_base: 'https://api.openai.com/v1/' },
      'openai',
      'gpt-4o',
      'https://api.openai.com/v1',
    ],
    [
      { model: 'openai/Qwen/Qwen2.5-7B', api_base: 'http://box:8001/v1' },
      'openai-compatible',
      'Qwen/Qwen2.5-7B',
      'http://box:8001/v1',
    ],
    [
      { model: 'hosted_vllm/meta-llama/Llama-3.1-8B', api_base: 'http://gpu:8000/v1' },
      'hosted_vllm',
      'meta-llama/Llama-3.1-8B',
      'http://gpu:8000/v1',
    ],
    [
      { model: 'ollama/llama3', api_base: 'http://ollama:11434' },
      'openai-compatible',
      'llama3',
      'http://ollama:11434/v1',
    ],
    [{ model: 'ollama_chat/llama3.1:8b' }, 'openai-compatible', 'llama3.1:8b', 'http://localhost:11434/v1'],
    [
      { model: 'ollama/llama3', api_base: 'http://ollama:11434/v1/' },
      'openai-compatible',
      'llama3',
      'http://ollama:11434/v1',
    ],
    [{ model: 'anthropic/claude-3-5-sonnet' }, 'anthropic', 'claude-3-5-sonnet', 'https://api.anthropic.com'],
    [
      { model: 'anthropic/claude-3-5-sonnet', api_base: 'https://proxy.example/v1/messages' },
      'anthropic',
      'claude-3-5-sonnet',
      'https://proxy.example',
    ],
    [{ model: 'groq/llama3-8b-8192' }, 'openai-compatible', 'llama3-8b-8192', 'https://api.groq.com/openai/v1'],
    [
      { model: 'together_ai/meta-llama/Llama-3-8b' },
      'openai-compatible',
      'meta-llama/Llama-3-8b',
      'https://api.together.xyz/v1',
    ],
    [{ model: 'deepseek/deepseek-chat' }, 'openai-compatible', 'deepseek-chat', 'https://api.deepseek.com/v1'],
    [{ model: 'mistral/mistral-small' }, 'openai-compatible', 'mistral-small', 'https://api.mistral.ai/v1'],
    [
      { model: 'fireworks_ai/accounts/fireworks/models/llama' },
      'openai-compatible',
      'accounts/fireworks/models/llama',
      'https://api.fireworks.ai/inference/v1',
    ],
    [{ model: 'xai/grok-2' }, 'openai-compatible', 'grok-2', 'https://api.x.ai/v1'],
    [{ model: 'cerebras/llama3.1-8b' }, 'openai-compatible', 'llama3.1-8b', 'https://api.cerebras.ai/v1'],
    [
      { model: 'gemini/gemini-1.5-flash' },
      'openai-compatible',
      'gemini-1.5-flash',
      'https://generativelanguage.googleapis.com/v1beta/openai',
    ],
    [
      { model: 'azure/my-gpt4o', api_base: 'https://res.openai.azure.com/', api_version: '2024-06-01' },
      'openai-compatible',
      'my-gpt4o',
      'https://res.openai.azure.com/openai/v1',
    ],
    [
      { model: 'openrouter/anthropic/claude-3' },
      'openai-compatible',
      'anthropic/claude-3',
      'https://openrouter.ai/api/v1',
    ],
    [
      { model: 'my-model', custom_llm_provider: 'hosted_vllm', api_base: 'http://v:8000/v1' },
      'hosted_vllm',
      'my-model',
      'http://v:8000/v1',
    ],
    [
      { model: 'hosted_vllm/my-model', custom_llm_provider: 'hosted_vllm', api_base: 'http://v:8000/v1' },
      'hosted_vllm',
      'my-model',
      'http://v:8000/v1',
    ],
  ])('%j', (params, provider, model, baseUrl) => {
    expect(ok(params)).toMatchObject({ provider, model, baseUrl });
  });

  it('gives vLLM its /v1 when api_base has no path, and says so', () => {
    expect(ok({ model: 'hosted_vllm/m', api_base: 'http://gpu:8000' })).toEqual({
      provider: 'hosted_vllm',
      model: 'm',
      baseUrl: 'http://gpu:8000/v1',
      notes: [
        'api_base http://gpu:8000 has no path; vLLM serves its OpenAI API under /v1, so http://gpu:8000/v1 is used',
      ],
    });
  });

  it('places bare well-known names as LiteLLM does, with a note', () => {
    expect(ok({ model: 'gpt-4o-mini' })).toMatchObject({
      provider: 'openai',
      notes: ['model "gpt-4o-mini" has no provider prefix; taken as openai/gpt-4o-mini'],
    });
    expect(ok({ model: 'claude-3-haiku' })).toMatchObject({ provider: 'anthropic' });
    expect(ok({ model: 'llama3', api_base: 'http://lm:1234/v1' })).toMatchObject({
      provider: 'openai-compatible',
      model: 'llama3',
      baseUrl: 'http://lm:1234/v1',
    });
  });

  it('refuses what it cannot reach, naming the field', () => {
    expect(resolveUpstream({ model: 'bedrock/anthropic.claude-3', api_base: 'https://x.example' })).toMatchObject({
      ok: false,
      field: 'model',
      unsupported: true,
    });
    expect(resolveUpstream({ model: 'azure/gpt-4o' })).toMatchObject({ ok: false, field: 'api_base' });
    expect(resolveUpstream({ model: 'lm_studio/qwen' })).toMatchObject({ ok: false, field: 'api_base' });
    expect(resolveUpstream({ model: 'openai/' })).toMatchObject({
      ok: false,
      field: 'model',
      message: '"openai/" names no model after the provider',
    });
    expect(resolveUpstream({ model: 'openai/x', api_base: 'ftp://x' })).toMatchObject({ ok: false, field: 'api_base' });
  });
});

describe('litellmModelFor', () => {
  it("writes api_base only where it is not the provider's default, and reads back to the same endpoint", () => {
    const cases = [
      { provider: 'openai' as const, model: 'gpt-4o', baseUrl: 'https://api.openai.com/v1' },
      { provider: 'anthropic' as const, model: 'claude-3', baseUrl: 'https://api.anthropic.com' },
      { provider: 'anthropic' as const, model: 'claude-3', baseUrl: 'https://proxy.example' },
      { provider: 'hosted_vllm' as const, model: 'org/m', baseUrl: 'http://gpu:8000/v1' },
      { provider: 'openai-compatible' as const, model: 'llama3', baseUrl: 'http://localhost:11434/v1' },
    ];
    expect(cases.map(litellmModelFor)).toEqual([
      { model: 'openai/gpt-4o' },
      { model: 'anthropic/claude-3' },
      { model: 'anthropic/claude-3', api_base: 'https://proxy.example' },
      { model: 'hosted_vllm/org/m', api_base: 'http://gpu:8000/v1' },
      { model: 'openai/llama3', api_base: 'http://localhost:11434/v1' },
    ]);
    for (const c of cases) expect(ok(litellmModelFor(c))).toMatchObject(c);
  });
});
