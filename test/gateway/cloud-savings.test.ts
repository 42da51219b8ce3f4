// Cloud-equivalent savings over real request-log rows: tokens and energy cost per local target
// (deployment or self-hosted vLLM endpoint), and what the same tokens would have cost at the list
// price of the cloud model it names.
import { describe, expect, it } from 'vitest';
import { cloudEquivalentSavings } from '../../electron/core/gateway/cloud-savings';
import type { EndpointProvider } from '../../electron/core/store/endpoints';
import type { NewRequestLog } from '../../electron/core/store/request-log';
import { DeploymentSpec } from '../../shared/deployment-schemas';
import { useTempStores } from '../support/temp-store';

const { openStore } = useTempStores('savings');

const T0 = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;
let seq = 0;

function setup() {
  const store = openStore();
  const deploy = (name: string, cloudEquivalent?: string) =>
    store.deployments.insert(
      DeploymentSpec.parse({ name, model: 'Qwen/Qwen3-8B', cloudEquivalent }),
      name,
      8001 + seq++,
      T0,
    );
  const log = (
    deployment: string,
    at: number,
    promptTokens: number,
    completionTokens: number,
    costUsd: number,
    status = 200,
  ): NewRequestLog => ({
    id: `r${seq++}`,
    at,
    keyId: null,
    modelGroup: 'g',
    deployment,
    status,
    promptTokens,
    completionTokens,
    costUsd,
    latencyMs: 10,
    ttftMs: null,
    attempts: 1,
    errorClass: status >= 400 ? 'upstream' : null,
  });
  const endpoint = (name: string, provider: EndpointProvider, cloudEquivalent: string | null) =>
    store.endpoints.upsert({
      name,
      provider,
      baseUrl: `http://gpu-box:8000/v1`,
      model: 'qwen3-8b',
      apiKeyCipher: null,
      maxModelLen: null,
      inputCostPerToken: 0.01e-6,
      outputCostPerToken: 0.03e-6,
      rpmLimit: null,
      tpmLimit: null,
      timeoutMs: null,
      cloudEquivalent,
    });
  return { store, deploy, endpoint, log };
}

