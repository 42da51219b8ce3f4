// Export → import round trip on real stores: a config imported, exported and imported again into a
// fresh store gives the same endpoints, groups, fallbacks and aliases; secrets leave only as
// os.environ/ placeholders unless asked for.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { applyImportPlan } from '../../electron/core/config/apply-import';
import { exportLitellmConfig } from '../../electron/core/config/litellm-export';
import { parseLitellmConfig, type ImportPlan } from '../../electron/core/config/litellm-import';
import { loadDataKey, secretBox, type SecretBox } from '../../electron/core/secrets';
import { Store } from '../../electron/core/store';
import type { GroupSpec } from '../../electron/core/store/model-groups';

const FIXTURE = join(__dirname, 'fixtures/litellm-config.yaml');
const ENV = {
  VLLM_API_KEY: 'vllm-plain-secret-4242',
  OPENAI_API_KEY: 'sk-openai-plain-secret-4242',
  ANTHROPIC_API_KEY: 'sk-ant-plain-secret-4242',
  LITELLM_MASTER_KEY: 'sk-master-plain-4242',
};

const cleanups: Array<() => void> = [];
afterEach(() =>
  cleanups
    .splice(0)
    .reverse()
    .forEach((f) => f()),
);

function openStore(): { store: Store; secrets: SecretBox } {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-export-'));
  const store = Store.open(dir);
  cleanups.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => store.close(),
  );
  return { store, secrets: secretBox(loadDataKey(dir)) };
}

function planOf(text: string, env: Record<string, string>): ImportPlan {
  const result = parseLitellmConfig(text, { env });
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.plan;
}

function imported(text: string, env: Record<string, string> = ENV) {
  const ctx = openStore();
  applyImportPlan(ctx.store, ctx.secrets, planOf(text, env));
  return ctx;
}

/** A store's routing state with keys decrypted, in a stable order. */
function state(store: Store, secrets: SecretBox) {
  return {
    // LiteLLM has no field for a cloud equivalent (Switchyard's own, for the Spend page): not part of the round trip.
    endpoints: store.endpoints.list().map(({ apiKeyCipher, cloudEquivalent: _, ...e }) => ({
      ...e,
      apiKey: apiKeyCipher && secrets.decrypt(apiKeyCipher),
    })),
    groups: store.modelGroups.list().map(({ createdAt: _, ...g }) => g),
    aliases: store.modelGroups.aliases(),
  };
}

/** A plan in the same shape as `state`, for comparing without a store. */
const planState = (plan: ImportPlan) => ({
  endpoints: [...plan.endpoints].sort((a, b) => a.name.localeCompare(b.name)),
  groups: [...plan.groups]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((g: GroupSpec) => ({
      ...g,
      settings: g.settings ?? {},
      targets: [...g.targets].sort((a, b) => a.order - b.order || a.ref.localeCompare(b.ref)),
    })),
  aliases: plan.aliases,
});

