// Validation of a proposed routing table before it is applied. Pure: every problem names the
// node (and edge) of the graph it belongs to, with the reason and what to do. An empty list means
// the table can be applied.
import type { ProposedTable, RoutingProblem, TargetKind } from '../../../shared/contract-routing';

/** The targets that exist, by kind. */
export interface KnownTargets {
  deployments: ReadonlySet<string>;
  endpoints: ReadonlySet<string>;
}

type FallbackKind = 'fallback' | 'context-window-fallback';
interface ChainEdge {
  from: string;
  to: string;
  kind: FallbackKind;
}

export const targetId = (kind: TargetKind, ref: string) => `${kind}:${ref}`;

export function validateTable(table: ProposedTable, known: KnownTargets): RoutingProblem[] {
  const problems: RoutingProblem[] = [];
  const names = new Set<string>();
  for (const g of table.groups) {
    if (names.has(g.name)) {
      problems.push({
        rule: 'duplicate-group',
        subject: { node: 'group', id: g.name },
        message: `Two groups are named "${g.name}": rename or remove one.`,
      });
    }
    names.add(g.name);
  }

  for (const g of table.groups) {
    const group = { node: 'group' as const, id: g.name };
    if (g.targets.length === 0) {
      problems.push({
        rule: 'group-without-targets',
        subject: group,
        message: `"${g.name}" has no targets: every request for it would fail. Connect it to a deployment or endpoint, or delete it.`,
      });
    } else if (g.targets.reduce((sum, t) => sum + t.weight, 0) <= 0) {
      problems.push({
        rule: 'weights-sum-to-zero',
        subject: group,
        message: `The weights of "${g.name}"'s targets sum to zero, so none is meant to get traffic: give at least one target a weight above 0.`,
      });
    }
    const seen = new Set<string>();
    for (const t of g.targets) {
      const id = targetId(t.kind, t.ref);
      if (seen.has(id)) {
        problems.push({
          rule: 'duplicate-target',
          subject: { ...group, edge: { kind: 'target', to: id } },
          message: `"${g.name}" is connected to ${t.kind} ${t.ref} twice: remove one of the two edges.`,
        });
      }
      seen.add(id);
      const exists = t.kind === 'deployment' ? known.deployments.has(t.ref) : known.endpoints.has(t.ref);
      if (!exists) {
        problems.push({
          rule: 'target-missing',
          subject: { node: 'target', id, edge: { kind: 'target', to: g.name } },
          message: `No ${t.kind} named "${t.ref}" exists (used by "${g.name}"): deploy it or add it as a provider first, or remove the edge.`,
        });
      }
    }
    const checkChain = (chain: string[], kind: FallbackKind) => {
      for (const to of chain) {
        if (!names.has(to)) {
          problems.push({
            rule: 'fallback-unknown-group',
            subject: { ...group, edge: { kind, to } },
            message: `"${g.name}" falls back to "${to}", which is not a group: add that group or remove the ${kind === 'fallback' ? 'fallback' : 'context-window fallback'}.`,
          });
        }
      }
    };
    checkChain(g.fallbacks, 'fallback');
    checkChain(g.contextWindowFallbacks, 'context-window-fallback');
  }

  for (const [alias, to] of Object.entries(table.aliases)) {
    if (names.has(alias)) {
      problems.push({
        rule: 'alias-shadows-group',
        subject: { node: 'alias', id: alias, edge: { kind: 'alias', to } },
        message: `The alias "${alias}" has the name of a group, so it can never be reached through the alias (the group wins): rename the alias or remove it.`,
      });
    }
    if (!names.has(to)) {
      problems.push({
        rule: 'alias-unknown-group',
        subject: { node: 'alias', id: alias, edge: { kind: 'alias', to } },
        message: `The alias "${alias}" points to "${to}", which is not a group: point it at a group or remove it.`,
      });
    }
  }

  const edges: ChainEdge[] = table.groups
    .flatMap((g) => [
      ...g.fallbacks.map((to) => ({ from: g.name, to, kind: 'fallback' as const })),
      ...g.contextWindowFallbacks.map((to) => ({ from: g.name, to, kind: 'context-window-fallback' as const })),
    ])
    .filter((e) => names.has(e.to));
  for (const cycle of findFallbackCycles(edges)) {
    const path = [...cycle.map((e) => e.from), cycle[0].from].join(' → ');
    const kinds = new Set(cycle.map((e) => e.kind));
    const what =
      kinds.size > 1
        ? 'Fallbacks and context-window fallbacks'
        : kinds.has('fallback')
          ? 'Fallbacks'
          : 'Context-window fallbacks';
    for (const e of cycle) {
      problems.push({
        rule: 'fallback-cycle',
        subject: { node: 'group', id: e.from, edge: { kind: e.kind, to: e.to } },
        message: `${what} form a cycle (${path}): a failing request would bounce between these groups. Remove one of the links.`,
      });
    }
  }
  return problems;
}

/** Every distinct cycle once, as its edges in order (both kinds of fallback together). */
export function findFallbackCycles(edges: ChainEdge[]): ChainEdge[][] {
  const out = new Map<string, ChainEdge[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  const state = new Map<string, 'open' | 'done'>();
  const stack: ChainEdge[] = [];
  const seen = new Set<string>();
  const found: ChainEdge[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    for (const e of out.get(node) ?? []) {
      const s = state.get(e.to);
      if (s === 'open') {
        const start = stack.findIndex((x) => x.from === e.to);
        const cycle = [...(start >= 0 ? stack.slice(start) : []), e];
        const id = cycle
          .map((x) => `${x.from}>${x.to}:${x.kind}`)
          .sort()
          .join('|');
        if (!seen.has(id)) {
          seen.add(id);
          found.push(cycle);
        }
      } else if (s === undefined) {
        stack.push(e);
        visit(e.to);
        stack.pop();
      }
    }
    state.set(node, 'done');
  };
  for (const node of out.keys()) if (!state.has(node)) visit(node);
  return found;
}