describe('cloudEquivalentSavings', () => {
  it('sums tokens and energy cost per deployment and prices the same tokens at the cloud-equivalent', () => {
    const { store, deploy, log } = setup();
    deploy('qwen', 'openai/gpt-4o-mini');
    store.requestLog.insertMany([
      log('qwen', T0 + 1000, 1000, 500, 0.0001),
      log('qwen', T0 + 2000, 3000, 1000, 0.0001),
      log('qwen', T0 + 3000, 0, 0, 0, 502), // a failed request: counted, no tokens
    ]);
    const [row, ...rest] = cloudEquivalentSavings(store, T0, T0 + HOUR);
    expect(rest).toEqual([]);
    // gpt-4o-mini: 4,000 × $0.15/M + 1,500 × $0.60/M = $0.0006 + $0.0009 = $0.0015; energy $0.0002.
    expect(row).toMatchObject({
      deployment: 'qwen',
      requests: 3,
      promptTokens: 4000,
      completionTokens: 1500,
      cloudEquivalent: 'openai/gpt-4o-mini',
    });
    expect(row.energyUsd).toBeCloseTo(0.0002, 12);
    expect(row.cloudUsd).toBeCloseTo(0.0015, 12);
    expect(row.savingUsd).toBeCloseTo(0.0013, 12);
  });

  it('reads only rows in [from, to)', () => {
    const { store, deploy, log } = setup();
    deploy('qwen', 'anthropic/claude-haiku-4-5');
    store.requestLog.insertMany([
      log('qwen', T0 - 1, 999_999, 999_999, 9),
      log('qwen', T0, 100, 10, 0.00001),
      log('qwen', T0 + HOUR - 1, 100, 10, 0.00001),
      log('qwen', T0 + HOUR, 999_999, 999_999, 9),
    ]);
    const [row] = cloudEquivalentSavings(store, T0, T0 + HOUR);
    expect(row).toMatchObject({ requests: 2, promptTokens: 200, completionTokens: 20 });
    // Claude Haiku 4.5: 200 × $1/M + 20 × $5/M = $0.0003.
    expect(row.cloudUsd).toBeCloseTo(0.0003, 12);
    expect(row.savingUsd).toBeCloseTo(0.0003 - 0.00002, 12);
  });

  it('shows a negative saving when the cloud would have been cheaper', () => {
    const { store, deploy, log } = setup();
    deploy('pricey', 'gpt-4.1-nano');
    store.requestLog.insertMany([log('pricey', T0, 1_000_000, 0, 0.5)]);
    const [row] = cloudEquivalentSavings(store, T0, T0 + HOUR);
    expect(row.cloudUsd).toBeCloseTo(0.1, 12);
    expect(row.savingUsd).toBeCloseTo(-0.4, 12);
  });

  it('has no cloud cost for a deployment that names no cloud-equivalent, or one the table cannot price', () => {
    const { store, deploy, log } = setup();
    deploy('plain');
    deploy('odd', 'openai/gpt-9');
    store.requestLog.insertMany([log('plain', T0, 10, 10, 0.001), log('odd', T0, 10, 10, 0.002)]);
    const rows = cloudEquivalentSavings(store, T0, T0 + HOUR);
    expect(rows.map((r) => [r.deployment, r.cloudEquivalent, r.cloudUsd, r.savingUsd, r.energyUsd])).toEqual([
      ['odd', 'openai/gpt-9', null, null, 0.002],
      ['plain', null, null, null, 0.001],
    ]);
  });

  it('leaves out endpoints and deployments that served nothing in the range', () => {
    const { store, deploy, log } = setup();
    deploy('qwen', 'gpt-4o');
    deploy('idle', 'gpt-4o');
    store.requestLog.insertMany([
      log('qwen', T0, 1, 1, 0),
      log('some-endpoint', T0, 500, 500, 0.01),
      log('idle', T0 - HOUR, 1, 1, 0),
    ]);
    expect(cloudEquivalentSavings(store, T0, T0 + HOUR).map((r) => r.deployment)).toEqual(['qwen']);
  });

  it('counts a self-hosted vLLM endpoint as local: its own price is the local cost, its cloud equivalent the comparison', () => {
    const { store, deploy, endpoint, log } = setup();
    deploy('qwen', 'gpt-4o');
    endpoint('lab-vllm', 'hosted_vllm', 'openai/gpt-4o-mini');
    endpoint('lab-plain', 'hosted_vllm', null);
    endpoint('lab-ollama', 'openai-compatible', 'openai/gpt-4o-mini'); // not a vLLM: not counted as local
    endpoint('openai', 'openai', 'openai/gpt-4o-mini');
    store.requestLog.insertMany([
      log('lab-vllm', T0, 2000, 1000, 0.00005),
      log('lab-vllm', T0 + 1, 0, 0, 0, 503),
      log('lab-plain', T0, 10, 10, 0.001),
      log('lab-ollama', T0, 10, 10, 0.001),
      log('openai', T0, 10, 10, 0.001),
      log('qwen', T0, 1, 1, 0),
    ]);
    const rows = cloudEquivalentSavings(store, T0, T0 + HOUR);
    expect(rows.map((r) => [r.deployment, r.kind])).toEqual([
      ['lab-plain', 'endpoint'],
      ['lab-vllm', 'endpoint'],
      ['qwen', 'deployment'],
    ]);
    const lab = rows.find((r) => r.deployment === 'lab-vllm')!;
    expect(lab).toMatchObject({
      requests: 2,
      promptTokens: 2000,
      completionTokens: 1000,
      cloudEquivalent: 'openai/gpt-4o-mini',
    });
    // gpt-4o-mini: 2,000 × $0.15/M + 1,000 × $0.60/M = $0.0003 + $0.0006 = $0.0009; charged $0.00005.
    expect(lab.energyUsd).toBeCloseTo(0.00005, 12);
    expect(lab.cloudUsd).toBeCloseTo(0.0009, 12);
    expect(lab.savingUsd).toBeCloseTo(0.00085, 12);
    expect(rows.find((r) => r.deployment === 'lab-plain')).toMatchObject({
      cloudEquivalent: null,
      cloudUsd: null,
      savingUsd: null,
      energyUsd: 0.001,
    });
  });
});
