// Every way a LiteLLM config is refused: each error names the field's path and its line, and says
// what to do. Line numbers below count from the first line of each file.
import { describe, expect, it } from 'vitest';
import { parseLitellmConfig, type ConfigIssue } from './litellm-import';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

function errors(text: string, env: Record<string, string> = {}): ConfigIssue[] {
  const result = parseLitellmConfig(text, { env });
  if (result.ok) throw new Error('expected the config to be refused');
  return result.errors;
}

/** A config with one entry whose litellm_params are `params` (from line 4 on). */
const entry = (params: string[], ...rest: string[]) =>
  lines('model_list:', '  - model_name: m', '    litellm_params:', ...params.map((p) => `      ${p}`), ...rest);

describe('the file itself', () => {
  it('refuses YAML that does not parse, at the line', () => {
    expect(errors(lines('model_list:', '  - model_name: m', '    litellm_params: [unclosed'))).toEqual([
      expect.objectContaining({ path: '', line: 4, message: expect.stringMatching(/^not valid YAML: /) }),
    ]);
  });

  it('refuses a key given twice, at the second', () => {
    expect(errors(lines('router_settings:', '  num_retries: 1', '  num_retries: 2'))).toEqual([
      { path: '', line: 3, message: expect.stringMatching(/not valid YAML: Map keys must be unique/) },
    ]);
  });

  it('refuses an empty file and a file that is not a mapping', () => {
    expect(errors('')).toEqual([
      { path: '', line: null, message: 'is empty: a LiteLLM config needs at least a model_list' },
    ]);
    expect(errors('- a\n- b\n')).toEqual([
      { path: '', line: 1, message: expect.stringContaining('must be a mapping') },
    ]);
  });

  it('names the file when it has a path', () => {
    const result = parseLitellmConfig('model_list: 3\n', { env: {}, filePath: 'litellm.yaml' });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'model_list', line: 1, file: 'litellm.yaml', message: 'must be a list, not 3' }],
    });
  });
});

describe('os.environ/', () => {
  it('refuses an unset variable, naming the field and the variable', () => {
    expect(errors(entry(['model: openai/gpt-4o', 'api_key: os.environ/OPENAI_API_KEY']))).toEqual([
      {
        path: 'model_list[0].litellm_params.api_key',
        line: 5,
        message:
          'environment variable OPENAI_API_KEY is not set (the file reads os.environ/OPENAI_API_KEY); set it, or add it under environment_variables',
      },
    ]);
  });

  it('reports every unset variable at once, in lists too', () => {
    const text = lines(
      'model_list:',
      '  - model_name: os.environ/NAME',
      '    litellm_params: { model: ollama/x }',
      'general_settings:',
      '  master_key: os.environ/LITELLM_MASTER_KEY',
      'router_settings:',
      '  fallbacks: [{m: [os.environ/FB]}]',
    );
    expect(errors(text).map((e) => [e.path, e.line])).toEqual([
      ['model_list[0].model_name', 2],
      ['general_settings.master_key', 5],
      ['router_settings.fallbacks[0].m[0]', 7],
    ]);
  });

  it('refuses os.environ/ with no name, and an unset variable inside environment_variables', () => {
    expect(errors(entry(['model: ollama/x', 'api_key: os.environ/']))).toEqual([
      {
        path: 'model_list[0].litellm_params.api_key',
        line: 5,
        message: 'os.environ/ names no variable: write os.environ/NAME',
      },
    ]);
    expect(errors(entry(['model: ollama/x'], 'environment_variables:', '  A: os.environ/MISSING'))[0]).toMatchObject({
      path: 'environment_variables.A',
      line: 6,
    });
  });

  it('refuses environment_variables that are not a mapping of scalars', () => {
    expect(errors(entry(['model: ollama/x'], 'environment_variables: [A]'))).toEqual([
      { path: 'environment_variables', line: 5, message: 'must be a mapping of NAME: value' },
    ]);
    expect(errors(entry(['model: ollama/x'], 'environment_variables:', '  A: [1]'))).toEqual([
      { path: 'environment_variables.A', line: 6, message: 'must be a string, number or boolean' },
    ]);
  });
});

