// The routing table as a graph: nodes (aliases, groups, targets) and edges (group → target,
// fallbacks, context-window fallbacks, alias → group), with live figures and validation problems
// attached, and a layered auto-layout. Pure, so it is tested without a browser.
import type {
  AvailableTarget,
  EdgeTraffic,
  GroupTraffic,
  ProposedTable,
  RoutingLive,
  RoutingProblem,
  TargetKind,
} from '../../../../shared/contract-routing';
import type { ChainKind } from './table-edits';

export interface XY {
  x: number;
  y: number;
}

export interface GroupNodeData extends Record<string, unknown> {
  name: string;
  strategy: ProposedTable['groups'][number]['strategy'];
  targetCount: number;
  traffic: GroupTraffic | null;
  problems: string[];
}
export interface TargetNodeData extends Record<string, unknown> {
  kind: TargetKind;
  ref: string;
  detail: string;
  /** 'missing' when the table names a target that does not exist. */
  state: AvailableTarget['state'] | 'missing';
  stateReason: string | null;
  connected: boolean;
  problems: string[];
}
export interface AliasNodeData extends Record<string, unknown> {
  alias: string;
  group: string;
  problems: string[];
}

export type GraphNode =
  | { id: string; type: 'modelGroup'; position: XY; data: GroupNodeData }
  | { id: string; type: 'routeTarget'; position: XY; data: TargetNodeData }
  | { id: string; type: 'groupAlias'; position: XY; data: AliasNodeData };

export interface TargetEdgeData extends Record<string, unknown> {
  group: string;
  kind: TargetKind;
  ref: string;
  weight: number;
  order: number;
  /** Share of the weight among targets of the same order, 0–1. */
  weightShare: number;
  traffic: EdgeTraffic | null;
  problems: string[];
}
export interface ChainEdgeData extends Record<string, unknown> {
  group: string;
  to: string;
  kind: ChainKind;
  position: number;
  problems: string[];
}
export interface AliasEdgeData extends Record<string, unknown> {
  alias: string;
  group: string;
}

export type GraphEdge =
  | {
      id: string;
      type: 'target';
      source: string;
      target: string;
      sourceHandle: 'out';
      targetHandle: 'in';
      data: TargetEdgeData;
    }
  | {
      id: string;
      type: 'chain';
      source: string;
      target: string;
      sourceHandle: 'out' | 'cw';
      targetHandle: 'in';
      data: ChainEdgeData;
    }
  | {
      id: string;
      type: 'alias';
      source: string;
      target: string;
      sourceHandle: 'out';
      targetHandle: 'in';
      data: AliasEdgeData;
    };

export const groupNodeId = (name: string) => `group:${name}`;
export const targetNodeId = (kind: TargetKind, ref: string) => `target:${kind}:${ref}`;
export const aliasNodeId = (alias: string) => `alias:${alias}`;

/** Parses a node id back to what it stands for. */
export function parseNodeId(
  id: string,
):
  | { type: 'group'; name: string }
  | { type: 'target'; kind: TargetKind; ref: string }
  | { type: 'alias'; alias: string }
  | null {
  if (id.startsWith('group:')) return { type: 'group', name: id.slice(6) };
  if (id.startsWith('alias:')) return { type: 'alias', alias: id.slice(6) };
  const m = /^target:(deployment|endpoint):(.+)$/.exec(id);
  return m ? { type: 'target', kind: m[1] as TargetKind, ref: m[2] } : null;
}

export type DrawnTarget = AvailableTarget & { missing: boolean };

/** Every target to draw: those that exist, plus those the table names that do not. */
export function targetsToDraw(table: ProposedTable, live: RoutingLive | null): DrawnTarget[] {
  const known = new Map<string, DrawnTarget>(
    (live?.targets ?? []).map((t) => [`${t.kind}:${t.ref}`, { ...t, missing: false }]),
  );
  for (const g of table.groups) {
    for (const t of g.targets) {
      const id = `${t.kind}:${t.ref}`;
      if (!known.has(id))
        known.set(id, {
          kind: t.kind,
          ref: t.ref,
          detail: 'does not exist',
          state: 'down',
          stateReason: null,
          missing: true,
        });
    }
  }
  return [...known.values()];
}

