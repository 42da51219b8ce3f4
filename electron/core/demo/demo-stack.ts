// `serve --demo`: simulated engines in this process (no Docker, no GPU), model groups with weights
// and a fallback chain over them, a demo key, and gentle background traffic, so every page has
// something real to show.
import { startSimulator, type RunningSimulator, type SimulatorOptions } from 'vllm-sim';
import type { Store } from '../store';
import type { GroupSpec } from '../store/model-groups';
import { startDemoTraffic } from './demo-traffic';

interface DemoEngine {
  endpoint: string;
  sim: SimulatorOptions;
  /**
   * Local prices, USD per token: energy-like (cents per 1M tokens; see gateway/energy.ts), so the
   * spend charts have figures and the Spend page's local-vs-cloud card a realistic saving.
   */
  prices: { input: number; output: number };
  /** The cloud model (resources/pricing) the engine stands in for on the Spend page. */
  cloudEquivalent: string;
}

/**
 * Deployed for agents, as vLLM needs for Qwen3: tool calls in hermes format and its thinking
 * parsed out, so an agent (Claude Code, Codex) pointed at the demo's "chat" group gets tool calls
 * and reasoning, and "chat-large" tool calls without reasoning.
 */
const QWEN3_AGENT_FLAGS: Partial<SimulatorOptions> = {
  enableAutoToolChoice: true,
  toolCallParser: 'hermes',
  reasoningParser: 'qwen3',
};

const ENGINES: DemoEngine[] = [
  {
    endpoint: 'demo-qwen3-0.6b-a',
    sim: {
      model: 'Qwen/Qwen3-0.6B',
      servedModelNames: ['qwen3-0.6b'],
      maxModelLen: 8192,
      maxNumSeqs: 64,
      numGpuBlocks: 2048,
      ttftMs: 40,
      itlMs: 8,
      ...QWEN3_AGENT_FLAGS,
    },
    prices: { input: 0.01e-6, output: 0.03e-6 },
    cloudEquivalent: 'openai/gpt-4o-mini',
  },
  {
    endpoint: 'demo-qwen3-0.6b-b',
    sim: {
      model: 'Qwen/Qwen3-0.6B',
      servedModelNames: ['qwen3-0.6b'],
      maxModelLen: 8192,
      maxNumSeqs: 32,
      numGpuBlocks: 1024,
      ttftMs: 60,
      itlMs: 14,
      ...QWEN3_AGENT_FLAGS,
    },
    prices: { input: 0.01e-6, output: 0.03e-6 },
    cloudEquivalent: 'openai/gpt-4o-mini',
  },
  {
    endpoint: 'demo-llama-3.1-8b',
    sim: {
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      servedModelNames: ['llama-3.1-8b'],
      maxModelLen: 32768,
      maxNumSeqs: 16,
      numGpuBlocks: 4096,
      ttftMs: 120,
      itlMs: 25,
      // Llama 3.1 writes tool calls as bare JSON: vLLM's llama3_json parser. It does not think.
      enableAutoToolChoice: true,
      toolCallParser: 'llama3_json',
    },
    prices: { input: 0.03e-6, output: 0.08e-6 },
    cloudEquivalent: 'openai/gpt-4.1-mini',
  },
  {
    endpoint: 'demo-bge-small',
    sim: { model: 'BAAI/bge-small-en-v1.5', runner: 'pooling', embeddingDim: 384, ttftMs: 10, itlMs: 0 },
    prices: { input: 0.005e-6, output: 0 },
    cloudEquivalent: 'openai/text-embedding-3-small',
  },
];

const GROUPS: GroupSpec[] = [
  {
    name: 'chat',
    strategy: 'simple-shuffle',
    fallbacks: ['chat-large'],
    contextWindowFallbacks: ['chat-large'],
    targets: [
      { kind: 'endpoint', ref: 'demo-qwen3-0.6b-a', weight: 3, order: 0 },
      { kind: 'endpoint', ref: 'demo-qwen3-0.6b-b', weight: 1, order: 0 },
    ],
  },
  {
    name: 'chat-large',
    strategy: 'least-busy',
    fallbacks: [],
    contextWindowFallbacks: [],
    targets: [{ kind: 'endpoint', ref: 'demo-llama-3.1-8b', weight: 1, order: 0 }],
  },
  {
    name: 'embed',
    strategy: 'simple-shuffle',
    fallbacks: [],
    contextWindowFallbacks: [],
    targets: [{ kind: 'endpoint', ref: 'demo-bge-small', weight: 1, order: 0 }],
  },
];

export interface DemoStack {
  key: string;
  sims: RunningSimulator[];
  close(): Promise<void>;
}

/** Starts the engines and writes the demo routing; call before the gateway (re)loads its table. */
export async function startDemoStack(
  store: Store,
): Promise<Omit<DemoStack, 'close'> & { startTraffic(gatewayUrl: string): void; close(): Promise<void> }> {
  const sims: RunningSimulator[] = [];
  for (const engine of ENGINES) {
    sims.push(
      await startSimulator({
        ...engine.sim,
        host: '127.0.0.1',
        port: 0,
        startupS: 0,
        statsIntervalS: 0,
        accessLog: false,
        log: () => {},
      }),
    );
  }
  await Promise.all(sims.map((s) => s.ready));

  store.db.transaction(() => {
    ENGINES.forEach((engine, i) =>
      store.endpoints.upsert({
        name: engine.endpoint,
        provider: 'hosted_vllm',
        baseUrl: `${sims[i].url}/v1`,
        model: engine.sim.servedModelNames?.[0] ?? engine.sim.model,
        apiKeyCipher: null,
        maxModelLen: engine.sim.maxModelLen ?? null,
        inputCostPerToken: engine.prices.input,
        outputCostPerToken: engine.prices.output,
        rpmLimit: null,
        tpmLimit: null,
        timeoutMs: null,
        cloudEquivalent: engine.cloudEquivalent,
      }),
    );
    for (const group of GROUPS) store.modelGroups.upsert(group);
    // One demo key per run: the previous one is revoked, since a key can only be shown once.
    for (const k of store.keys.list()) if (k.alias === 'demo' && !k.revokedAt) store.keys.revoke(k.id);
  })();
  const { key } = store.keys.create({ alias: 'demo', models: [], maxBudgetUsd: 5, budgetDuration: '1d' });

  let stopTraffic = () => {};
  return {
    key,
    sims,
    startTraffic(gatewayUrl: string) {
      stopTraffic = startDemoTraffic(gatewayUrl, key);
    },
    async close() {
      stopTraffic();
      await Promise.all(sims.map((s) => s.close()));
    },
  };
}
