// A target on the graph: a deployment or an endpoint (external server, cloud provider), coloured
// by its live state (ready, loading, asleep, cooling down, down) with the reason.
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { TargetNodeData } from './graph-model';
import { STATE_LABELS } from './labels';

export function TargetNode({ data }: NodeProps<Node<TargetNodeData, 'routeTarget'>>) {
  const id = `${data.kind}:${data.ref}`;
  return (
    <div
      className={`rt-node rt-target rt-state-${data.state}${data.connected ? '' : ' is-idle'}${data.problems.length ? ' has-problems' : ''}`}
      data-testid={`target-node-${id}`}
      data-state={data.state}
      title={data.stateReason ?? undefined}
    >
      <Handle type="target" position={Position.Left} id="in" className="rt-handle" data-testid={`target-in-${id}`} />
      <div className="rt-node-head">
        <span className="rt-kicker">{data.kind === 'deployment' ? 'Deployment' : 'Endpoint'}</span>
        <span className="rt-state" data-testid={`target-state-${id}`}>
          <span className="rt-state-dot" />
          {STATE_LABELS[data.state]}
        </span>
      </div>
      <div className="rt-target-name mono">{data.ref}</div>
      <div className="rt-target-detail">
        {data.stateReason && data.state !== 'ready' ? data.stateReason : data.detail}
      </div>
      {data.problems.length > 0 && (
        <ul className="rt-problems" data-testid={`target-problems-${id}`}>
          {data.problems.map((p) => (
            <li key={p} title={p}>
              {p}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
