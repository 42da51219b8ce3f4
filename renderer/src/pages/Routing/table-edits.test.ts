// The routing editor's edits: each takes the draft and gives the next one, never touching the one
// it was given (the undo history keeps that), and keeps every reference to a group consistent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProposedTable } from '../../../../shared/contract-routing';
import {
  addGroup,
  connectFallback,
  connectTarget,
  disconnectFallback,
  disconnectTarget,
  freeGroupName,
  moveFallbackEarlier,
  removeAlias,
  removeGroup,
  renameGroup,
  setAlias,
  setStrategy,
  updateTarget,
} from './table-edits';

/** chat → [vllm-a, vllm-b] falls back to backup, long prompts to long; alias gpt-4o → chat. */
const table = (): ProposedTable => ({
  groups: [
    {
      name: 'chat',
      strategy: 'simple-shuffle',
      targets: [
        { kind: 'deployment', ref: 'vllm-a', weight: 3, order: 0 },
        { kind: 'deployment', ref: 'vllm-b', weight: 1, order: 0 },
      ],
      fallbacks: ['backup', 'long'],
      contextWindowFallbacks: ['long'],
    },
    {
      name: 'backup',
      strategy: 'least-busy',
      targets: [{ kind: 'endpoint', ref: 'openai', weight: 1, order: 0 }],
      fallbacks: [],
      contextWindowFallbacks: [],
    },
    {
      name: 'long',
      strategy: 'simple-shuffle',
      targets: [{ kind: 'endpoint', ref: 'anthropic', weight: 1, order: 0 }],
      fallbacks: ['chat'],
      contextWindowFallbacks: [],
    },
  ],
  aliases: { 'gpt-4o': 'chat', big: 'long' },
});

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
};

const group = (t: ProposedTable, name: string) => t.groups.find((g) => g.name === name);

