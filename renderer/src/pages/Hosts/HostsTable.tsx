// The configured Docker hosts: how each is reached and whether it answers, each removable. The
// local engine has its reachability check (system.checkDocker); a remote one is checked when its
// row appears and then followed by the core's health probe (unreachable: the reason and since when).
import { useEffect } from 'react';
import { ConfirmButton } from '../../components/ConfirmButton';
import { TrashIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { useRowAction } from '../../components/use-row-action';
import { Badge } from '../../components/Status';
import { formatDateTime } from '../../lib/format';
import { isLocalHost } from '../../lib/gpu-view';
import type { DockerStatus, Host } from '../../lib/types';
import { actions, useAppStore } from '../../store';

function transport(endpoint: string): string {
  const scheme = endpoint.split(':')[0];
  return { unix: 'Local socket', npipe: 'Local pipe', ssh: 'SSH', tcp: 'TCP' }[scheme] ?? scheme;
}

export function HostsTable({
  hosts,
  docker,
  checking,
}: {
  hosts: Host[];
  docker: DockerStatus | null;
  checking: boolean;
}) {
  const { busyId, error, run: remove } = useRowAction((id) => actions().removeHost(id));

  return (
    <>
      {error && (
        <Notice tone="danger" title="Not removed" testId="hosts-remove-error">
          {error}
        </Notice>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="hosts-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Endpoint</th>
              <th>Connection</th>
              <th>Docker</th>
              <th>Added</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {hosts.map((host) => (
              <tr key={host.id} data-testid={`host-row-${host.id}`}>
                <td className="cell-primary">{host.name}</td>
                <td className="mono">{host.endpoint}</td>
                <td>{transport(host.endpoint)}</td>
                <td data-testid={`host-reachable-${host.id}`}>
                  <Reachability host={host} docker={docker} checking={checking} />
                </td>
                <td className="nowrap">{formatDateTime(host.createdAt)}</td>
                <td className="cell-actions">
                  <ConfirmButton
                    label="Remove"
                    confirmLabel="Remove host"
                    icon={<TrashIcon />}
                    testId={`host-remove-${host.id}`}
                    busy={busyId === host.id}
                    onConfirm={() => remove(host.id)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Reachability({ host, docker, checking }: { host: Host; docker: DockerStatus | null; checking: boolean }) {
  if (!isLocalHost(host, docker)) return <RemoteReachability host={host} />;
  return <EngineStatus docker={docker} checking={checking} />;
}

/**
 * A remote engine is asked for its facts when its row appears (the local one comes with the
 * Overview's check); after that the core's health probe, listed with the host, says whether it
 * still answers and, when not, why and since when.
 */
function RemoteReachability({ host }: { host: Host }) {
  const status = useAppStore((s) => s.engines[host.id]);
  useEffect(() => {
    void actions().checkHost(host.id);
  }, [host.id, host.endpoint]);
  const health = host.health;
  if (health && !health.reachable)
    return (
      <>
        <Badge tone="danger">Unreachable</Badge>
        <div className="cell-secondary cell-reason" data-testid={`host-unreachable-reason-${host.id}`}>
          {health.problem ?? `Nothing answered at ${host.endpoint}.`} Since {formatDateTime(health.since)}; its
          deployments are marked unreachable and the gateway uses their groups' other targets.
        </div>
      </>
    );
  // A check made while the host was away is stale once the probe hears it again.
  const facts = status && health?.reachable && !status.reachable ? null : status;
  if (!facts && health?.reachable) return <Badge tone="ok">Reachable</Badge>;
  return <EngineStatus docker={facts ?? null} checking={!facts} />;
}

function EngineStatus({ docker, checking }: { docker: DockerStatus | null; checking: boolean }) {
  if (!docker) return <span className="faint small">{checking ? 'checking…' : '—'}</span>;
  if (docker.reachable) {
    return (
      <>
        <Badge tone="ok">Reachable</Badge>
        {docker.version && <div className="cell-secondary">Docker {docker.version}</div>}
      </>
    );
  }
  return (
    <>
      <Badge tone="danger">Unreachable</Badge>
      <div className="cell-secondary cell-reason">{docker.problem ?? `Nothing answered at ${docker.endpoint}.`}</div>
    </>
  );
}
