// The applied routing table in the editor's shape, and its version: a digest that changes with
// every apply, so an edit made on a stale copy can be refused instead of overwriting another.
import { createHash } from 'node:crypto';
import type { ProposedTable } from '../../../shared/contract-routing';
import type { Store } from '../store';

export function readCurrentTable(store: Store): ProposedTable {
  // One read transaction: groups, targets, fallbacks and aliases from the same snapshot.
  return store.db.transaction(() => ({
    groups: store.modelGroups.list().map((g) => ({
      name: g.name,
      strategy: g.strategy,
      targets: g.targets.map((t) => ({ kind: t.kind, ref: t.ref, weight: t.weight, order: t.order })),
      fallbacks: g.fallbacks,
      contextWindowFallbacks: g.contextWindowFallbacks,
    })),
    aliases: store.modelGroups.aliases(),
  }))();
}

/** Same table, same order of groups and aliases: the same text. */
export function canonicalTable(table: ProposedTable): ProposedTable {
  return {
    groups: [...table.groups]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((g) => ({
        name: g.name,
        strategy: g.strategy,
        targets: g.targets.map((t) => ({ kind: t.kind, ref: t.ref, weight: t.weight, order: t.order })),
        fallbacks: [...g.fallbacks],
        contextWindowFallbacks: [...g.contextWindowFallbacks],
      })),
    aliases: Object.fromEntries(Object.entries(table.aliases).sort(([a], [b]) => a.localeCompare(b))),
  };
}

export function tableVersion(table: ProposedTable): string {
  return createHash('sha256')
    .update(JSON.stringify(canonicalTable(table)))
    .digest('hex')
    .slice(0, 16);
}
