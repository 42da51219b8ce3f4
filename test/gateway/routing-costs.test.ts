// What each routing target costs, as the gateway loads it from a real store: cloud endpoints
// without prices get the list price, per-target prices win, and deployments carry their energy price.
import { describe, expect, it } from 'vitest';
import { costUsd } from '../../electron/core/gateway/cost';
import { loadRoutingTable } from '../../electron/core/gateway/routing/table';
import { loadDataKey, secretBox } from '../../electron/core/secrets';
import type { Store } from '../../electron/core/store';
import type { Endpoint } from '../../electron/core/store/endpoints';
import { DeploymentSpec } from '../../shared/deployment-schemas';
import { useTempStores } from '../support/temp-store';

const { tempDir, openStore } = useTempStores('costs');

function setup() {
  const dir = tempDir();
  const store = openStore(dir);
  const secrets = secretBox(loadDataKey(dir));
  const endpoint = (name: string, extra: Partial<Endpoint>) =>
    store.endpoints.upsert({
      name,
      provider: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      model: name,
      apiKeyCipher: secrets.encrypt('sk-x'),
      maxModelLen: null,
      inputCostPerToken: null,
      outputCostPerToken: null,
      rpmLimit: null,
      tpmLimit: null,
      timeoutMs: null,
      ...extra,
    });
  const group = (name: string, refs: Array<[kind: 'endpoint' | 'deployment', ref: string]>) =>
    store.modelGroups.upsert({
      name,
      strategy: 'simple-shuffle',
      fallbacks: [],
      contextWindowFallbacks: [],
      targets: refs.map(([kind, ref]) => ({ kind, ref, weight: 1, order: 0 })),
    });
  const table = () => loadRoutingTable(store, secrets);
  const target = (key: string) =>
    table()
      .targets()
      .find((t) => t.key === key)!;
  return { store, endpoint, group, table, target };
}

describe('cloud endpoints', () => {
  it('an OpenAI endpoint with no prices of its own gets the list price of its model (through a dated snapshot)', () => {
    const { endpoint, group, target } = setup();
    endpoint('gpt', { model: 'gpt-4o-2024-08-06' });
    group('gpt', [['endpoint', 'gpt']]);
    const t = target('endpoint:gpt');
    expect(t).toMatchObject({ inputCostPerToken: 2.5e-6, outputCostPerToken: 1e-5 });
    // 1,000 prompt + 500 completion tokens: $0.0025 + $0.005.
    expect(costUsd(t, 1000, 500)).toBeCloseTo(0.0075, 12);
  });

  it('an Anthropic endpoint is priced by its model too', () => {
    const { endpoint, group, target } = setup();
    endpoint('claude', {
      provider: 'anthropic',
      baseUrl: 'https://api.anthropic.com',
      model: 'claude-haiku-4-5-20251001',
    });
    group('claude', [['endpoint', 'claude']]);
    expect(target('endpoint:claude')).toMatchObject({ inputCostPerToken: 1e-6, outputCostPerToken: 5e-6 });
  });

  it('per-target prices win over the list price, field by field', () => {
    const { endpoint, group, target } = setup();
    endpoint('both', { model: 'gpt-4o-mini', inputCostPerToken: 1e-7, outputCostPerToken: 2e-7 });
    endpoint('input-only', { model: 'gpt-4o-mini', inputCostPerToken: 1e-7 });
    endpoint('free', { model: 'gpt-4o-mini', inputCostPerToken: 0, outputCostPerToken: 0 });
    group('g', [
      ['endpoint', 'both'],
      ['endpoint', 'input-only'],
      ['endpoint', 'free'],
    ]);
    expect(target('endpoint:both')).toMatchObject({ inputCostPerToken: 1e-7, outputCostPerToken: 2e-7 });
    expect(target('endpoint:input-only')).toMatchObject({ inputCostPerToken: 1e-7, outputCostPerToken: 6e-7 });
    expect(target('endpoint:free')).toMatchObject({ inputCostPerToken: 0, outputCostPerToken: 0 });
  });

  it('costs nothing where the table has no price: unknown models, self-hosted servers named like cloud models', () => {
    const { endpoint, group, target } = setup();
    endpoint('future', { model: 'gpt-9' });
    endpoint('local-gpt', { provider: 'openai-compatible', baseUrl: 'http://localhost:11434/v1', model: 'gpt-4o' });
    group('g', [
      ['endpoint', 'future'],
      ['endpoint', 'local-gpt'],
    ]);
    expect(target('endpoint:future')).toMatchObject({ inputCostPerToken: 0, outputCostPerToken: 0 });
    expect(target('endpoint:local-gpt')).toMatchObject({ inputCostPerToken: 0, outputCostPerToken: 0 });
  });
});

describe('deployments', () => {
  const deploy = (store: Store, name: string) => {
    store.deployments.insert(
      DeploymentSpec.parse({ name, model: 'Qwen/Qwen3-0.6B', servedModelName: name }),
      name,
      8001,
      0,
    );
    store.db.prepare(`UPDATE deployments SET state = 'ready' WHERE name = ?`).run(name);
  };

  it('cost nothing until priced by energy, then the energy price for input and output alike', () => {
    const { store, group, target, table } = setup();
    deploy(store, 'qwen-a');
    group('qwen', [['deployment', 'qwen-a']]);
    expect(target('deployment:qwen-a')).toMatchObject({
      inputCostPerToken: 0,
      outputCostPerToken: 0,
      unavailable: null,
    });
    store.deployments.setEnergyPrice('qwen-a', 2.5e-8, 0);
    expect(target('deployment:qwen-a')).toMatchObject({ inputCostPerToken: 2.5e-8, outputCostPerToken: 2.5e-8 });
    // The group a deployment gets under its own served name carries the same price.
    expect(table().resolve('qwen-a')?.targets[0]).toMatchObject({
      inputCostPerToken: 2.5e-8,
      outputCostPerToken: 2.5e-8,
    });
  });

  it('price each deployment by its own energy price', () => {
    const { store, group, target } = setup();
    deploy(store, 'qwen-a');
    deploy(store, 'qwen-b');
    group('qwen', [
      ['deployment', 'qwen-a'],
      ['deployment', 'qwen-b'],
    ]);
    store.deployments.setEnergyPrice('qwen-b', 4e-8, 0);
    expect(target('deployment:qwen-a').inputCostPerToken).toBe(0);
    expect(target('deployment:qwen-b').outputCostPerToken).toBe(4e-8);
  });
});
