// parseLitellmConfig on whole files: the realistic config the gateway issue names (model_list,
// router_settings, fallbacks, os.environ/ values), environment handling, includes, and warnings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatConfigIssue, parseLitellmConfig, type ParseOptions, type ParseResult } from './litellm-import';

const FIXTURE = join(__dirname, '../../../test/config/fixtures/litellm-config.yaml');
const ENV = {
  VLLM_API_KEY: 'vllm-secret',
  OPENAI_API_KEY: 'sk-openai-secret',
  ANTHROPIC_API_KEY: 'sk-ant-secret',
  LITELLM_MASTER_KEY: 'sk-master-1234',
};

const lines = (...l: string[]) => `${l.join('\n')}\n`;

function plan(result: ParseResult) {
  if (!result.ok) throw new Error(`expected a plan, got ${JSON.stringify(result.errors)}`);
  return result.plan;
}

const parse = (text: string, opts: Partial<ParseOptions> = {}) => parseLitellmConfig(text, { env: {}, ...opts });

describe('the realistic config (model_list, router_settings, fallbacks, os.environ/)', () => {
  const result = parseLitellmConfig(readFileSync(FIXTURE, 'utf8'), { filePath: FIXTURE, env: ENV });
  const p = plan(result);
  const endpoint = (name: string) => p.endpoints.find((e) => e.name === name);
  const group = (name: string) => p.groups.find((g) => g.name === name);

  it('makes one endpoint per entry, named from model_info.id or <model_name>-<n>', () => {
    expect(p.endpoints.map((e) => e.name)).toEqual([
      'llama-3.1-8b-1',
      'gpu-b-llama',
      'llama-3.1-8b-3',
      'gpt-4o-1',
      'claude-sonnet-1',
      'qwen-long-1',
    ]);
  });

  it('reads each provider to the API root the gateway calls', () => {
    expect(endpoint('llama-3.1-8b-1')).toEqual({
      name: 'llama-3.1-8b-1',
      provider: 'hosted_vllm',
      baseUrl: 'http://gpu-a:8000/v1',
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      apiKey: 'vllm-secret',
      maxModelLen: 8192,
      inputCostPerToken: null,
      outputCostPerToken: null,
      rpmLimit: 600,
      tpmLimit: 200000,
      timeoutMs: 120_000,
    });
    expect(endpoint('gpu-b-llama')).toMatchObject({
      provider: 'hosted_vllm',
      baseUrl: 'http://gpu-b:8000/v1',
      apiKey: 'vllm-secret',
    });
    expect(endpoint('llama-3.1-8b-3')).toMatchObject({
      provider: 'openai-compatible',
      baseUrl: 'http://localhost:11434/v1',
      model: 'llama3.1:8b',
      apiKey: null,
    });
    expect(endpoint('gpt-4o-1')).toMatchObject({
      provider: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4o',
      apiKey: 'sk-openai-secret',
      inputCostPerToken: 0.0000025,
      outputCostPerToken: 0.00001,
      maxModelLen: 128000,
    });
    expect(endpoint('claude-sonnet-1')).toMatchObject({
      provider: 'anthropic',
      baseUrl: 'https://api.anthropic.com',
      model: 'claude-3-5-sonnet-20241022',
      apiKey: 'sk-ant-secret',
    });
    expect(endpoint('qwen-long-1')).toMatchObject({
      provider: 'openai-compatible',
      baseUrl: 'http://gpu-c:8001/v1',
      model: 'Qwen/Qwen2.5-7B-Instruct-1M',
      maxModelLen: 1_000_000,
    });
  });

  it('makes one group per model_name with weights, orders, the strategy and the router settings', () => {
    expect(p.groups.map((g) => g.name)).toEqual(['llama-3.1-8b', 'gpt-4o', 'claude-sonnet', 'qwen-long']);
    expect(group('llama-3.1-8b')).toEqual({
      name: 'llama-3.1-8b',
      strategy: 'latency-based-routing',
      settings: { numRetries: 3, timeoutMs: 300_000, allowedFails: 3, cooldownMs: 30_000 },
      targets: [
        { kind: 'endpoint', ref: 'llama-3.1-8b-1', weight: 3, order: 1 },
        { kind: 'endpoint', ref: 'gpu-b-llama', weight: 1, order: 1 },
        { kind: 'endpoint', ref: 'llama-3.1-8b-3', weight: 1, order: 2 },
      ],
      fallbacks: ['gpt-4o', 'claude-sonnet'],
      contextWindowFallbacks: ['qwen-long'],
    });
    expect(group('gpt-4o')).toMatchObject({
      fallbacks: ['claude-sonnet'],
      contextWindowFallbacks: [],
      settings: { numRetries: 2 },
    });
    expect(group('claude-sonnet')?.settings?.numRetries).toBe(2);
    expect(group('qwen-long')?.fallbacks).toEqual([]);
  });

  it('takes aliases, the master key and environment_variables', () => {
    expect(p.aliases).toEqual({ llama: 'llama-3.1-8b', 'gpt-4': 'gpt-4o' });
    expect(p.masterKey).toBe('sk-master-1234');
    expect(p.replaceRouting).toBe(true);
  });

  it('warns about every setting it skips, with path and line, and never reads their variables', () => {
    expect(result.ok && result.warnings).toEqual(p.warnings);
    const w = p.warnings.join('\n');
    expect(w).toContain('model_list[3].litellm_params.drop_params (');
    expect(w).toMatch(
      /model_list\[3\]\.litellm_params\.drop_params \(.*litellm-config\.yaml line 39\): not used by Switchyard; ignored/,
    );
    expect(w).toMatch(/router_settings\.redis_host \(.*line 68\)/);
    // litellm_settings the gateway does not implement are listed once, as ignored.
    expect(w).not.toMatch(/litellm_settings\.drop_params/);
    expect(result.ok && result.ignored.join('\n')).toMatch(/litellm_settings\.drop_params \(.*line 71\)/);
    expect(w).toMatch(/general_settings\.database_url \(.*line 76\)/);
    // REDIS_HOST and DATABASE_URL are unset: skipped settings do not need them.
    expect(w).toMatch(/aliases resolve but are not listed in \/v1\/models.*: gpt-4$/m);
  });
});

