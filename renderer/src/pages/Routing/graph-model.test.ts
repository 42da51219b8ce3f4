// The routing table as the graph the editor draws: which nodes and edges a table gives, the
// shares and live figures on them, where problems show, and a layout that reads left to right.
import { describe, expect, it } from 'vitest';
import type { ProposedTable, RoutingLive, RoutingProblem } from '../../../../shared/contract-routing';
import {
  aliasNodeId,
  autoLayout,
  buildGraph,
  type GraphEdge,
  type GraphNode,
  groupNodeId,
  parseNodeId,
  targetNodeId,
  targetsToDraw,
} from './graph-model';

/** chat spreads over two deployments (3:1) with a cloud endpoint behind them (order 1), falls back to backup. */
const table = (): ProposedTable => ({
  groups: [
    {
      name: 'chat',
      strategy: 'simple-shuffle',
      targets: [
        { kind: 'deployment', ref: 'vllm-a', weight: 3, order: 0 },
        { kind: 'deployment', ref: 'vllm-b', weight: 1, order: 0 },
        { kind: 'endpoint', ref: 'openai', weight: 2, order: 1 },
      ],
      fallbacks: ['backup', 'nowhere'],
      contextWindowFallbacks: ['long'],
    },
    {
      name: 'backup',
      strategy: 'least-busy',
      targets: [{ kind: 'endpoint', ref: 'openai', weight: 0, order: 0 }],
      fallbacks: [],
      contextWindowFallbacks: [],
    },
    { name: 'long', strategy: 'simple-shuffle', targets: [], fallbacks: ['chat'], contextWindowFallbacks: [] },
  ],
  aliases: { 'gpt-4o': 'chat', old: 'gone' },
});

const live = (): RoutingLive => ({
  windowMinutes: 15,
  at: '2026-12-01T12:00:00.000Z',
  targets: [
    { kind: 'deployment', ref: 'vllm-a', detail: 'Qwen/Qwen3-0.6B', state: 'ready', stateReason: null },
    { kind: 'endpoint', ref: 'openai', detail: 'openai/gpt-4o-mini', state: 'cooldown', stateReason: '20 s left' },
    { kind: 'deployment', ref: 'idle', detail: 'Qwen/Qwen3-8B', state: 'asleep', stateReason: null },
  ],
  edges: [{ group: 'chat', target: 'vllm-a', requests: 90, errors: 9, share: 0.9, errorRate: 0.1 }],
  groups: [{ group: 'chat', requests: 100, errors: 10, unserved: 1 }],
});

const node = (nodes: GraphNode[], id: string) => nodes.find((n) => n.id === id);
const edge = (edges: GraphEdge[], id: string) => edges.find((e) => e.id === id);

describe('node ids', () => {
  it('parse back to what they stand for, names with colons included', () => {
    expect(parseNodeId(groupNodeId('chat:fast'))).toEqual({ type: 'group', name: 'chat:fast' });
    expect(parseNodeId(aliasNodeId('gpt-4o'))).toEqual({ type: 'alias', alias: 'gpt-4o' });
    expect(parseNodeId(targetNodeId('endpoint', 'lab:8000'))).toEqual({
      type: 'target',
      kind: 'endpoint',
      ref: 'lab:8000',
    });
    expect(parseNodeId('target:container:x')).toBeNull();
    expect(parseNodeId('something')).toBeNull();
  });
});

describe('targetsToDraw', () => {
  it('draws every target that exists, and those the table names that do not, as missing', () => {
    const drawn = targetsToDraw(table(), live());
    expect(drawn.map((t) => [t.kind, t.ref, t.missing])).toEqual([
      ['deployment', 'vllm-a', false],
      ['endpoint', 'openai', false],
      ['deployment', 'idle', false],
      ['deployment', 'vllm-b', true],
    ]);
    expect(drawn.find((t) => t.ref === 'vllm-b')).toMatchObject({ state: 'down', detail: 'does not exist' });
  });

  it('before the live figures arrive, draws the targets the table names', () => {
    expect(targetsToDraw(table(), null).map((t) => t.ref)).toEqual(['vllm-a', 'vllm-b', 'openai']);
  });
});

