// The graph itself (@xyflow/react): nodes from the draft, positions kept here (moving a node is not
// a routing change), connections dragged from a group's handles turned into table edits.
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge,
  type Node,
  type NodeChange,
  type OnDelete,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ProposedTable, RoutingLive, RoutingProblem } from '../../../../shared/contract-routing';
import { AliasNode } from './AliasNode';
import { AliasEdge, ChainEdge, TargetEdge } from './edges';
import { autoLayout, buildGraph, parseNodeId, targetsToDraw, type XY } from './graph-model';
import { GroupNode } from './GroupNode';
import { TargetNode } from './TargetNode';
import {
  connectFallback,
  connectTarget,
  disconnectFallback,
  disconnectTarget,
  removeAlias,
  removeGroup,
} from './table-edits';
import { useRoutingEditor } from './editor-context';

const nodeTypes = { modelGroup: GroupNode, routeTarget: TargetNode, groupAlias: AliasNode };
const edgeTypes = { target: TargetEdge, chain: ChainEdge, alias: AliasEdge };

interface Props {
  table: ProposedTable;
  live: RoutingLive | null;
  problems: RoutingProblem[];
  /** Bumped by the Auto-layout button. */
  layoutRequest: number;
}

export function RoutingCanvas({ table, live, problems, layoutRequest }: Props) {
  const { edit } = useRoutingEditor();
  const flow = useReactFlow();
  const [nodes, setNodes] = useState<Node[]>([]);
  const [selectedEdges, setSelectedEdges] = useState<Set<string>>(new Set());
  const positions = useRef(new Map<string, XY>());

  const graph = useMemo(() => {
    // New nodes go where the layered layout would put them; nodes already placed stay put.
    const layout = autoLayout(table, targetsToDraw(table, live));
    for (const [id, xy] of layout) if (!positions.current.has(id)) positions.current.set(id, xy);
    return buildGraph(table, live, problems, positions.current);
  }, [table, live, problems]);

  useEffect(() => {
    setNodes((prev) => {
      const byId = new Map(prev.map((n) => [n.id, n]));
      return graph.nodes.map((n) => {
        const p = byId.get(n.id);
        return p ? { ...n, position: p.position, measured: p.measured, selected: p.selected } : { ...n };
      });
    });
  }, [graph]);

  useEffect(() => {
    if (layoutRequest === 0) return;
    const layout = autoLayout(table, targetsToDraw(table, live));
    positions.current = new Map(layout);
    setNodes((prev) => prev.map((n) => ({ ...n, position: layout.get(n.id) ?? n.position })));
    requestAnimationFrame(() => void flow.fitView({ padding: 0.12, duration: 250 }));
    // Only when asked: a live refresh must not move what the user placed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layoutRequest]);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    // Deletion goes through onDelete (a routing change); everything else is view state.
    const viewChanges = changes.filter((c) => c.type !== 'remove');
    for (const c of viewChanges) if (c.type === 'position' && c.position) positions.current.set(c.id, c.position);
    setNodes((nds) => applyNodeChanges(viewChanges, nds));
  }, []);

  const edges: Edge[] = useMemo(
    () =>
      graph.edges.map((e) => ({
        ...e,
        selected: selectedEdges.has(e.id),
        // Arrows on fallbacks only: a group → target edge always points right, to the target.
        markerEnd: e.type === 'chain' ? { type: MarkerType.ArrowClosed, width: 14, height: 14 } : undefined,
      })),
    [graph.edges, selectedEdges],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const from = parseNodeId(c.source);
      const to = parseNodeId(c.target);
      if (from?.type !== 'group' || !to) return;
      if (to.type === 'target') edit((t) => connectTarget(t, from.name, to.kind, to.ref));
      else if (to.type === 'group' && to.name !== from.name) {
        edit((t) =>
          connectFallback(t, from.name, to.name, c.sourceHandle === 'cw' ? 'context-window-fallback' : 'fallback'),
        );
      }
    },
    [edit],
  );

  const isValidConnection = useCallback((c: Connection | Edge) => {
    const from = parseNodeId(c.source);
    const to = parseNodeId(c.target);
    if (from?.type !== 'group' || !to || to.type === 'alias') return false;
    if (to.type === 'target') return c.sourceHandle !== 'cw';
    return to.name !== from.name;
  }, []);

  const onDelete: OnDelete = useCallback(
    ({ nodes: goneNodes, edges: goneEdges }) => {
      edit((table0) => {
        let t = table0;
        for (const n of goneNodes) {
          const p = parseNodeId(n.id);
          if (p?.type === 'group') t = removeGroup(t, p.name);
          if (p?.type === 'alias') t = removeAlias(t, p.alias);
        }
        for (const e of goneEdges) {
          const [kind, group, rest] = e.id.split('|');
          if (kind === 't') {
            const m = /^(deployment|endpoint):(.+)$/.exec(rest);
            if (m) t = disconnectTarget(t, group, m[1] as 'deployment' | 'endpoint', m[2]);
          }
          if (kind === 'f') t = disconnectFallback(t, group, rest, 'fallback');
          if (kind === 'cw') t = disconnectFallback(t, group, rest, 'context-window-fallback');
          if (kind === 'a') t = removeAlias(t, group);
        }
        return t;
      });
    },
    [edit],
  );

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={(changes) =>
        setSelectedEdges((prev) => {
          const next = new Set(prev);
          for (const c of changes) if (c.type === 'select') c.selected ? next.add(c.id) : next.delete(c.id);
          return next;
        })
      }
      onConnect={onConnect}
      isValidConnection={isValidConnection}
      onDelete={onDelete}
      // Target nodes are never deleted from here: they are deployments and endpoints, not routing.
      onBeforeDelete={async ({ nodes: n, edges: e }) => ({
        nodes: n.filter((x) => x.type !== 'routeTarget'),
        edges: e,
      })}
      deleteKeyCode={['Delete', 'Backspace']}
      fitView
      fitViewOptions={{ padding: 0.12 }}
      minZoom={0.3}
      maxZoom={1.6}
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={20} size={1} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
