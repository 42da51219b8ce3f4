// Validation of proposed routing tables: each rule, reported on the node (and edge) it belongs to.
import { describe, expect, it } from 'vitest';
import type { ProposedGroup, ProposedTable } from '../../shared/contract-routing';
import { validateTable } from '../../electron/core/routing-editor/validate';

const known = { deployments: new Set(['qwen-local']), endpoints: new Set(['sim-a', 'sim-b', 'sim-c']) };
const group = (name: string, extra: Partial<ProposedGroup> = {}): ProposedGroup => ({
  name,
  strategy: 'simple-shuffle',
  targets: [{ kind: 'endpoint', ref: 'sim-a', weight: 1, order: 0 }],
  fallbacks: [],
  contextWindowFallbacks: [],
  ...extra,
});
const table = (groups: ProposedGroup[], aliases: Record<string, string> = {}): ProposedTable => ({ groups, aliases });

describe('routing table validation', () => {
  it('accepts a sound table: weights, orders, fallbacks, context-window fallbacks and aliases', () => {
    const t = table(
      [
        group('chat', {
          targets: [
            { kind: 'endpoint', ref: 'sim-a', weight: 3, order: 0 },
            { kind: 'deployment', ref: 'qwen-local', weight: 1, order: 0 },
          ],
          fallbacks: ['big'],
          contextWindowFallbacks: ['big'],
        }),
        group('big', { targets: [{ kind: 'endpoint', ref: 'sim-c', weight: 1, order: 0 }] }),
      ],
      { 'gpt-4o': 'chat' },
    );
    expect(validateTable(t, known)).toEqual([]);
  });

  it('finds a fallback cycle and reports it on every group of the cycle, with the path', () => {
    const problems = validateTable(
      table([group('a', { fallbacks: ['b'] }), group('b', { fallbacks: ['c'] }), group('c', { fallbacks: ['a'] })]),
      known,
    );
    expect(problems.map((p) => p.rule)).toEqual(['fallback-cycle', 'fallback-cycle', 'fallback-cycle']);
    expect(problems.map((p) => p.subject.id).sort()).toEqual(['a', 'b', 'c']);
    expect(problems[0].subject.edge?.kind).toBe('fallback');
    expect(problems[0].message).toMatch(/a → b → c → a/);
  });

  it('finds a group falling back to itself', () => {
    const problems = validateTable(table([group('a', { fallbacks: ['a'] })]), known);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      rule: 'fallback-cycle',
      subject: { node: 'group', id: 'a', edge: { kind: 'fallback', to: 'a' } },
    });
  });

  it('finds cycles through context-window fallbacks, alone and mixed with fallbacks', () => {
    const cw = validateTable(
      table([group('a', { contextWindowFallbacks: ['b'] }), group('b', { contextWindowFallbacks: ['a'] })]),
      known,
    );
    expect(cw.map((p) => p.rule)).toEqual(['fallback-cycle', 'fallback-cycle']);
    expect(cw[0].message).toMatch(/^Context-window fallbacks form a cycle/);
    const mixed = validateTable(
      table([group('a', { fallbacks: ['b'] }), group('b', { contextWindowFallbacks: ['a'] })]),
      known,
    );
    expect(mixed.map((p) => p.subject.edge?.kind).sort()).toEqual(['context-window-fallback', 'fallback']);
    expect(mixed[0].message).toMatch(/^Fallbacks and context-window fallbacks form a cycle/);
  });

  it('does not call a chain without a loop a cycle (a → b, a → c, b → c)', () => {
    expect(
      validateTable(
        table([group('a', { fallbacks: ['b', 'c'] }), group('b', { fallbacks: ['c'] }), group('c')]),
        known,
      ),
    ).toEqual([]);
  });

  it('reports a group without targets on that group', () => {
    const problems = validateTable(table([group('empty', { targets: [] })]), known);
    expect(problems).toEqual([
      expect.objectContaining({ rule: 'group-without-targets', subject: { node: 'group', id: 'empty' } }),
    ]);
    expect(problems[0].message).toMatch(/no targets/);
  });

  it('reports a target that does not exist on the target, with the edge to its group', () => {
    const problems = validateTable(
      table([
        group('chat', {
          targets: [
            { kind: 'endpoint', ref: 'ghost', weight: 1, order: 0 },
            { kind: 'deployment', ref: 'sim-a', weight: 1, order: 0 },
          ],
        }),
      ]),
      known,
    );
    expect(problems.map((p) => [p.rule, p.subject.node, p.subject.id, p.subject.edge?.to])).toEqual([
      ['target-missing', 'target', 'endpoint:ghost', 'chat'],
      // sim-a exists as an endpoint, not as a deployment.
      ['target-missing', 'target', 'deployment:sim-a', 'chat'],
    ]);
    expect(problems[0].message).toMatch(/No endpoint named "ghost"/);
  });

  it('reports weights that sum to zero on the group', () => {
    const problems = validateTable(
      table([
        group('chat', {
          targets: [
            { kind: 'endpoint', ref: 'sim-a', weight: 0, order: 0 },
            { kind: 'endpoint', ref: 'sim-b', weight: 0, order: 1 },
          ],
        }),
      ]),
      known,
    );
    expect(problems).toEqual([
      expect.objectContaining({ rule: 'weights-sum-to-zero', subject: { node: 'group', id: 'chat' } }),
    ]);
    // One weight above zero is enough.
    expect(
      validateTable(
        table([
          group('chat', {
            targets: [
              { kind: 'endpoint', ref: 'sim-a', weight: 0, order: 0 },
              { kind: 'endpoint', ref: 'sim-b', weight: 0.5, order: 0 },
            ],
          }),
        ]),
        known,
      ),
    ).toEqual([]);
  });

  it('reports an alias that shadows a group on the alias', () => {
    const problems = validateTable(table([group('chat'), group('big')], { big: 'chat' }), known);
    expect(problems).toEqual([
      expect.objectContaining({
        rule: 'alias-shadows-group',
        subject: { node: 'alias', id: 'big', edge: { kind: 'alias', to: 'chat' } },
      }),
    ]);
    expect(problems[0].message).toMatch(/has the name of a group/);
  });

  it('reports fallbacks and aliases naming groups that do not exist, duplicate groups and duplicate edges', () => {
    const problems = validateTable(
      table(
        [
          group('chat', {
            fallbacks: ['nope'],
            targets: [
              { kind: 'endpoint', ref: 'sim-a', weight: 1, order: 0 },
              { kind: 'endpoint', ref: 'sim-a', weight: 2, order: 0 },
            ],
          }),
          group('chat'),
        ],
        { fast: 'missing' },
      ),
      known,
    );
    expect(problems.map((p) => p.rule).sort()).toEqual([
      'alias-unknown-group',
      'duplicate-group',
      'duplicate-target',
      'fallback-unknown-group',
    ]);
  });
});