describe('buildGraph', () => {
  const graph = (problems: RoutingProblem[] = []) => buildGraph(table(), live(), problems, new Map());

  it('gives a node per group, target and alias', () => {
    const { nodes } = graph();
    expect(nodes.filter((n) => n.type === 'modelGroup').map((n) => n.id)).toEqual([
      'group:chat',
      'group:backup',
      'group:long',
    ]);
    expect(nodes.filter((n) => n.type === 'routeTarget').map((n) => n.id)).toEqual([
      'target:deployment:vllm-a',
      'target:endpoint:openai',
      'target:deployment:idle',
      'target:deployment:vllm-b',
    ]);
    expect(nodes.filter((n) => n.type === 'groupAlias').map((n) => n.id)).toEqual(['alias:gpt-4o', 'alias:old']);
  });

  it("shows each target's state, a missing one as missing, and which targets no group uses", () => {
    const { nodes } = graph();
    expect(node(nodes, 'target:endpoint:openai')?.data).toMatchObject({
      state: 'cooldown',
      stateReason: '20 s left',
      connected: true,
    });
    expect(node(nodes, 'target:deployment:vllm-b')?.data).toMatchObject({ state: 'missing', connected: true });
    expect(node(nodes, 'target:deployment:idle')?.data).toMatchObject({ state: 'asleep', connected: false });
  });

  it("puts the group's strategy, target count and last-15-minutes traffic on its node", () => {
    const { nodes } = graph();
    expect(node(nodes, 'group:chat')?.data).toMatchObject({
      strategy: 'simple-shuffle',
      targetCount: 3,
      traffic: { requests: 100, errors: 10, unserved: 1 },
    });
    expect(node(nodes, 'group:backup')?.data).toMatchObject({ targetCount: 1, traffic: null });
  });

  it('gives each target edge its share of the weight among targets of the same order', () => {
    const { edges } = graph();
    const share = (id: string) => (edge(edges, id)?.data as { weightShare: number } | undefined)?.weightShare;
    expect(share('t|chat|deployment:vllm-a')).toBe(0.75);
    expect(share('t|chat|deployment:vllm-b')).toBe(0.25);
    // Alone in order 1: all of that order's traffic.
    expect(share('t|chat|endpoint:openai')).toBe(1);
    // Weights summing to zero share nothing (not NaN).
    expect(share('t|backup|endpoint:openai')).toBe(0);
  });

  it("carries the edge's live traffic from the group's figures for that target", () => {
    const { edges } = graph();
    expect(edge(edges, 't|chat|deployment:vllm-a')?.data).toMatchObject({
      traffic: { requests: 90, share: 0.9, errorRate: 0.1 },
    });
    expect(edge(edges, 't|chat|deployment:vllm-b')?.data).toMatchObject({ traffic: null });
    expect(edge(edges, 't|backup|endpoint:openai')?.data).toMatchObject({ traffic: null });
  });

  it('draws fallbacks in chain order from the out handle, context-window fallbacks from the cw handle', () => {
    const chains = graph().edges.filter((e) => e.type === 'chain');
    expect(chains.map((e) => [e.id, e.sourceHandle, e.target, (e.data as { position: number }).position])).toEqual([
      ['f|chat|backup', 'out', 'group:backup', 1],
      ['cw|chat|long', 'cw', 'group:long', 1],
      ['f|long|chat', 'out', 'group:chat', 1],
    ]);
  });

  it('draws no edge to a group that does not exist (the problem shows on the node instead)', () => {
    const { edges } = graph();
    expect(edges.some((e) => e.target === 'group:nowhere' || e.target === 'group:gone')).toBe(false);
    expect(edges.filter((e) => e.type === 'alias').map((e) => [e.source, e.target])).toEqual([
      ['alias:gpt-4o', 'group:chat'],
    ]);
  });

  it('shows each problem on the node or edge it is about, each message once', () => {
    const cycle: RoutingProblem = {
      rule: 'fallback-cycle',
      subject: { node: 'group', id: 'chat', edge: { kind: 'fallback', to: 'long' } },
      message: 'chat and long fall back to each other: remove one of the two fallbacks.',
    };
    const problems: RoutingProblem[] = [
      { ...cycle, subject: { node: 'group', id: 'chat' } },
      { ...cycle, subject: { node: 'group', id: 'chat' } },
      {
        rule: 'fallback-cycle',
        subject: { node: 'group', id: 'long', edge: { kind: 'fallback', to: 'chat' } },
        message: cycle.message,
      },
      {
        rule: 'target-missing',
        subject: { node: 'target', id: 'deployment:vllm-b', edge: { kind: 'target', to: 'chat' } },
        message: 'vllm-b does not exist: deploy it or remove it from chat.',
      },
      {
        rule: 'weights-sum-to-zero',
        subject: { node: 'group', id: 'backup', edge: { kind: 'target', to: 'endpoint:openai' } },
        message: "backup's weights sum to 0: give a target a weight above 0.",
      },
      {
        rule: 'alias-unknown-group',
        subject: { node: 'alias', id: 'old' },
        message: 'old points at gone, which does not exist.',
      },
    ];
    const { nodes, edges } = graph(problems);
    expect(node(nodes, 'group:chat')?.data.problems).toEqual([cycle.message]);
    expect(edge(edges, 'f|long|chat')?.data).toMatchObject({ problems: [cycle.message] });
    expect(edge(edges, 'f|chat|backup')?.data).toMatchObject({ problems: [] });
    // A target problem reaches the edge whichever end names it.
    expect(edge(edges, 't|chat|deployment:vllm-b')?.data).toMatchObject({ problems: [problems[3].message] });
    expect(edge(edges, 't|backup|endpoint:openai')?.data).toMatchObject({ problems: [problems[4].message] });
    expect(node(nodes, 'target:deployment:vllm-b')?.data.problems).toEqual([problems[3].message]);
    expect(node(nodes, 'alias:old')?.data.problems).toEqual([problems[5].message]);
    expect(node(nodes, 'target:deployment:vllm-a')?.data.problems).toEqual([]);
  });

  it('keeps the positions the user dragged nodes to, and lays the graph out when there are none', () => {
    const dragged = new Map([[groupNodeId('chat'), { x: 10, y: 20 }]]);
    const { nodes } = buildGraph(table(), live(), [], dragged);
    expect(node(nodes, 'group:chat')?.position).toEqual({ x: 10, y: 20 });
    expect(node(nodes, 'group:long')?.position).toEqual({ x: 0, y: 0 });
    const laidOut = graph().nodes;
    const layout = autoLayout(table(), targetsToDraw(table(), live()));
    for (const n of laidOut) expect(n.position).toEqual(layout.get(n.id));
  });
});