describe('fields of the wrong shape', () => {
  it.each([
    ['rpm: fast', 'model_list[0].litellm_params.rpm', 'must be a number, not "fast"'],
    ['rpm: 1.5', 'model_list[0].litellm_params.rpm', 'must be a whole number, not 1.5'],
    ['tpm: -1', 'model_list[0].litellm_params.tpm', 'must be at least 0'],
    ['weight: -2', 'model_list[0].litellm_params.weight', 'must be at least 0'],
    ['timeout: 0', 'model_list[0].litellm_params.timeout', 'must be greater than 0'],
    [
      'input_cost_per_token: cheap',
      'model_list[0].litellm_params.input_cost_per_token',
      'must be a number, not "cheap"',
    ],
    ['api_key: [a, b]', 'model_list[0].litellm_params.api_key', 'must be a string, not a list'],
  ])('%s', (param, path, message) => {
    expect(errors(entry(['model: ollama/x', param]))).toEqual([{ path, line: 5, message }]);
  });

  it('refuses an entry with no model_name, or no model', () => {
    expect(errors(lines('model_list:', '  - litellm_params:', '      model: ollama/x'))).toEqual([
      { path: 'model_list[0].model_name', line: 2, message: 'is required' },
    ]);
    expect(errors(entry(['rpm: 5']))).toEqual([
      { path: 'model_list[0].litellm_params.model', line: 3, message: 'is required' },
    ]);
  });

  it('refuses an unknown routing strategy, listing the accepted ones', () => {
    expect(errors(entry(['model: ollama/x'], 'router_settings:', '  routing_strategy: fastest'))).toEqual([
      {
        path: 'router_settings.routing_strategy',
        line: 6,
        message:
          'must be one of: simple-shuffle, least-busy, latency-based-routing, cost-based-routing, usage-based-routing, usage-based-routing-v2, kv-aware (got "fastest")',
      },
    ]);
  });

  it('refuses a master key LiteLLM would not take', () => {
    expect(errors(lines('general_settings:', '  master_key: hunter2'))).toEqual([
      { path: 'general_settings.master_key', line: 2, message: 'must start with "sk-" (as LiteLLM\'s does)' },
    ]);
  });

  it('refuses fallbacks that are not a list of group → groups', () => {
    expect(errors(entry(['model: ollama/x'], 'router_settings:', '  fallbacks: {m: [m2]}'))).toEqual([
      { path: 'router_settings.fallbacks', line: 6, message: 'must be a list, not a mapping' },
    ]);
    expect(errors(entry(['model: ollama/x'], 'router_settings:', '  fallbacks:', '    - m: other'))).toEqual([
      { path: 'router_settings.fallbacks[0].m', line: 7, message: 'must be a list, not "other"' },
    ]);
  });

  it('refuses an alias of the wrong shape', () => {
    expect(errors(entry(['model: ollama/x'], 'router_settings:', '  model_group_alias:', '    a: [m]'))).toEqual([
      {
        path: 'router_settings.model_group_alias.a',
        line: 7,
        message: 'must be a model group name, or { model: <group>, hidden: true }',
      },
    ]);
  });
});

describe('providers and addresses', () => {
  it('refuses a provider with no default address and no api_base, at api_base (line of its parent)', () => {
    expect(errors(entry(['model: hosted_vllm/meta-llama/Llama-3.1-8B-Instruct']))).toEqual([
      {
        path: 'model_list[0].litellm_params.api_base',
        line: 3,
        message:
          "hosted_vllm/ has no default address: set api_base to the server's OpenAI API root, e.g. http://gpu-box:8000/v1",
      },
    ]);
  });

  it('refuses a provider Switchyard cannot route to, at model', () => {
    const [e] = errors(entry(['model: bedrock/anthropic.claude-v2']));
    expect(e).toMatchObject({ path: 'model_list[0].litellm_params.model', line: 4 });
    expect(e.message).toMatch(
      /^provider "bedrock" is not supported: Switchyard routes to openai\/, anthropic\/, hosted_vllm\/, ollama\/, ollama_chat\//,
    );
    expect(e.message).toMatch(/for a model served by vLLM write hosted_vllm\/bedrock\/anthropic\.claude-v2$/);
  });

  it('refuses a bare model name it cannot place, and a bad custom_llm_provider', () => {
    expect(errors(entry(['model: llama3']))[0]).toMatchObject({
      path: 'model_list[0].litellm_params.model',
      line: 4,
      message: expect.stringContaining('"llama3" names no provider'),
    });
    expect(errors(entry(['model: x', 'custom_llm_provider: bedrock']))[0]).toMatchObject({
      path: 'model_list[0].litellm_params.custom_llm_provider',
      line: 5,
    });
  });

  it('refuses an api_base that is not an http(s) URL', () => {
    expect(errors(entry(['model: openai/x', 'api_base: gpu-box:8000']))).toEqual([
      { path: 'model_list[0].litellm_params.api_base', line: 5, message: '"gpu-box:8000" is not an http(s) URL' },
    ]);
  });
});