describe('environment', () => {
  const config = (apiKey: string) =>
    lines(
      'model_list:',
      '  - model_name: m',
      '    litellm_params:',
      '      model: openai/gpt-4o',
      `      api_key: ${apiKey}`,
      '      rpm: os.environ/RPM',
      'environment_variables:',
      '  RPM: 120',
      '  OPENAI_API_KEY: from-file',
    );

  it("adds environment_variables to the environment, over the caller's", () => {
    const p = plan(parse(config('os.environ/OPENAI_API_KEY'), { env: { OPENAI_API_KEY: 'from-env' } }));
    expect(p.endpoints[0]).toMatchObject({ apiKey: 'from-file', rpmLimit: 120 });
  });

  it('reads numbers that arrive as strings from the environment', () => {
    const p = plan(
      parse(
        lines(
          'model_list:',
          '  - model_name: m',
          '    litellm_params:',
          '      model: openai/gpt-4o',
          '      tpm: os.environ/TPM',
          '      timeout: os.environ/T',
        ),
        { env: { TPM: '5000', T: '2.5' } },
      ),
    );
    expect(p.endpoints[0]).toMatchObject({ tpmLimit: 5000, timeoutMs: 2500 });
  });

  it("lets environment_variables read the caller's environment", () => {
    const text = lines(
      'model_list:',
      '  - model_name: m',
      '    litellm_params:',
      '      model: openai/gpt-4o',
      '      api_key: os.environ/K',
      'environment_variables:',
      '  K: os.environ/OUTER',
    );
    expect(plan(parse(text, { env: { OUTER: 'outer' } })).endpoints[0].apiKey).toBe('outer');
  });
});

