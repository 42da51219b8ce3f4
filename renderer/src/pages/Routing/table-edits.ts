// Edits of a proposed routing table, as pure functions (table in, new table out), so every
// change the editor makes is one undoable step and is tested without a browser.
import type { ProposedGroup, ProposedTable, ProposedTarget, TargetKind } from '../../../../shared/contract-routing';

export type ChainKind = 'fallback' | 'context-window-fallback';
type Strategy = ProposedGroup['strategy'];

const mapGroup = (t: ProposedTable, name: string, f: (g: ProposedGroup) => ProposedGroup): ProposedTable => ({
  ...t,
  groups: t.groups.map((g) => (g.name === name ? f(g) : g)),
});

const chainKey = (kind: ChainKind) =>
  (kind === 'fallback' ? 'fallbacks' : 'contextWindowFallbacks') as 'fallbacks' | 'contextWindowFallbacks';

/** A fresh name `base`, `base-2`, … not taken by a group or alias. */
export function freeGroupName(t: ProposedTable, base = 'new-group'): string {
  const taken = new Set([...t.groups.map((g) => g.name), ...Object.keys(t.aliases)]);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

export function addGroup(t: ProposedTable, name = freeGroupName(t)): ProposedTable {
  return {
    ...t,
    groups: [...t.groups, { name, strategy: 'simple-shuffle', targets: [], fallbacks: [], contextWindowFallbacks: [] }],
  };
}

/** Renames a group and every reference to it (fallbacks, aliases). */
export function renameGroup(t: ProposedTable, from: string, to: string): ProposedTable {
  const name = to.trim();
  if (!name || name === from) return t;
  const rename = (n: string) => (n === from ? name : n);
  return {
    groups: t.groups.map((g) => ({
      ...g,
      name: rename(g.name),
      fallbacks: g.fallbacks.map(rename),
      contextWindowFallbacks: g.contextWindowFallbacks.map(rename),
    })),
    aliases: Object.fromEntries(Object.entries(t.aliases).map(([a, g]) => [a, rename(g)])),
  };
}

export function removeGroup(t: ProposedTable, name: string): ProposedTable {
  return {
    groups: t.groups
      .filter((g) => g.name !== name)
      .map((g) => ({
        ...g,
        fallbacks: g.fallbacks.filter((f) => f !== name),
        contextWindowFallbacks: g.contextWindowFallbacks.filter((f) => f !== name),
      })),
    aliases: Object.fromEntries(Object.entries(t.aliases).filter(([, g]) => g !== name)),
  };
}

export function setStrategy(t: ProposedTable, group: string, strategy: Strategy): ProposedTable {
  return mapGroup(t, group, (g) => ({ ...g, strategy }));
}

/** Connects a group to a target (weight 1, order 0); already connected: no change. */
export function connectTarget(t: ProposedTable, group: string, kind: TargetKind, ref: string): ProposedTable {
  return mapGroup(t, group, (g) =>
    g.targets.some((x) => x.kind === kind && x.ref === ref)
      ? g
      : { ...g, targets: [...g.targets, { kind, ref, weight: 1, order: 0 }] },
  );
}

export function updateTarget(
  t: ProposedTable,
  group: string,
  kind: TargetKind,
  ref: string,
  change: Partial<Pick<ProposedTarget, 'weight' | 'order'>>,
): ProposedTable {
  return mapGroup(t, group, (g) => ({
    ...g,
    targets: g.targets.map((x) => (x.kind === kind && x.ref === ref ? { ...x, ...change } : x)),
  }));
}

export function disconnectTarget(t: ProposedTable, group: string, kind: TargetKind, ref: string): ProposedTable {
  return mapGroup(t, group, (g) => ({ ...g, targets: g.targets.filter((x) => !(x.kind === kind && x.ref === ref)) }));
}

/** Appends `to` to the group's chain of that kind (last in order); already there: no change. */
export function connectFallback(t: ProposedTable, group: string, to: string, kind: ChainKind): ProposedTable {
  const key = chainKey(kind);
  return mapGroup(t, group, (g) => (g[key].includes(to) ? g : { ...g, [key]: [...g[key], to] }));
}

export function disconnectFallback(t: ProposedTable, group: string, to: string, kind: ChainKind): ProposedTable {
  const key = chainKey(kind);
  return mapGroup(t, group, (g) => ({ ...g, [key]: g[key].filter((f) => f !== to) }));
}

/** Moves a fallback one place earlier in its chain (tried sooner). */
export function moveFallbackEarlier(t: ProposedTable, group: string, to: string, kind: ChainKind): ProposedTable {
  const key = chainKey(kind);
  return mapGroup(t, group, (g) => {
    const chain = [...g[key]];
    const i = chain.indexOf(to);
    if (i <= 0) return g;
    [chain[i - 1], chain[i]] = [chain[i], chain[i - 1]];
    return { ...g, [key]: chain };
  });
}

export function setAlias(t: ProposedTable, alias: string, group: string): ProposedTable {
  const name = alias.trim();
  if (!name) return t;
  return { ...t, aliases: { ...t.aliases, [name]: group } };
}

export function removeAlias(t: ProposedTable, alias: string): ProposedTable {
  const { [alias]: _gone, ...rest } = t.aliases;
  return { ...t, aliases: rest };
}