describe('meaning', () => {
  const three = (...rest: string[]) =>
    lines(
      'model_list:',
      '  - { model_name: a, litellm_params: { model: ollama/a } }',
      '  - { model_name: b, litellm_params: { model: ollama/b } }',
      '  - { model_name: c, litellm_params: { model: ollama/c } }',
      ...rest,
    );

  it('refuses a fallback naming a group that does not exist, at the list item', () => {
    expect(errors(three('router_settings:', '  fallbacks:', '    - a: [b, gpt-5]'))).toEqual([
      {
        path: 'router_settings.fallbacks[0].a[1]',
        line: 7,
        message: 'fallback "gpt-5" names no model group in model_list (groups: a, b, c)',
      },
    ]);
  });

  it('refuses fallbacks for a group that does not exist, under litellm_settings too', () => {
    expect(
      errors(
        three('litellm_settings:', '  context_window_fallbacks:', '    - {a: [b]}', '    - {"gpt-3.5-turbo": [a]}'),
      ),
    ).toEqual([
      {
        path: 'litellm_settings.context_window_fallbacks[1]["gpt-3.5-turbo"]',
        line: 8,
        message: 'names model group "gpt-3.5-turbo", which model_list does not define (groups: a, b, c)',
      },
    ]);
  });

  it('refuses a fallback cycle, at the link that closes it', () => {
    expect(errors(three('router_settings:', '  fallbacks:', '    - a: [b]', '    - b: [c]', '    - c: [a]'))).toEqual([
      {
        path: 'router_settings.fallbacks[2].c[0]',
        line: 9,
        message:
          'fallbacks form a cycle (a → b → c → a): a failing request would bounce between these groups forever; remove one link',
      },
    ]);
  });

  it('refuses a group that falls back to itself, and cycles in context-window fallbacks', () => {
    expect(errors(three('router_settings:', '  fallbacks: [{a: [a]}]'))[0]).toMatchObject({
      path: 'router_settings.fallbacks[0].a[0]',
      line: 6,
      message: expect.stringContaining('cycle (a → a)'),
    });
    expect(errors(three('router_settings:', '  context_window_fallbacks: [{a: [b]}, {b: [a]}]'))[0]).toMatchObject({
      path: 'router_settings.context_window_fallbacks[1].b[0]',
      line: 6,
      message: expect.stringContaining('context_window_fallbacks form a cycle (a → b → a)'),
    });
  });

  it('refuses a group whose weights add up to 0', () => {
    expect(
      errors(
        lines(
          'model_list:',
          '  - { model_name: a, litellm_params: { model: ollama/a, weight: 0 } }',
          '  - model_name: a',
          '    litellm_params: { model: ollama/b, weight: 0 }',
        ),
      ),
    ).toEqual([
      {
        path: 'model_list[0].litellm_params.weight',
        line: 2,
        message:
          'the weights of model group "a" add up to 0, so none of its entries could ever be picked; give one a weight above 0',
      },
    ]);
  });

  it('refuses an alias to a missing group, and an alias that shadows a group', () => {
    expect(errors(three('router_settings:', '  model_group_alias:', '    gpt-4: gpt-4o', '    a: b'))).toEqual([
      {
        path: 'router_settings.model_group_alias.gpt-4',
        line: 7,
        message: 'alias "gpt-4" points at "gpt-4o", which model_list does not define',
      },
      {
        path: 'router_settings.model_group_alias.a',
        line: 8,
        message: 'alias "a" is also a model group\'s name; the group would always win — rename the alias',
      },
    ]);
  });

  it('refuses one model_info.id given to two different entries', () => {
    expect(
      errors(
        lines(
          'model_list:',
          '  - { model_name: a, litellm_params: { model: ollama/a }, model_info: { id: x } }',
          '  - { model_name: b, litellm_params: { model: ollama/b }, model_info: { id: x } }',
        ),
      ),
    ).toEqual([
      {
        path: 'model_list[1].model_info.id',
        line: 3,
        message: 'id "x" is also model_list[0]\'s, with different settings; ids must be unique',
      },
    ]);
  });

  it('refuses the same endpoint twice in one group', () => {
    expect(
      errors(
        lines(
          'model_list:',
          '  - { model_name: a, litellm_params: { model: ollama/a }, model_info: { id: x } }',
          '  - { model_name: a, litellm_params: { model: ollama/a }, model_info: { id: x } }',
        ),
      ),
    ).toEqual([{ path: 'model_list[1].model_info.id', line: 3, message: 'repeats model_list[0] in model group "a"' }]);
  });

  it('refuses fallbacks when the file defines no groups', () => {
    expect(errors(lines('router_settings:', '  fallbacks: [{a: [b]}]'))).toEqual([
      {
        path: 'router_settings.fallbacks[0].a',
        line: 2,
        message: 'names model group "a", which model_list does not define (groups: none: the file has no model_list)',
      },
    ]);
  });
});
