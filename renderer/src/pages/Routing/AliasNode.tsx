// An alias: another name clients may send for a group.
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { removeAlias } from './table-edits';
import { useRoutingEditor } from './editor-context';
import type { AliasNodeData } from './graph-model';

export function AliasNode({ data }: NodeProps<Node<AliasNodeData, 'groupAlias'>>) {
  const { edit } = useRoutingEditor();
  return (
    <div
      className={`rt-node rt-alias${data.problems.length ? ' has-problems' : ''}`}
      data-testid={`alias-node-${data.alias}`}
    >
      <div className="rt-node-head">
        <span className="rt-kicker">Alias</span>
        <button
          type="button"
          className="rt-icon-btn nodrag"
          aria-label={`Delete alias ${data.alias}`}
          data-testid={`alias-delete-${data.alias}`}
          onClick={() => edit((t) => removeAlias(t, data.alias))}
        >
          ×
        </button>
      </div>
      <div className="rt-alias-name mono">{data.alias}</div>
      {data.problems.length > 0 && (
        <ul className="rt-problems" data-testid={`alias-problems-${data.alias}`}>
          {data.problems.map((p) => (
            <li key={p} title={p}>
              {p}
            </li>
          ))}
        </ul>
      )}
      <Handle type="source" position={Position.Right} id="out" className="rt-handle" isConnectable={false} />
    </div>
  );
}
