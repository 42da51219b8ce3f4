// The graph's edges. group → target: weight and order editable on the label, with the edge's
// share of the last 15 minutes' traffic and its error rate. group → group: fallbacks (ordered,
// numbered) and context-window fallbacks (dotted, amber). alias → group: a thin line.
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { disconnectFallback, disconnectTarget, moveFallbackEarlier, updateTarget } from './table-edits';
import { useRoutingEditor } from './editor-context';
import type { AliasEdgeData, ChainEdgeData, TargetEdgeData } from './graph-model';
import { percent } from './labels';

/** A point at `t` (0–1) along xyflow's bezier between a right-hand source and a left-hand target. */
function along(sx: number, sy: number, tx: number, ty: number, t: number): { x: number; y: number } {
  const off = tx >= sx ? 0.5 * (tx - sx) : 0.25 * 25 * Math.sqrt(sx - tx);
  const [c1x, c1y, c2x, c2y] = [sx + off, sy, tx - off, ty];
  const u = 1 - t;
  return {
    x: u * u * u * sx + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * tx,
    y: u * u * u * sy + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * ty,
  };
}

/** The point on the edge `before` px left of its target (half-way when the edge is shorter). */
function labelPoint(sx: number, sy: number, tx: number, ty: number, before: number): { x: number; y: number } {
  if (tx - sx < before * 2) return along(sx, sy, tx, ty, 0.5);
  let lo = 0.5;
  let hi = 1;
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    if (along(sx, sy, tx, ty, mid).x < tx - before) lo = mid;
    else hi = mid;
  }
  return along(sx, sy, tx, ty, lo);
}

function NumberField({
  value,
  label,
  min,
  step,
  testId,
  onCommit,
}: {
  value: number;
  label: string;
  min: number;
  step: number;
  testId: string;
  onCommit: (v: number) => void;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const commit = () => {
    const v = Number(text);
    if (text.trim() !== '' && Number.isFinite(v) && v >= min) onCommit(v);
    else setText(String(value));
  };
  return (
    <label className="rt-num">
      <span>{label}</span>
      <input
        type="number"
        min={min}
        step={step}
        value={text}
        data-testid={testId}
        aria-label={label}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      />
    </label>
  );
}

export function TargetEdge(props: EdgeProps<Edge<TargetEdgeData, 'target'>>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd, selected } = props;
  const { edit } = useRoutingEditor();
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  if (!data) return null;
  // The label sits a fixed distance before its target, so labels line up in a column beside the targets.
  const at = labelPoint(sourceX, sourceY, targetX, targetY, 150);
  const id = `${data.group}--${data.kind}:${data.ref}`;
  const tr = data.traffic;
  const bad = data.problems.length > 0;
  const strokeWidth = 1.5 + 3.5 * Math.min(1, tr?.share ?? 0);
  return (
    <>
      <BaseEdge
        path={path}
        markerEnd={markerEnd}
        className={`rt-edge-target${bad ? ' is-bad' : ''}${selected ? ' is-selected' : ''}`}
        style={{ strokeWidth }}
      />
      <EdgeLabelRenderer>
        <div
          className={`rt-edge-label nodrag nopan${bad ? ' is-bad' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${at.x}px, ${at.y}px)` }}
          data-testid={`edge-label-${id}`}
          data-share={tr?.share ?? 0}
          data-requests={tr?.requests ?? 0}
          data-errors={tr?.errors ?? 0}
          title={
            bad
              ? data.problems.join('\n')
              : `${data.ref}: ${percent(data.weightShare)} of the weight at order ${data.order}`
          }
        >
          <NumberField
            label="w"
            value={data.weight}
            min={0}
            step={1}
            testId={`edge-weight-${id}`}
            onCommit={(weight) => edit((t) => updateTarget(t, data.group, data.kind, data.ref, { weight }))}
          />
          <NumberField
            label="#"
            value={data.order}
            min={0}
            step={1}
            testId={`edge-order-${id}`}
            onCommit={(order) =>
              edit((t) => updateTarget(t, data.group, data.kind, data.ref, { order: Math.round(order) }))
            }
          />
          <span
            className={`rt-edge-traffic${tr && tr.errors > 0 ? ' has-errors' : ''}`}
            data-testid={`edge-traffic-${id}`}
          >
            {tr ? `${percent(tr.share)} · ${tr.requests} req · ${percent(tr.errorRate)} err` : 'no traffic'}
          </span>
          <button
            type="button"
            className="rt-icon-btn"
            aria-label={`Disconnect ${data.ref} from ${data.group}`}
            data-testid={`edge-delete-${id}`}
            onClick={() => edit((t) => disconnectTarget(t, data.group, data.kind, data.ref))}
          >
            ×
          </button>
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export function ChainEdge(props: EdgeProps<Edge<ChainEdgeData, 'chain'>>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd, selected } = props;
  const { edit } = useRoutingEditor();
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  if (!data) return null;
  const cw = data.kind === 'context-window-fallback';
  const id = `${data.group}--${data.to}`;
  const bad = data.problems.length > 0;
  return (
    <>
      <BaseEdge
        path={path}
        markerEnd={markerEnd}
        className={`rt-edge-chain${cw ? ' is-cw' : ''}${bad ? ' is-bad' : ''}${selected ? ' is-selected' : ''}`}
      />
      <EdgeLabelRenderer>
        <div
          className={`rt-chain-label nodrag nopan${cw ? ' is-cw' : ''}${bad ? ' is-bad' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY + (cw ? 16 : -16)}px)` }}
          data-testid={`${cw ? 'cw' : 'fallback'}-label-${id}`}
          title={bad ? data.problems.join('\n') : undefined}
        >
          <span>{cw ? `long prompt ${data.position}` : `fallback ${data.position}`}</span>
          {data.position > 1 && (
            <button
              type="button"
              className="rt-icon-btn"
              title="Try this one earlier"
              aria-label="Earlier in the chain"
              data-testid={`${cw ? 'cw' : 'fallback'}-earlier-${id}`}
              onClick={() => edit((t) => moveFallbackEarlier(t, data.group, data.to, data.kind))}
            >
              ↑
            </button>
          )}
          <button
            type="button"
            className="rt-icon-btn"
            aria-label="Remove this fallback"
            data-testid={`${cw ? 'cw' : 'fallback'}-delete-${id}`}
            onClick={() => edit((t) => disconnectFallback(t, data.group, data.to, data.kind))}
          >
            ×
          </button>
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export function AliasEdge(props: EdgeProps<Edge<AliasEdgeData, 'alias'>>) {
  const [path] = getBezierPath(props);
  return <BaseEdge path={path} className="rt-edge-alias" />;
}
