// The deployments list: name and model, lifecycle state (with the reason when it failed), where
// it runs and on which port.
import { Badge } from '../../components/Status';
import { useNow } from '../../components/use-now';
import { formatRelative } from '../../lib/format';
import { deploymentLabel, deploymentTone } from '../../lib/status';
import type { Deployment } from '../../lib/types';

export function DeploymentsTable({ deployments, hostNames }: { deployments: Deployment[]; hostNames: Map<string, string> }) {
  const now = useNow();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="deployments-table">
        <thead>
          <tr><th>Deployment</th><th>State</th><th>Host</th><th>Image</th><th>Port</th><th>Created</th></tr>
        </thead>
        <tbody>
          {deployments.map((d) => (
            <tr key={d.id} data-testid={`deployment-row-${d.id}`} data-state={d.state}>
              <td>
                <div className="cell-primary">{d.name}</div>
                <div className="cell-secondary">
                  <span className="mono">{d.servedModelName}</span>
                  {d.model !== d.servedModelName && <span className="faint"> · {d.model}</span>}
                </div>
              </td>
              <td>
                <Badge tone={deploymentTone(d.state)} testId={`deployment-state-${d.id}`}>{deploymentLabel(d.state)}</Badge>
                {d.stateReason && <div className="cell-secondary cell-reason">{d.stateReason}</div>}
              </td>
              <td>{hostNames.get(d.hostId) ?? <span className="mono faint">{d.hostId}</span>}</td>
              <td className="mono small">{d.image}</td>
              <td className="mono">{d.port ?? '—'}</td>
              <td className="nowrap">{formatRelative(d.createdAt, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
