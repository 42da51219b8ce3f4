// What checking against Docker found: deployments linked to their containers, deployments whose
// container is gone, unreachable hosts, and switchyard containers no deployment claims (which
// can be adopted back when they carry their spec).
import { useState } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { DockerIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { errorMessage } from '../../lib/errors';
import type { ReconcileReport } from '../../lib/types';
import { actions } from '../../store';

export function ReconcileCard({ report, onDismiss }: { report: ReconcileReport; onDismiss: () => void }) {
  const [adopting, setAdopting] = useState<string | null>(null);
  const [adopted, setAdopted] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  const adopt = async (hostId: string, name: string) => {
    setAdopting(name);
    setError(null);
    try {
      await actions().adopt(hostId, name);
      setAdopted((a) => [...a, name]);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setAdopting(null);
    }
  };

  const orphans = report.orphans.filter((o) => !adopted.includes(o.deployment));
  return (
    <Card
      title="Checked against Docker"
      icon={<DockerIcon />}
      testId="deployments-reconcile-report"
      actions={
        <Button size="sm" variant="ghost" onClick={onDismiss} testId="deployments-reconcile-dismiss">
          Dismiss
        </Button>
      }
    >
      <p data-testid="deployments-reconcile-summary">
        {report.linked.length} deployment{report.linked.length === 1 ? '' : 's'} matched to{' '}
        {report.linked.length === 1 ? 'its container' : 'their containers'}
        {report.missing.length > 0 && (
          <>
            ; container gone for <strong>{report.missing.join(', ')}</strong> (deploy again or remove)
          </>
        )}
        {orphans.length === 0 && report.missing.length === 0 && '; nothing else to report'}.
      </p>
      {report.unreachableHosts.map((h) => (
        <Notice key={h.hostId} tone="warn" title={`Host ${h.hostId} is unreachable`}>
          {h.problem}
        </Notice>
      ))}
      {error && (
        <Notice tone="danger" title="Not adopted" testId="deployments-adopt-error">
          {error}
        </Notice>
      )}
      {orphans.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="deployments-orphans">
            <thead>
              <tr>
                <th>Unclaimed container</th>
                <th>Image</th>
                <th>State</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {orphans.map((o) => (
                <tr key={o.containerId}>
                  <td>
                    <div className="cell-primary">{o.deployment}</div>
                    <div className="cell-secondary mono">
                      {o.containerId.slice(0, 12)} · {o.hostId}
                    </div>
                  </td>
                  <td className="mono small">{o.image}</td>
                  <td>{o.state}</td>
                  <td className="cell-actions">
                    {o.adoptable ? (
                      <Button
                        size="sm"
                        busy={adopting === o.deployment}
                        onClick={() => void adopt(o.hostId, o.deployment)}
                        testId={`deployments-adopt-${o.deployment}`}
                      >
                        Adopt
                      </Button>
                    ) : (
                      <span className="faint small">no spec label: remove it with docker rm</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
