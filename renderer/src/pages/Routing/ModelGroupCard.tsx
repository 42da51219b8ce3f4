// One model group: strategy, targets with weight and order, and its fallback chain.
import { Card } from '../../components/Card';
import { ArrowRightIcon } from '../../components/icons';
import type { ModelGroup } from '../../lib/types';

const strategyLabels: Record<ModelGroup['strategy'], string> = {
  'simple-shuffle': 'Weighted shuffle',
  'least-busy': 'Least busy',
  'latency-based-routing': 'Lowest latency',
  'cost-based-routing': 'Lowest cost',
  'kv-aware': 'KV-cache aware',
};

const kindLabels: Record<ModelGroup['targets'][number]['kind'], string> = {
  deployment: 'Deployment',
  endpoint: 'Endpoint',
};

export function ModelGroupCard({ group }: { group: ModelGroup }) {
  const totalWeight = group.targets.reduce((sum, t) => sum + t.weight, 0);
  return (
    <Card title={<span className="mono">{group.name}</span>} subtitle={strategyLabels[group.strategy]} testId={`model-group-${group.name}`}>
      {group.targets.length === 0 ? (
        <p className="muted">No targets: requests for this group fail until one is added.</p>
      ) : (
        <table className="table table-compact">
          <thead><tr><th>Target</th><th>Kind</th><th>Weight</th><th>Order</th></tr></thead>
          <tbody>
            {group.targets.map((t) => (
              <tr key={`${t.kind}:${t.ref}`}>
                <td className="mono">{t.ref}</td>
                <td>{kindLabels[t.kind]}</td>
                <td>{totalWeight > 0 ? `${t.weight} (${Math.round((t.weight / totalWeight) * 100)}%)` : t.weight}</td>
                <td>{t.order}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Chain label="Fallbacks" names={group.fallbacks} testId={`model-group-fallbacks-${group.name}`} />
      {group.contextWindowFallbacks.length > 0 && (
        <Chain label="If the prompt is too long" names={group.contextWindowFallbacks} testId={`model-group-context-fallbacks-${group.name}`} />
      )}
    </Card>
  );
}

/** A fallback chain: the groups tried in order when this one fails. */
function Chain({ label, names, testId }: { label: string; names: string[]; testId: string }) {
  return (
    <div className="chain" data-testid={testId}>
      <span className="chain-label">{label}</span>
      {names.length === 0 ? (
        <span className="faint">none</span>
      ) : (
        names.map((name, i) => (
          <span className="chain-step" key={name}>
            {i > 0 && <ArrowRightIcon size={12} />}
            <span className="chip mono">{name}</span>
          </span>
        ))
      )}
    </div>
  );
}
