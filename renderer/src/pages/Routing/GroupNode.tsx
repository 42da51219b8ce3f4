// A model group on the graph: its public name and strategy (both editable in place), its last 15
// minutes of traffic, and its validation problems. Handles: in (fallbacks and aliases arrive),
// out (drag to a target or a group: a fallback), cw (drag to a group: a context-window fallback).
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { useEffect, useState } from 'react';
import type { ProposedGroup } from '../../../../shared/contract-routing';
import { removeGroup, renameGroup, setStrategy } from './table-edits';
import { useRoutingEditor } from './editor-context';
import type { GroupNodeData } from './graph-model';
import { STRATEGIES } from './labels';
import { TryItButton } from '../Playground/TryItButton';

export function GroupNode({ data }: NodeProps<Node<GroupNodeData, 'modelGroup'>>) {
  const { edit } = useRoutingEditor();
  const [name, setName] = useState(data.name);
  useEffect(() => setName(data.name), [data.name]);
  const commit = () => {
    if (name.trim() && name.trim() !== data.name) edit((t) => renameGroup(t, data.name, name));
    else setName(data.name);
  };
  const t = data.traffic;
  return (
    <div
      className={`rt-node rt-group${data.problems.length ? ' has-problems' : ''}`}
      data-testid={`group-node-${data.name}`}
    >
      <Handle
        type="target"
        position={Position.Left}
        id="in"
        className="rt-handle"
        data-testid={`group-in-${data.name}`}
      />
      <div className="rt-node-head">
        <span className="rt-kicker">Model group</span>
        <button
          type="button"
          className="rt-icon-btn nodrag"
          title="Delete this group"
          aria-label={`Delete group ${data.name}`}
          data-testid={`group-delete-${data.name}`}
          onClick={() => edit((tb) => removeGroup(tb, data.name))}
        >
          ×
        </button>
      </div>
      <input
        className="rt-group-name nodrag"
        value={name}
        aria-label="Group name"
        spellCheck={false}
        data-testid={`group-name-${data.name}`}
        onChange={(e) => setName(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
          if (e.key === 'Escape') setName(data.name);
        }}
      />
      <select
        className="rt-select nodrag"
        value={data.strategy}
        aria-label="Routing strategy"
        data-testid={`group-strategy-${data.name}`}
        onChange={(e) => edit((tb) => setStrategy(tb, data.name, e.target.value as ProposedGroup['strategy']))}
      >
        {STRATEGIES.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
      <TryItButton target={data.name} className="nodrag" testId={`group-try-${data.name}`} />
      <div className="rt-group-stats" data-testid={`group-traffic-${data.name}`}>
        {t && t.requests > 0 ? (
          <>
            <span>{t.requests} req</span>
            <span className={t.errors > 0 ? 'rt-bad' : ''}>{t.errors} err</span>
            {t.unserved > 0 && <span className="rt-bad">{t.unserved} unserved</span>}
            <span className="faint">15 min</span>
          </>
        ) : (
          <span className="faint">no traffic in 15 min</span>
        )}
      </div>
      {data.problems.length > 0 && (
        <ul className="rt-problems" data-testid={`group-problems-${data.name}`}>
          {data.problems.map((p) => (
            <li key={p} title={p}>
              {p}
            </li>
          ))}
        </ul>
      )}
      <Handle
        type="source"
        position={Position.Right}
        id="out"
        className="rt-handle rt-handle-out"
        data-testid={`group-out-${data.name}`}
        title="Drag to a target to route to it, or to a group to fall back to it"
      />
      <Handle
        type="source"
        position={Position.Bottom}
        id="cw"
        className="rt-handle rt-handle-cw"
        data-testid={`group-cw-${data.name}`}
        title="Drag to a group: where prompts too long for this group go"
      />
    </div>
  );
}
