// The configured Docker hosts, each removable.
import { useState } from 'react';
import { ConfirmButton } from '../../components/ConfirmButton';
import { TrashIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import type { Host } from '../../lib/types';
import { actions } from '../../store';

function transport(endpoint: string): string {
  const scheme = endpoint.split(':')[0];
  return { unix: 'Local socket', npipe: 'Local pipe', ssh: 'SSH', tcp: 'TCP' }[scheme] ?? scheme;
}

export function HostsTable({ hosts }: { hosts: Host[] }) {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const remove = async (id: string) => {
    setBusyId(id);
    setError(null);
    try {
      await actions().removeHost(id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusyId(null);
    }
  };

  return (
    <>
      {error && <Notice tone="danger" title="Not removed" testId="hosts-remove-error">{error}</Notice>}
      <div className="table-wrap">
        <table className="table" data-testid="hosts-table">
          <thead>
            <tr><th>Name</th><th>Endpoint</th><th>Connection</th><th>Added</th><th aria-label="Actions" /></tr>
          </thead>
          <tbody>
            {hosts.map((host) => (
              <tr key={host.id} data-testid={`host-row-${host.id}`}>
                <td className="cell-primary">{host.name}</td>
                <td className="mono">{host.endpoint}</td>
                <td>{transport(host.endpoint)}</td>
                <td className="nowrap">{formatDateTime(host.createdAt)}</td>
                <td className="cell-actions">
                  <ConfirmButton label="Remove" confirmLabel="Remove host" icon={<TrashIcon />} testId={`host-remove-${host.id}`} busy={busyId === host.id} onConfirm={() => remove(host.id)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