describe('exportLitellmConfig', () => {
  const source = readFileSync(FIXTURE, 'utf8');

  it('round-trips the realistic config through placeholders for secrets', () => {
    const { store, secrets } = imported(source);
    const text = exportLitellmConfig(store, secrets, { includeSecrets: false });
    for (const plain of Object.values(ENV)) expect(text).not.toContain(plain);
    expect(text).toContain(
      '# Set these environment variables before loading it: ANTHROPIC_API_KEY, OPENAI_API_KEY, HOSTED_VLLM_API_KEY',
    );
    expect(text).toContain('api_key: os.environ/HOSTED_VLLM_API_KEY');

    const env = {
      HOSTED_VLLM_API_KEY: ENV.VLLM_API_KEY,
      OPENAI_API_KEY: ENV.OPENAI_API_KEY,
      ANTHROPIC_API_KEY: ENV.ANTHROPIC_API_KEY,
    };
    const again = planOf(text, env);
    expect(again.warnings).toEqual([]);
    expect(again.masterKey).toBeNull();
    expect(planState(again)).toEqual(state(store, secrets));

    const copy = imported(text, env);
    expect(state(copy.store, copy.secrets)).toEqual(state(store, secrets));
  });

  it('writes the keys themselves when asked, and reads back without any environment', () => {
    const { store, secrets } = imported(source);
    const text = exportLitellmConfig(store, secrets, { includeSecrets: true });
    expect(text).toContain('Contains provider API keys in plain text');
    expect(text).toContain(`api_key: ${ENV.OPENAI_API_KEY}`);
    expect(text).not.toContain('os.environ/');
    expect(planState(planOf(text, {}))).toEqual(state(store, secrets));
  });

  it('writes what LiteLLM reads: router_settings, per-entry retries where groups differ, model_info ids', () => {
    const { store, secrets } = imported(source);
    const doc = parseYaml(exportLitellmConfig(store, secrets, { includeSecrets: false }), { version: '1.1' });
    expect(doc.router_settings).toEqual({
      routing_strategy: 'latency-based-routing',
      timeout: 300,
      allowed_fails: 3,
      cooldown_time: 30,
      fallbacks: [{ 'gpt-4o': ['claude-sonnet'] }, { 'llama-3.1-8b': ['gpt-4o', 'claude-sonnet'] }],
      context_window_fallbacks: [{ 'llama-3.1-8b': ['qwen-long'] }],
      model_group_alias: { 'gpt-4': { model: 'gpt-4o', hidden: true }, llama: { model: 'llama-3.1-8b', hidden: true } },
    });
    const gpu = doc.model_list.find((m: { model_info: { id: string } }) => m.model_info.id === 'gpu-b-llama');
    expect(gpu).toEqual({
      model_name: 'llama-3.1-8b',
      litellm_params: {
        model: 'hosted_vllm/meta-llama/Llama-3.1-8B-Instruct',
        api_base: 'http://gpu-b:8000/v1',
        api_key: 'os.environ/HOSTED_VLLM_API_KEY',
        order: 1,
        max_retries: 3,
      },
      model_info: { id: 'gpu-b-llama', max_input_tokens: 8192 },
    });
    const gpt = doc.model_list.find((m: { model_name: string }) => m.model_name === 'gpt-4o');
    expect(gpt.litellm_params).toEqual({
      model: 'openai/gpt-4o',
      api_key: 'os.environ/OPENAI_API_KEY',
      max_retries: 2,
      input_cost_per_token: 0.0000025,
      output_cost_per_token: 0.00001,
    });
  });

  it('spells small prices as plain decimals, which PyYAML reads as numbers', () => {
    const { store, secrets } = imported(
      'model_list:\n  - model_name: m\n    litellm_params: { model: ollama/x, input_cost_per_token: 1.5e-7, output_cost_per_token: 0.000000003 }\n',
    );
    const text = exportLitellmConfig(store, secrets, { includeSecrets: false });
    expect(text).toContain('input_cost_per_token: 0.00000015\n');
    expect(text).toContain('output_cost_per_token: 0.000000003\n');
    expect(text).not.toMatch(/\de-\d/);
    expect(planOf(text, {}).endpoints[0]).toMatchObject({ inputCostPerToken: 1.5e-7, outputCostPerToken: 3e-9 });
  });

  it('notes what LiteLLM cannot express: per-group strategies and timeouts', () => {
    const { store, secrets } = imported(
      'model_list:\n  - { model_name: a, litellm_params: { model: ollama/a } }\n  - { model_name: b, litellm_params: { model: ollama/b } }\n  - { model_name: c, litellm_params: { model: ollama/c } }\n',
    );
    store.modelGroups.upsert({
      name: 'b',
      strategy: 'kv-aware',
      settings: { timeoutMs: 5000 },
      targets: [{ kind: 'endpoint', ref: 'b-1', weight: 2, order: 0 }],
      fallbacks: [],
      contextWindowFallbacks: [],
    });
    store.modelGroups.upsert({
      name: 'c',
      strategy: 'kv-aware',
      settings: { timeoutMs: 5000 },
      targets: [{ kind: 'endpoint', ref: 'c-1', weight: 1, order: 0 }],
      fallbacks: [],
      contextWindowFallbacks: [],
    });
    const text = exportLitellmConfig(store, secrets, { includeSecrets: false });
    expect(text).toContain('# routing_strategy is global in LiteLLM: kv-aware is written; a used simple-shuffle');
    expect(text).toContain("# routing_strategy kv-aware is Switchyard's own; for LiteLLM itself use least-busy");
    expect(text).toContain('# router_settings.timeout is global in LiteLLM; these groups had their own: a (default)');
    const doc = parseYaml(text, { version: '1.1' });
    expect(doc.router_settings).toEqual({ routing_strategy: 'kv-aware', timeout: 5 });
    expect(doc.model_list[1].litellm_params).toEqual({
      model: 'openai/b',
      api_base: 'http://localhost:11434/v1',
      weight: 2,
    });
  });

  it('writes a deployment as the vLLM server it runs, and leaves out what has no address', () => {
    const { store, secrets } = imported(
      'model_list:\n  - { model_name: cloud, litellm_params: { model: openai/gpt-4o } }\n',
    );
    const insert =
      store.db.prepare(`INSERT INTO deployments (id, name, host_id, model, served_model_name, image, state, port, created_at, updated_at)
      VALUES (?, ?, 'local', 'Qwen/Qwen2.5-0.5B', 'qwen', 'vllm/vllm-openai', ?, ?, 0, 0)`);
    insert.run('d1', 'qwen-a', 'ready', 8001);
    insert.run('d2', 'qwen-b', 'pulling', null);
    store.modelGroups.upsert({
      name: 'qwen',
      strategy: 'simple-shuffle',
      targets: [{ kind: 'deployment', ref: 'qwen-a', weight: 1, order: 0 }],
      fallbacks: ['cloud'],
      contextWindowFallbacks: [],
    });
    store.modelGroups.upsert({
      name: 'pending',
      strategy: 'simple-shuffle',
      targets: [{ kind: 'deployment', ref: 'qwen-b', weight: 1, order: 0 }],
      fallbacks: [],
      contextWindowFallbacks: [],
    });
    store.modelGroups.upsert({
      name: 'cloud',
      strategy: 'simple-shuffle',
      targets: [{ kind: 'endpoint', ref: 'cloud-1', weight: 1, order: 0 }],
      fallbacks: ['pending'],
      contextWindowFallbacks: [],
    });

    const text = exportLitellmConfig(store, secrets, { includeSecrets: false });
    expect(text).toContain(
      '# deployment qwen-a (group qwen) is written as the vLLM server it runs, http://127.0.0.1:8001/v1',
    );
    expect(text).toContain('# group pending: deployment qwen-b has no address yet; left out');
    expect(text).toContain('# group pending has nothing LiteLLM can reach; left out with its fallbacks and aliases');
    const again = planOf(text, {});
    expect(again.groups.map((g) => [g.name, g.fallbacks])).toEqual([
      ['cloud', []],
      ['qwen', ['cloud']],
    ]);
    expect(again.endpoints.find((e) => e.name === 'deployment-qwen-a')).toMatchObject({
      provider: 'hosted_vllm',
      baseUrl: 'http://127.0.0.1:8001/v1',
      model: 'qwen',
    });
  });

  it('exports an empty store as an empty model_list', () => {
    const { store, secrets } = openStore();
    const text = exportLitellmConfig(store, secrets, { includeSecrets: false });
    expect(parseYaml(text)).toEqual({ model_list: [] });
  });
});