const GROUP_COLUMN_X = 200;
const COLUMN_GAP = 300;
const GROUP_ROW = 172;
const TARGET_ROW = 104;
const ALIAS_ROW = 56;

/** Layered layout: aliases, then groups by fallback depth (a fallback sits right of its group), then targets. */
export function autoLayout(table: ProposedTable, targets: AvailableTarget[]): Map<string, XY> {
  const names = new Set(table.groups.map((g) => g.name));
  const depth = new Map(table.groups.map((g) => [g.name, 0]));
  // Longest path over fallbacks, bounded so a cycle cannot loop forever.
  for (let pass = 0; pass < table.groups.length; pass++) {
    let moved = false;
    for (const g of table.groups) {
      for (const to of [...g.fallbacks, ...g.contextWindowFallbacks]) {
        if (!names.has(to) || to === g.name) continue;
        const d = Math.min(depth.get(g.name)! + 1, 4);
        if (d > depth.get(to)!) {
          depth.set(to, d);
          moved = true;
        }
      }
    }
    if (!moved) break;
  }
  const positions = new Map<string, XY>();
  const columns = Math.max(0, ...depth.values()) + 1;
  const groupY = new Map<string, number>();
  for (let c = 0; c < columns; c++) {
    const inColumn = table.groups.filter((g) => depth.get(g.name) === c);
    // A fallback lines up with the groups that fall back to it.
    const parentsY = (name: string) => {
      const ys = table.groups
        .filter((g) => g.fallbacks.includes(name) || g.contextWindowFallbacks.includes(name))
        .map((g) => groupY.get(g.name))
        .filter((y): y is number => y !== undefined);
      return ys.length ? ys.reduce((s, y) => s + y, 0) / ys.length : Infinity;
    };
    const ordered = c === 0 ? inColumn : [...inColumn].sort((a, b) => parentsY(a.name) - parentsY(b.name));
    let y = 0;
    for (const g of ordered) {
      const wanted = c === 0 ? y : Math.max(y, Number.isFinite(parentsY(g.name)) ? parentsY(g.name) : y);
      groupY.set(g.name, wanted);
      positions.set(groupNodeId(g.name), { x: GROUP_COLUMN_X + c * COLUMN_GAP, y: wanted });
      y = wanted + GROUP_ROW;
    }
  }
  // Targets in the last column, each near the groups it serves (unconnected ones at the bottom).
  const targetX = GROUP_COLUMN_X + columns * COLUMN_GAP + 240;
  const centre = (t: AvailableTarget) => {
    const ys = table.groups
      .filter((g) => g.targets.some((x) => x.kind === t.kind && x.ref === t.ref))
      .map((g) => groupY.get(g.name)!);
    return ys.length ? ys.reduce((s, y) => s + y, 0) / ys.length : Infinity;
  };
  let ty = 0;
  for (const t of [...targets].sort((a, b) => centre(a) - centre(b) || a.ref.localeCompare(b.ref))) {
    positions.set(targetNodeId(t.kind, t.ref), { x: targetX, y: ty });
    ty += TARGET_ROW;
  }
  // Aliases left of their group, stacked when a group has several.
  const perGroup = new Map<string, number>();
  for (const [alias, group] of Object.entries(table.aliases)) {
    const k = perGroup.get(group) ?? 0;
    perGroup.set(group, k + 1);
    positions.set(aliasNodeId(alias), { x: 0, y: (groupY.get(group) ?? 0) + 12 + k * ALIAS_ROW });
  }
  return positions;
}

const problemsOn = (problems: RoutingProblem[], node: RoutingProblem['subject']['node'], id: string) =>
  problems.filter((p) => p.subject.node === node && p.subject.id === id);

