// Tool-call readiness from what a real store holds: deployments' specs (with the "for agents"
// flags the plan adds), endpoints by kind, groups folded over their targets.
import { describe, expect, it } from 'vitest';
import { DeploymentSpec } from '../../../shared/deployment-schemas';
import { useTempStores } from '../../../test/support/temp-store';
import { deploymentToolCalls, toolReadiness } from './tool-readiness';

const { openStore } = useTempStores('connect-tools');
const spec = (over: Record<string, unknown>) => DeploymentSpec.parse({ name: 'x', model: 'Qwen/Qwen3-8B', ...over });

describe('tool-call readiness', () => {
  it('a deployment does tool calls only with --enable-auto-tool-choice and a parser, given or added for agents', () => {
    expect(deploymentToolCalls(spec({}), 'plain')).toMatchObject({ state: 'no', cause: 'no-auto-tool-choice' });
    expect(deploymentToolCalls(spec({ forAgents: true }), 'agents')).toMatchObject({
      state: 'yes',
      reason: 'agents was started with --enable-auto-tool-choice (tool-call parser hermes).',
    });
    const byHand = spec({ engineArgs: ['--enable-auto-tool-choice', '--tool-call-parser=qwen3_coder'] });
    expect(deploymentToolCalls(byHand, 'hand').reason).toMatch(/tool-call parser qwen3_coder/);
    const noParser = spec({ engineArgs: ['--enable-auto-tool-choice'] });
    expect(deploymentToolCalls(noParser, 'half')).toMatchObject({ state: 'no', cause: 'no-tool-call-parser' });
    const pooling = spec({ model: 'BAAI/bge-m3', engineArgs: ['--runner', 'pooling'] });
    expect(deploymentToolCalls(pooling, 'embed')).toMatchObject({ state: 'no', cause: 'pooling-model' });
    // "For agents" on a model whose tool-call format nobody knows: no parser, said plainly.
    const unknownModel = spec({ model: 'acme/mystery-7b', forAgents: true });
    expect(deploymentToolCalls(unknownModel, 'odd')).toMatchObject({ state: 'no', cause: 'no-parser-known' });
    expect(deploymentToolCalls(null, 'lost')).toMatchObject({ state: 'unknown', cause: 'spec-unreadable' });
  });

  it('groups fold their targets; deployments without a group appear under their served name', () => {
    const store = openStore();
    store.deployments.insert(spec({ name: 'qwen-agents', forAgents: true }), 'qwen-agents', 8001, 0);
    store.deployments.insert(spec({ name: 'qwen-plain' }), 'qwen-plain', 8002, 0);
    const endpoint = (name: string, provider: 'openai' | 'hosted_vllm') =>
      store.endpoints.upsert({
        name,
        provider,
        baseUrl: 'http://127.0.0.1:9/v1',
        model: 'm',
        apiKeyCipher: null,
        maxModelLen: null,
        inputCostPerToken: null,
        outputCostPerToken: null,
        rpmLimit: null,
        tpmLimit: null,
        timeoutMs: null,
      });
    endpoint('cloud', 'openai');
    endpoint('lab-a', 'hosted_vllm');
    endpoint('lab-b', 'hosted_vllm');
    const group = (name: string, targets: [kind: 'deployment' | 'endpoint', ref: string][]) =>
      store.modelGroups.upsert({
        name,
        strategy: 'simple-shuffle',
        fallbacks: [],
        contextWindowFallbacks: [],
        targets: targets.map(([kind, ref]) => ({ kind, ref, weight: 1, order: 0 })),
      });
    group('agents', [
      ['deployment', 'qwen-agents'],
      ['endpoint', 'cloud'],
    ]);
    group('half', [
      ['deployment', 'qwen-agents'],
      ['deployment', 'qwen-plain'],
    ]);
    group('lab', [
      ['endpoint', 'lab-a'],
      ['endpoint', 'lab-b'],
    ]);
    group('empty', []);

    const { groups, deployments } = toolReadiness(store);
    const byName = Object.fromEntries(groups.map((g) => [g.name, g.toolCalls]));
    expect(Object.keys(byName).sort()).toEqual(['agents', 'empty', 'half', 'lab', 'qwen-agents', 'qwen-plain']);
    expect(byName.agents.state).toBe('yes');
    expect(byName.half).toMatchObject({ state: 'no', cause: 'mixed' });
    expect(byName.half.reason).toMatch(/^Some requests go to qwen-plain, which will not do tool calls/);
    expect(byName.lab).toMatchObject({ state: 'unknown', cause: 'external-server' });
    expect(byName.lab.reason).toMatch(/^lab-a, lab-b are servers Switchyard did not start/);
    expect(byName.empty).toMatchObject({ state: 'no', cause: 'no-target' });
    expect(deployments['qwen-plain'].state).toBe('no');
    expect(deployments['qwen-agents'].state).toBe('yes');
  });
});