describe('include', () => {
  const files: Record<string, string> = {
    '/cfg/models/local.yaml': lines(
      'model_list:',
      '  - model_name: b',
      '    litellm_params:',
      '      model: hosted_vllm/b',
      '      api_base: http://b:8000/v1',
      'router_settings:',
      '  routing_strategy: least-busy',
    ),
    '/cfg/nested.yaml': lines('include:', '  - other.yaml', 'model_list: []'),
    '/cfg/bad.yaml': lines('model_list:', '  - model_name: c', '    litellm_params:', '      model: hosted_vllm/c'),
  };
  const readFile = (path: string) => {
    if (!(path in files)) throw new Error(`ENOENT: no such file, open '${path}'`);
    return files[path];
  };
  const root = (...include: string[]) =>
    lines(
      'include:',
      ...include.map((i) => `  - ${i}`),
      'model_list:',
      '  - model_name: a',
      '    litellm_params:',
      '      model: ollama/a',
      'router_settings:',
      '  routing_strategy: simple-shuffle',
      '  fallbacks: [{a: [b]}]',
    );

  it("appends included model_list entries and replaces other keys, relative to the config's folder", () => {
    const result = parse(root('models/local.yaml'), { filePath: '/cfg/config.yaml', readFile });
    const p = plan(result);
    expect(p.groups.map((g) => [g.name, g.strategy])).toEqual([
      ['a', 'least-busy'],
      ['b', 'least-busy'],
    ]);
    expect(p.endpoints.map((e) => e.name)).toEqual(['a-1', 'b-1']);
    // The included router_settings replaced the root's (fallbacks included), as LiteLLM merges.
    expect(p.groups[0].fallbacks).toEqual([]);
    expect(p.warnings.join('\n')).toMatch(
      /router_settings \(\/cfg\/models\/local\.yaml line 6\): replaces router_settings from \/cfg\/config\.yaml/,
    );
  });

  it('names the included file and its line, at the merged path, when an included entry is wrong', () => {
    const result = parse(root('bad.yaml'), { filePath: '/cfg/config.yaml', readFile });
    // Every problem is reported at once: the included entry, and the root's fallback to a group the include no longer brings.
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'model_list[1].litellm_params.api_base',
          line: 3,
          file: '/cfg/bad.yaml',
          message: expect.stringContaining('hosted_vllm/ has no default address'),
        },
        {
          path: 'router_settings.fallbacks[0].a[0]',
          line: 9,
          file: '/cfg/config.yaml',
          message: 'fallback "b" names no model group in model_list (groups: a, c)',
        },
      ],
    });
    if (!result.ok)
      expect(formatConfigIssue(result.errors[0])).toMatch(
        /^\/cfg\/bad\.yaml:3 model_list\[1\]\.litellm_params\.api_base: hosted_vllm/,
      );
  });

  it('refuses a missing include with its path and line', () => {
    const result = parse(root('models/local.yaml', 'gone.yaml'), { filePath: '/cfg/config.yaml', readFile });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'include[1]',
          line: 3,
          file: '/cfg/config.yaml',
          message: expect.stringMatching(/^cannot read \/cfg\/gone\.yaml: ENOENT/),
        },
      ],
    });
  });

  it('does not follow includes inside an included file, and says so', () => {
    const p = plan(
      parse(
        lines('include: [nested.yaml]', 'model_list:', '  - model_name: a', '    litellm_params: { model: ollama/a }'),
        { filePath: '/cfg/config.yaml', readFile },
      ),
    );
    expect(p.groups.map((g) => g.name)).toEqual(['a']);
    expect(p.warnings.join('\n')).toMatch(
      /include \(\/cfg\/nested\.yaml line 1\): includes inside an included file are not followed/,
    );
  });

  it('refuses an include that is not a list', () => {
    expect(parse(lines('include: other.yaml', 'model_list: []'))).toEqual({
      ok: false,
      errors: [{ path: 'include', line: 1, message: expect.stringContaining('must be a list') }],
    });
  });
});