describe('autoLayout', () => {
  it('reads left to right: aliases, groups, their fallbacks, then targets', () => {
    // Without long → chat, so the chains are a tree.
    const t: ProposedTable = {
      ...table(),
      groups: table().groups.map((g) => ({ ...g, fallbacks: g.fallbacks.filter((f) => f !== 'chat') })),
    };
    const at = autoLayout(t, targetsToDraw(t, live()));
    const x = (id: string) => at.get(id)!.x;
    expect(x(aliasNodeId('gpt-4o'))).toBeLessThan(x(groupNodeId('chat')));
    expect(x(groupNodeId('backup'))).toBeGreaterThan(x(groupNodeId('chat')));
    expect(x(groupNodeId('long'))).toBeGreaterThan(x(groupNodeId('chat')));
    const rightmostGroup = Math.max(...t.groups.map((g) => x(groupNodeId(g.name))));
    for (const ref of ['vllm-a', 'vllm-b', 'idle'])
      expect(x(targetNodeId('deployment', ref))).toBeGreaterThan(rightmostGroup);
  });

  it('stacks targets without overlap, those no group uses at the bottom', () => {
    const t = table();
    const at = autoLayout(t, targetsToDraw(t, live()));
    const ys = ['vllm-a', 'vllm-b', 'idle'].map((ref) => at.get(targetNodeId('deployment', ref))!.y);
    ys.push(at.get(targetNodeId('endpoint', 'openai'))!.y);
    expect(new Set(ys).size).toBe(4);
    expect(at.get(targetNodeId('deployment', 'idle'))!.y).toBe(Math.max(...ys));
  });

  it('ends on a fallback cycle, and a long chain stops widening after five columns', () => {
    const chain: ProposedTable = {
      groups: ['g0', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6'].map((name, i, all) => ({
        name,
        strategy: 'simple-shuffle',
        targets: [],
        fallbacks: [all[(i + 1) % all.length]],
        contextWindowFallbacks: [],
      })),
      aliases: {},
    };
    const at = autoLayout(chain, []);
    const columns = new Set(chain.groups.map((g) => at.get(groupNodeId(g.name))!.x));
    expect(columns.size).toBeLessThanOrEqual(5);
    expect(at.size).toBe(7);
  });

  it('stacks two aliases of one group beside it', () => {
    const t: ProposedTable = { ...table(), aliases: { a: 'chat', b: 'chat' } };
    const at = autoLayout(t, []);
    const a = at.get(aliasNodeId('a'))!;
    const b = at.get(aliasNodeId('b'))!;
    expect(a.x).toBe(b.x);
    expect(b.y).toBeGreaterThan(a.y);
  });
});