describe('routing table edits', () => {
  it('never change the draft they are given, so undo can return to it', () => {
    const before = deepFreeze(table());
    const copy = JSON.stringify(before);
    const edits = [
      (t: ProposedTable) => addGroup(t),
      (t: ProposedTable) => renameGroup(t, 'chat', 'assistant'),
      (t: ProposedTable) => removeGroup(t, 'backup'),
      (t: ProposedTable) => setStrategy(t, 'chat', 'latency-based-routing'),
      (t: ProposedTable) => connectTarget(t, 'chat', 'endpoint', 'openai'),
      (t: ProposedTable) => updateTarget(t, 'chat', 'deployment', 'vllm-a', { weight: 5, order: 1 }),
      (t: ProposedTable) => disconnectTarget(t, 'chat', 'deployment', 'vllm-b'),
      (t: ProposedTable) => connectFallback(t, 'backup', 'long', 'fallback'),
      (t: ProposedTable) => disconnectFallback(t, 'chat', 'backup', 'fallback'),
      (t: ProposedTable) => moveFallbackEarlier(t, 'chat', 'long', 'fallback'),
      (t: ProposedTable) => setAlias(t, 'claude', 'long'),
      (t: ProposedTable) => removeAlias(t, 'gpt-4o'),
    ];
    for (const edit of edits) {
      const after = edit(before);
      expect(after).not.toEqual(before);
      expect(() => ProposedTable.parse(after)).not.toThrow();
    }
    expect(JSON.stringify(before)).toBe(copy);
  });

  it('adds a group under a fresh name, skipping names groups and aliases already use', () => {
    expect(freeGroupName(table())).toBe('new-group');
    const once = addGroup(table());
    expect(group(once, 'new-group')).toEqual({
      name: 'new-group',
      strategy: 'simple-shuffle',
      targets: [],
      fallbacks: [],
      contextWindowFallbacks: [],
    });
    const twice = addGroup(setAlias(once, 'new-group-2', 'chat'));
    expect(twice.groups.map((g) => g.name)).toEqual(['chat', 'backup', 'long', 'new-group', 'new-group-3']);
    expect(freeGroupName(table(), 'chat')).toBe('chat-2');
  });

  it('renames a group everywhere it is named: fallbacks, context-window fallbacks and aliases', () => {
    const t = renameGroup(table(), 'long', 'long-context');
    expect(t.groups.map((g) => g.name)).toEqual(['chat', 'backup', 'long-context']);
    expect(group(t, 'chat')?.fallbacks).toEqual(['backup', 'long-context']);
    expect(group(t, 'chat')?.contextWindowFallbacks).toEqual(['long-context']);
    expect(group(t, 'long-context')?.fallbacks).toEqual(['chat']);
    expect(t.aliases).toEqual({ 'gpt-4o': 'chat', big: 'long-context' });
  });

  it('ignores a rename to the same name or to blanks, and trims the new name', () => {
    const t = table();
    expect(renameGroup(t, 'chat', 'chat')).toBe(t);
    expect(renameGroup(t, 'chat', '   ')).toBe(t);
    expect(renameGroup(t, 'chat', '  assistant ').groups[0].name).toBe('assistant');
  });

  it('removes a group with every fallback and alias that pointed at it', () => {
    const t = removeGroup(table(), 'long');
    expect(t.groups.map((g) => g.name)).toEqual(['chat', 'backup']);
    expect(group(t, 'chat')).toMatchObject({ fallbacks: ['backup'], contextWindowFallbacks: [] });
    expect(t.aliases).toEqual({ 'gpt-4o': 'chat' });
  });

  it('leaves no reference to a removed group, whichever group goes (property)', () => {
    const names = ['a', 'b', 'c', 'd'];
    const arbTable = fc
      .record({
        chains: fc.array(fc.tuple(fc.subarray(names), fc.subarray(names)), { minLength: 4, maxLength: 4 }),
        aliases: fc.dictionary(fc.constantFrom('x', 'y', 'z'), fc.constantFrom(...names)),
      })
      .map(
        ({ chains, aliases }): ProposedTable => ({
          groups: names.map((name, i) => ({
            name,
            strategy: 'simple-shuffle',
            targets: [],
            fallbacks: chains[i][0],
            contextWindowFallbacks: chains[i][1],
          })),
          aliases,
        }),
      );
    fc.assert(
      fc.property(arbTable, fc.constantFrom(...names), (t, gone) => {
        const after = removeGroup(t, gone);
        const named = [
          ...after.groups.flatMap((g) => [g.name, ...g.fallbacks, ...g.contextWindowFallbacks]),
          ...Object.values(after.aliases),
        ];
        expect(named).not.toContain(gone);
        expect(after.groups).toHaveLength(names.length - 1);
        // Every other link stays as it was.
        for (const g of after.groups) {
          const was = t.groups.find((x) => x.name === g.name)!;
          expect(g.fallbacks).toEqual(was.fallbacks.filter((f) => f !== gone));
        }
      }),
    );
  });

  it('connects a target once, with weight 1 at order 0, and disconnects only that one', () => {
    const t = connectTarget(table(), 'backup', 'deployment', 'vllm-a');
    expect(group(t, 'backup')?.targets).toEqual([
      { kind: 'endpoint', ref: 'openai', weight: 1, order: 0 },
      { kind: 'deployment', ref: 'vllm-a', weight: 1, order: 0 },
    ]);
    expect(connectTarget(t, 'backup', 'deployment', 'vllm-a')).toEqual(t);
    // Same name, other kind: a different target.
    expect(group(connectTarget(t, 'backup', 'endpoint', 'vllm-a'), 'backup')?.targets).toHaveLength(3);
    const off = disconnectTarget(t, 'backup', 'endpoint', 'openai');
    expect(group(off, 'backup')?.targets.map((x) => x.ref)).toEqual(['vllm-a']);
    expect(group(off, 'chat')).toEqual(group(table(), 'chat'));
  });

  it("changes one target's weight or order, keeping the other field", () => {
    const heavier = updateTarget(table(), 'chat', 'deployment', 'vllm-b', { weight: 7 });
    expect(group(heavier, 'chat')?.targets).toEqual([
      { kind: 'deployment', ref: 'vllm-a', weight: 3, order: 0 },
      { kind: 'deployment', ref: 'vllm-b', weight: 7, order: 0 },
    ]);
    const later = updateTarget(heavier, 'chat', 'deployment', 'vllm-b', { order: 2 });
    expect(group(later, 'chat')?.targets[1]).toEqual({ kind: 'deployment', ref: 'vllm-b', weight: 7, order: 2 });
  });

  it('sets the strategy of one group only', () => {
    const t = setStrategy(table(), 'backup', 'cost-based-routing');
    expect(t.groups.map((g) => g.strategy)).toEqual(['simple-shuffle', 'cost-based-routing', 'simple-shuffle']);
  });

  it('appends a fallback last in its own chain, once, and keeps the two chains apart', () => {
    const t = connectFallback(table(), 'backup', 'chat', 'fallback');
    expect(group(t, 'backup')).toMatchObject({ fallbacks: ['chat'], contextWindowFallbacks: [] });
    expect(connectFallback(t, 'backup', 'chat', 'fallback')).toEqual(t);
    const cw = connectFallback(t, 'chat', 'backup', 'context-window-fallback');
    expect(group(cw, 'chat')).toMatchObject({
      fallbacks: ['backup', 'long'],
      contextWindowFallbacks: ['long', 'backup'],
    });
    const off = disconnectFallback(cw, 'chat', 'long', 'context-window-fallback');
    expect(group(off, 'chat')).toMatchObject({ fallbacks: ['backup', 'long'], contextWindowFallbacks: ['backup'] });
  });

  it('moves a fallback one place earlier; the first stays first', () => {
    const t = moveFallbackEarlier(table(), 'chat', 'long', 'fallback');
    expect(group(t, 'chat')?.fallbacks).toEqual(['long', 'backup']);
    expect(group(moveFallbackEarlier(t, 'chat', 'long', 'fallback'), 'chat')?.fallbacks).toEqual(['long', 'backup']);
    const unknown = table();
    expect(moveFallbackEarlier(unknown, 'chat', 'nowhere', 'fallback')).toEqual(unknown);
  });

  it('sets, repoints and removes aliases; a blank alias is ignored and names are trimmed', () => {
    const t = setAlias(table(), ' claude ', 'long');
    expect(t.aliases).toEqual({ 'gpt-4o': 'chat', big: 'long', claude: 'long' });
    expect(setAlias(t, 'gpt-4o', 'backup').aliases['gpt-4o']).toBe('backup');
    expect(setAlias(t, '  ', 'chat')).toBe(t);
    expect(removeAlias(t, 'big').aliases).toEqual({ 'gpt-4o': 'chat', claude: 'long' });
    expect(removeAlias(t, 'unknown').aliases).toEqual(t.aliases);
  });
});