describe("reading LiteLLM's conventions", () => {
  const one = (params: string[], extra: string[] = []) =>
    lines('model_list:', '  - model_name: m', '    litellm_params:', ...params.map((p) => `      ${p}`), ...extra);

  it('maps usage-based routing to least-busy and says it is an approximation', () => {
    const p = plan(parse(one(['model: ollama/x'], ['router_settings:', '  routing_strategy: usage-based-routing-v2'])));
    expect(p.groups[0].strategy).toBe('least-busy');
    expect(p.warnings.join('\n')).toMatch(
      /router_settings\.routing_strategy \(line 6\): usage-based-routing-v2 is approximated by least-busy/,
    );
  });

  it('defaults to simple-shuffle with no settings when router_settings is absent', () => {
    expect(plan(parse(one(['model: ollama/x'])))).toMatchObject({
      groups: [{ strategy: 'simple-shuffle', fallbacks: [], contextWindowFallbacks: [] }],
      masterKey: null,
    });
    expect(plan(parse(one(['model: ollama/x']))).groups[0]).not.toHaveProperty('settings');
  });

  it('reads fallbacks, num_retries and request_timeout under litellm_settings; router_settings wins a conflict', () => {
    const text = lines(
      'model_list:',
      '  - { model_name: a, litellm_params: { model: ollama/a } }',
      '  - { model_name: b, litellm_params: { model: ollama/b } }',
      '  - { model_name: c, litellm_params: { model: ollama/c } }',
      'litellm_settings:',
      '  num_retries: 4',
      '  request_timeout: 60',
      '  fallbacks: [{a: [b]}, {b: [c]}]',
      'router_settings:',
      '  fallbacks: [{a: [c]}]',
    );
    const p = plan(parse(text));
    expect(p.groups.map((g) => [g.name, g.fallbacks])).toEqual([
      ['a', ['c']],
      ['b', ['c']],
      ['c', []],
    ]);
    expect(p.groups[0].settings).toEqual({ numRetries: 4, timeoutMs: 60_000 });
    expect(p.warnings.join('\n')).toMatch(
      /litellm_settings\.fallbacks\[0\]\.a \(line 8\): fallbacks for "a" are also set under router_settings; those are used/,
    );
  });

  it('tries entries without order after those with one, as LiteLLM does', () => {
    const text = lines(
      'model_list:',
      '  - { model_name: a, litellm_params: { model: ollama/a, order: 2 } }',
      '  - { model_name: a, litellm_params: { model: ollama/b } }',
      '  - { model_name: a, litellm_params: { model: ollama/c, order: 1 } }',
    );
    expect(plan(parse(text)).groups[0].targets.map((t) => t.order)).toEqual([2, 3, 1]);
  });

  it('lets one model_info.id serve two groups as one endpoint', () => {
    const text = lines(
      'model_list:',
      '  - { model_name: a, litellm_params: { model: ollama/x }, model_info: { id: shared } }',
      '  - { model_name: b, litellm_params: { model: ollama/x }, model_info: { id: shared } }',
    );
    const p = plan(parse(text));
    expect(p.endpoints.map((e) => e.name)).toEqual(['shared']);
    expect(p.groups.map((g) => g.targets[0].ref)).toEqual(['shared', 'shared']);
  });

  it('keeps generated names unique and to a safe alphabet', () => {
    const text = lines(
      'model_list:',
      '  - { model_name: "org/model x", litellm_params: { model: ollama/x } }',
      '  - { model_name: m, litellm_params: { model: ollama/x }, model_info: { id: org-model-x-1 } }',
    );
    expect(plan(parse(text)).endpoints.map((e) => e.name)).toEqual(['org-model-x-1-2', 'org-model-x-1']);
  });

  it('prefers max_input_tokens, else max_tokens, for the context length; costs from model_info too', () => {
    const p = plan(
      parse(
        one(
          ['model: ollama/x'],
          ['    model_info: { max_tokens: 4096, input_cost_per_token: 1e-7, output_cost_per_token: "2e-7" }'],
        ),
      ),
    );
    expect(p.endpoints[0]).toMatchObject({ maxModelLen: 4096, inputCostPerToken: 1e-7, outputCostPerToken: 2e-7 });
  });

  it('uses timeout for streams too, and says so when stream_timeout differs', () => {
    const p = plan(parse(one(['model: ollama/x', 'timeout: 10', 'stream_timeout: 30'])));
    expect(p.endpoints[0].timeoutMs).toBe(10_000);
    expect(p.warnings.join('\n')).toMatch(/stream_timeout \(line 6\): Switchyard has one timeout per endpoint/);
    expect(plan(parse(one(['model: ollama/x', 'stream_timeout: 30']))).endpoints[0].timeoutMs).toBe(30_000);
  });

  it('uses the largest max_retries of a group and says so when entries differ', () => {
    const text = lines(
      'model_list:',
      '  - { model_name: a, litellm_params: { model: ollama/a, max_retries: 1 } }',
      '  - { model_name: a, litellm_params: { model: ollama/b, max_retries: 5 } }',
    );
    const p = plan(parse(text));
    expect(p.groups[0].settings).toEqual({ numRetries: 5 });
    expect(p.warnings.join('\n')).toMatch(
      /model_list\[0\]\.litellm_params\.max_retries \(line 2\): model group "a" has entries with max_retries 1, 5/,
    );
  });

  it('leaves the routing table alone when the file has no model_list', () => {
    const p = plan(parse(lines('general_settings:', '  master_key: sk-only-the-key')));
    expect(p).toMatchObject({ replaceRouting: false, groups: [], endpoints: [], masterKey: 'sk-only-the-key' });
    expect(p.warnings).toContain(
      'the file has no model_list: model groups, endpoints and fallbacks are left as they are',
    );
  });

  it('treats a key written with no value as not set', () => {
    const p = plan(parse(one(['model: ollama/x', 'api_key:', 'rpm:'], ['router_settings:'])));
    expect(p.endpoints[0]).toMatchObject({ apiKey: null, rpmLimit: null });
  });

  it('reads YAML as PyYAML does: merge keys, yes/no booleans', () => {
    const text = lines(
      'defaults: &local { model: ollama/x, rpm: 10 }',
      'model_list:',
      '  - model_name: m',
      '    litellm_params:',
      '      <<: *local',
      '      tpm: 99',
      'router_settings:',
      '  model_group_alias: { mm: { model: m, hidden: yes } }',
    );
    const p = plan(parse(text));
    expect(p.endpoints[0]).toMatchObject({ model: 'x', rpmLimit: 10, tpmLimit: 99 });
    expect(p.aliases).toEqual({ mm: 'm' });
    expect(p.warnings.join('\n')).toMatch(/^defaults \(line 1\): not used by Switchyard; ignored$/m);
    expect(p.warnings.join('\n')).not.toMatch(/not listed in \/v1\/models/);
  });

  it('suggests the key a typo meant', () => {
    const p = plan(parse(one(['model: ollama/x', 'tmp: 5'], ['router_settings:', '  routing_stratgy: least-busy'])));
    expect(p.warnings).toEqual([
      'model_list[0].litellm_params.tmp (line 5): unknown key (did you mean tpm?); ignored',
      'router_settings.routing_stratgy (line 7): unknown key (did you mean routing_strategy?); ignored',
    ]);
  });
});
