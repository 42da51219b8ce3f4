// Importing a LiteLLM config into a real SQLite store in a temp dir: what lands, that provider keys
// are encrypted at rest, and that a failure part-way leaves the database exactly as it was.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyImportPlan } from '../../electron/core/config/apply-import';
import { parseLitellmConfig, type ImportPlan } from '../../electron/core/config/litellm-import';
import { loadRoutingTable } from '../../electron/core/gateway/routing/table';
import { isMasterKey } from '../../electron/core/master-key';
import { loadDataKey, secretBox, type SecretBox } from '../../electron/core/secrets';
import { Store } from '../../electron/core/store';

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

function openStore(): { store: Store; secrets: SecretBox; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-config-'));
  const store = Store.open(dir);
  cleanups.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => store.close(),
  );
  return { store, secrets: secretBox(loadDataKey(dir)), dir };
}

function fixturePlan(env: Record<string, string> = ENV): ImportPlan {
  const result = parseLitellmConfig(readFileSync(FIXTURE, 'utf8'), { filePath: FIXTURE, env });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

/** Everything an import can touch, read back. */
const snapshot = (store: Store) => ({
  endpoints: store.endpoints.list(),
  groups: store.modelGroups.list().map(({ createdAt: _, ...g }) => g),
  aliases: store.modelGroups.aliases(),
  masterKeyHash: store.settings.getPrivate('masterKeyHash'),
});

describe('applyImportPlan', () => {
  it('writes the endpoints, the routing table and the master key, and the gateway can route with them', () => {
    const { store, secrets } = openStore();
    const summary = applyImportPlan(store, secrets, fixturePlan());
    expect(summary).toEqual({ endpoints: 6, groups: 4, aliases: 2, routingReplaced: true, masterKeySet: true });

    expect(
      store.endpoints
        .list()
        .map((e) => e.name)
        .sort(),
    ).toEqual(['claude-sonnet-1', 'gpt-4o-1', 'gpu-b-llama', 'llama-3.1-8b-1', 'llama-3.1-8b-3', 'qwen-long-1']);
    expect(isMasterKey(store.settings, 'sk-master-plain-4242')).toBe(true);
    const table = loadRoutingTable(store, secrets);
    const llama = table.resolve('llama');
    expect(llama?.name).toBe('llama-3.1-8b');
    expect(llama?.strategy).toBe('latency-based-routing');
    expect(llama?.settings).toEqual({ numRetries: 3, timeoutMs: 300_000, allowedFails: 3, cooldownMs: 30_000 });
    expect(llama?.fallbacks).toEqual(['gpt-4o', 'claude-sonnet']);
    expect(llama?.contextWindowFallbacks).toEqual(['qwen-long']);
    expect(
      llama?.targets.map((t) => [t.name, t.baseUrl, t.upstreamModel, t.apiKey, t.weight, t.order, t.unavailable]),
    ).toEqual([
      ['gpu-b-llama', 'http://gpu-b:8000/v1', 'meta-llama/Llama-3.1-8B-Instruct', 'vllm-plain-secret-4242', 1, 1, null],
      [
        'llama-3.1-8b-1',
        'http://gpu-a:8000/v1',
        'meta-llama/Llama-3.1-8B-Instruct',
        'vllm-plain-secret-4242',
        3,
        1,
        null,
      ],
      ['llama-3.1-8b-3', 'http://localhost:11434/v1', 'llama3.1:8b', null, 1, 2, null],
    ]);
    expect(table.resolve('gpt-4')?.targets[0]).toMatchObject({
      provider: 'openai',
      apiKey: 'sk-openai-plain-secret-4242',
      inputCostPerToken: 0.0000025,
      maxModelLen: 128000,
    });
  });

  it('stores provider keys only encrypted: no plain key in the database files', () => {
    const { store, secrets, dir } = openStore();
    applyImportPlan(store, secrets, fixturePlan());
    const ciphers = store.endpoints
      .list()
      .map((e) => e.apiKeyCipher)
      .filter((c): c is string => c !== null);
    expect(ciphers).toHaveLength(4);
    expect(ciphers.every((c) => c.startsWith('v1:'))).toBe(true);
    expect(secrets.decrypt(ciphers[0])).toMatch(/plain-secret-4242$/);
    store.close();
    const bytes = Buffer.concat(
      readdirSync(dir)
        .filter((f) => f.startsWith('switchyard.db'))
        .map((f) => readFileSync(join(dir, f))),
    );
    expect(bytes.length).toBeGreaterThan(0);
    for (const plain of Object.values(ENV)) expect(bytes.includes(Buffer.from(plain))).toBe(false);
  });

  it('re-importing the same file changes nothing', () => {
    const { store, secrets } = openStore();
    applyImportPlan(store, secrets, fixturePlan());
    const first = snapshot(store);
    applyImportPlan(store, secrets, fixturePlan());
    const second = snapshot(store);
    // Ciphertexts differ (fresh IVs); what they decrypt to does not.
    const plain = (s: typeof first) =>
      s.endpoints.map((e) => ({ ...e, apiKeyCipher: e.apiKeyCipher && secrets.decrypt(e.apiKeyCipher) }));
    expect(plain(second)).toEqual(plain(first));
    expect({ ...second, endpoints: null }).toEqual({ ...first, endpoints: null });
  });

  it('keeps a cloud equivalent set in the app when the file is imported again (LiteLLM has no such field)', () => {
    const { store, secrets } = openStore();
    applyImportPlan(store, secrets, fixturePlan());
    store.endpoints.upsert({ ...store.endpoints.get('gpu-b-llama')!, cloudEquivalent: 'openai/gpt-4o-mini' });
    applyImportPlan(store, secrets, fixturePlan());
    expect(store.endpoints.get('gpu-b-llama')?.cloudEquivalent).toBe('openai/gpt-4o-mini');
    store.endpoints.upsert({ ...store.endpoints.get('gpu-b-llama')!, cloudEquivalent: null });
    expect(store.endpoints.get('gpu-b-llama')?.cloudEquivalent).toBeNull();
  });

  it('leaves the routing table alone for a file with no model_list', () => {
    const { store, secrets } = openStore();
    applyImportPlan(store, secrets, fixturePlan());
    const before = snapshot(store);
    const result = parseLitellmConfig('general_settings:\n  master_key: sk-rotated-key\n', { env: {} });
    if (!result.ok) throw new Error('expected a plan');
    expect(applyImportPlan(store, secrets, result.plan)).toMatchObject({ routingReplaced: false, masterKeySet: true });
    expect({ ...snapshot(store), masterKeyHash: null }).toEqual({ ...before, masterKeyHash: null });
    expect(isMasterKey(store.settings, 'sk-rotated-key')).toBe(true);
  });
});

describe('nothing is half-applied', () => {
  /** A store that already holds a different config, to be left untouched by a failed import. */
  function seeded() {
    const ctx = openStore();
    const result = parseLitellmConfig(
      'model_list:\n  - model_name: old\n    litellm_params: { model: ollama/old, api_key: old-key }\nrouter_settings:\n  model_group_alias: { o: old }\ngeneral_settings: { master_key: sk-old-master }\n',
      { env: {} },
    );
    if (!result.ok) throw new Error('expected a plan');
    applyImportPlan(ctx.store, ctx.secrets, result.plan);
    return ctx;
  }

  it('rolls everything back when the master key is refused after endpoints and groups were written', () => {
    const { store, secrets } = seeded();
    const before = snapshot(store);
    const plan = { ...fixturePlan(), masterKey: 'not-an-sk-key' };
    expect(() => applyImportPlan(store, secrets, plan)).toThrow(/must start with "sk-"/);
    expect(snapshot(store)).toEqual(before);
    expect(isMasterKey(store.settings, 'sk-old-master')).toBe(true);
  });

  it('rolls everything back when SQLite refuses a row part-way (the same target twice in a group)', () => {
    const { store, secrets } = seeded();
    const before = snapshot(store);
    const plan = fixturePlan();
    plan.groups[1].targets.push({ ...plan.groups[1].targets[0] });
    expect(() => applyImportPlan(store, secrets, plan)).toThrow(/UNIQUE constraint failed: model_group_targets/);
    expect(snapshot(store)).toEqual(before);
  });

  it('rolls back the endpoints when replacing the routing table fails', () => {
    const { store, secrets } = seeded();
    const before = snapshot(store);
    const spy = vi.spyOn(store.modelGroups, 'replaceAll').mockImplementation(() => {
      throw new Error('disk full');
    });
    cleanups.push(() => spy.mockRestore());
    expect(() => applyImportPlan(store, secrets, fixturePlan())).toThrow('disk full');
    expect(snapshot(store)).toEqual(before);
    expect(store.endpoints.list().map((e) => e.name)).toEqual(['old-1']);
  });
});