export function buildGraph(
  table: ProposedTable,
  live: RoutingLive | null,
  problems: RoutingProblem[],
  positions: Map<string, XY>,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const targets = targetsToDraw(table, live);
  const fallbackLayout = positions.size ? null : autoLayout(table, targets);
  const at = (id: string): XY => positions.get(id) ?? fallbackLayout?.get(id) ?? { x: 0, y: 0 };
  const groupTraffic = new Map((live?.groups ?? []).map((g) => [g.group, g]));
  const edgeTraffic = new Map((live?.edges ?? []).map((e) => [`${e.group}|${e.target}`, e]));
  const connected = new Set(table.groups.flatMap((g) => g.targets.map((t) => `${t.kind}:${t.ref}`)));

  const nodes: GraphNode[] = [
    ...table.groups.map(
      (g): GraphNode => ({
        id: groupNodeId(g.name),
        type: 'modelGroup',
        position: at(groupNodeId(g.name)),
        data: {
          name: g.name,
          strategy: g.strategy,
          targetCount: g.targets.length,
          traffic: groupTraffic.get(g.name) ?? null,
          // A cycle is reported once per link: show each reason once on the node.
          problems: [...new Set(problemsOn(problems, 'group', g.name).map((p) => p.message))],
        },
      }),
    ),
    ...targets.map((t): GraphNode => {
      const id = `${t.kind}:${t.ref}`;
      return {
        id: targetNodeId(t.kind, t.ref),
        type: 'routeTarget',
        position: at(targetNodeId(t.kind, t.ref)),
        data: {
          kind: t.kind,
          ref: t.ref,
          detail: t.detail,
          state: t.missing ? 'missing' : t.state,
          stateReason: t.stateReason,
          connected: connected.has(id),
          problems: [...new Set(problemsOn(problems, 'target', id).map((p) => p.message))],
        },
      };
    }),
    ...Object.entries(table.aliases).map(
      ([alias, group]): GraphNode => ({
        id: aliasNodeId(alias),
        type: 'groupAlias',
        position: at(aliasNodeId(alias)),
        data: { alias, group, problems: problemsOn(problems, 'alias', alias).map((p) => p.message) },
      }),
    ),
  ];

  const names = new Set(table.groups.map((g) => g.name));
  const edges: GraphEdge[] = [];
  for (const g of table.groups) {
    const totalByOrder = new Map<number, number>();
    for (const t of g.targets) totalByOrder.set(t.order, (totalByOrder.get(t.order) ?? 0) + t.weight);
    for (const t of g.targets) {
      const total = totalByOrder.get(t.order) ?? 0;
      edges.push({
        id: `t|${g.name}|${t.kind}:${t.ref}`,
        type: 'target',
        source: groupNodeId(g.name),
        target: targetNodeId(t.kind, t.ref),
        sourceHandle: 'out',
        targetHandle: 'in',
        data: {
          group: g.name,
          kind: t.kind,
          ref: t.ref,
          weight: t.weight,
          order: t.order,
          weightShare: total > 0 ? t.weight / total : 0,
          traffic: edgeTraffic.get(`${g.name}|${t.ref}`) ?? null,
          problems: problems
            .filter(
              (p) =>
                p.subject.edge?.kind === 'target' &&
                ((p.subject.id === g.name && p.subject.edge.to === `${t.kind}:${t.ref}`) ||
                  (p.subject.id === `${t.kind}:${t.ref}` && p.subject.edge.to === g.name)),
            )
            .map((p) => p.message),
        },
      });
    }
    const chain = (list: string[], kind: ChainKind) =>
      list.forEach((to, i) => {
        if (!names.has(to)) return;
        edges.push({
          id: `${kind === 'fallback' ? 'f' : 'cw'}|${g.name}|${to}`,
          type: 'chain',
          source: groupNodeId(g.name),
          target: groupNodeId(to),
          sourceHandle: kind === 'fallback' ? 'out' : 'cw',
          targetHandle: 'in',
          data: {
            group: g.name,
            to,
            kind,
            position: i + 1,
            problems: problems
              .filter((p) => p.subject.id === g.name && p.subject.edge?.kind === kind && p.subject.edge.to === to)
              .map((p) => p.message),
          },
        });
      });
    chain(g.fallbacks, 'fallback');
    chain(g.contextWindowFallbacks, 'context-window-fallback');
  }
  for (const [alias, group] of Object.entries(table.aliases)) {
    if (names.has(group))
      edges.push({
        id: `a|${alias}|${group}`,
        type: 'alias',
        source: aliasNodeId(alias),
        target: groupNodeId(group),
        sourceHandle: 'out',
        targetHandle: 'in',
        data: { alias, group },
      });
  }
  return { nodes, edges };
}
