// What applying a proposed routing table changes, against the applied one, in words. Pure.
import type { ProposedGroup, ProposedTable, RoutingChange } from '../../../shared/contract-routing';
import { targetId } from './validate';

const strategyWords: Record<ProposedGroup['strategy'], string> = {
  'simple-shuffle': 'weighted shuffle',
  'least-busy': 'least busy',
  'latency-based-routing': 'lowest latency',
  'cost-based-routing': 'lowest cost',
  'kv-aware': 'KV-cache aware',
};

const chain = (names: string[]) => (names.length ? names.join(' → ') : 'none');
const targetWords = (t: ProposedGroup['targets'][number]) =>
  `${t.kind} ${t.ref} (weight ${t.weight}, order ${t.order})`;

export function diffTables(before: ProposedTable, after: ProposedTable): RoutingChange[] {
  const changes: RoutingChange[] = [];
  const old = new Map(before.groups.map((g) => [g.name, g]));
  const next = new Map(after.groups.map((g) => [g.name, g]));

  for (const g of after.groups) {
    const was = old.get(g.name);
    if (!was) {
      const targets = g.targets.length ? g.targets.map(targetWords).join(', ') : 'no targets';
      const fallbacks = g.fallbacks.length ? `; falls back to ${chain(g.fallbacks)}` : '';
      const cw = g.contextWindowFallbacks.length ? `; long prompts go to ${chain(g.contextWindowFallbacks)}` : '';
      changes.push({
        action: 'added',
        subject: g.name,
        text: `New group ${g.name} (${strategyWords[g.strategy]}) → ${targets}${fallbacks}${cw}`,
      });
      continue;
    }
    if (was.strategy !== g.strategy) {
      changes.push({
        action: 'changed',
        subject: g.name,
        text: `${g.name}: strategy ${strategyWords[was.strategy]} → ${strategyWords[g.strategy]}`,
      });
    }
    const oldTargets = new Map(was.targets.map((t) => [targetId(t.kind, t.ref), t]));
    const newTargets = new Map(g.targets.map((t) => [targetId(t.kind, t.ref), t]));
    for (const [id, t] of newTargets) {
      const o = oldTargets.get(id);
      if (!o) changes.push({ action: 'added', subject: g.name, text: `${g.name}: new target ${targetWords(t)}` });
      else {
        if (o.weight !== t.weight)
          changes.push({
            action: 'changed',
            subject: g.name,
            text: `${g.name}: ${t.kind} ${t.ref} weight ${o.weight} → ${t.weight}`,
          });
        if (o.order !== t.order)
          changes.push({
            action: 'changed',
            subject: g.name,
            text: `${g.name}: ${t.kind} ${t.ref} order ${o.order} → ${t.order}`,
          });
      }
    }
    for (const [id, t] of oldTargets) {
      if (!newTargets.has(id))
        changes.push({ action: 'removed', subject: g.name, text: `${g.name}: target ${t.kind} ${t.ref} removed` });
    }
    if (chain(was.fallbacks) !== chain(g.fallbacks)) {
      changes.push({
        action: 'changed',
        subject: g.name,
        text: `${g.name}: fallbacks were ${chain(was.fallbacks)}, now ${chain(g.fallbacks)}`,
      });
    }
    if (chain(was.contextWindowFallbacks) !== chain(g.contextWindowFallbacks)) {
      changes.push({
        action: 'changed',
        subject: g.name,
        text: `${g.name}: context-window fallbacks were ${chain(was.contextWindowFallbacks)}, now ${chain(g.contextWindowFallbacks)}`,
      });
    }
  }
  for (const g of before.groups) {
    if (!next.has(g.name))
      changes.push({
        action: 'removed',
        subject: g.name,
        text: `Group ${g.name} removed: requests for it will get 404`,
      });
  }

  for (const [alias, to] of Object.entries(after.aliases)) {
    const was = before.aliases[alias];
    if (was === undefined) changes.push({ action: 'added', subject: alias, text: `New alias ${alias} → ${to}` });
    else if (was !== to) changes.push({ action: 'changed', subject: alias, text: `Alias ${alias}: ${was} → ${to}` });
  }
  for (const [alias, to] of Object.entries(before.aliases)) {
    if (after.aliases[alias] === undefined)
      changes.push({ action: 'removed', subject: alias, text: `Alias ${alias} (→ ${to}) removed` });
  }
  return changes;
}
