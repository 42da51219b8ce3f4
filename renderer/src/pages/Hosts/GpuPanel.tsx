// One host's GPUs as nvidia-smi reports them (run by Docker in a short-lived container): name,
// memory used of total, utilisation, temperature and power, re-read every 15 s while shown. A host
// without the NVIDIA runtime says plainly what it can still run.
import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { GpuIcon, RefreshIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { formatMib, formatReading, hostGpuState, memoryShare, NO_RUNTIME_MESSAGE } from '../../lib/gpu-view';
import type { DockerStatus, GpuInventory, Host } from '../../lib/types';
import type { Loadable } from '../../store/loadable';
import { actions } from '../../store';

export const GPU_REFRESH_MS = 15_000;

export function GpuPanel({
  host,
  docker,
  inventory,
}: {
  host: Host;
  docker: DockerStatus | null;
  inventory: Loadable<GpuInventory> | undefined;
}) {
  const state = hostGpuState(host, docker, inventory?.data ?? null);
  const hasGpus = state.kind === 'gpus';
  const testId = `host-gpus-${host.id}`;

  useEffect(() => {
    void actions().loadGpus(host.id);
  }, [host.id]);
  useEffect(() => {
    if (!hasGpus) return;
    const timer = setInterval(() => void actions().loadGpus(host.id, true), GPU_REFRESH_MS);
    return () => clearInterval(timer);
  }, [host.id, hasGpus]);

  const subtitle =
    state.kind === 'gpus'
      ? `${state.gpus.length} GPU${state.gpus.length === 1 ? '' : 's'}${state.driverVersion ? ` · driver ${state.driverVersion}` : ''}${state.unifiedMemory ? ' · unified memory' : ''}`
      : host.endpoint;
  return (
    <Card
      title={`GPUs on ${host.name}`}
      subtitle={subtitle}
      icon={<GpuIcon />}
      testId={testId}
      actions={
        <Button
          size="sm"
          variant="ghost"
          icon={<RefreshIcon />}
          busy={inventory?.loading}
          onClick={() => void actions().loadGpus(host.id, true)}
          testId={`${testId}-refresh`}
          aria-label="Look for GPUs again"
          title="Run nvidia-smi again"
        />
      }
    >
      {inventory?.error && (
        <Notice tone="danger" title="GPU discovery failed" testId={`${testId}-error`}>
          {inventory.error}
        </Notice>
      )}
      {state.kind === 'checking' && !inventory?.error && (
        <p className="muted" data-testid={`${testId}-checking`}>
          Looking for GPUs: nvidia-smi runs in a short-lived container…
        </p>
      )}
      {state.kind === 'unreachable' && (
        <Notice tone="warn" title="Docker is not reachable" testId={`${testId}-unreachable`}>
          {state.problem}
        </Notice>
      )}
      {state.kind === 'no-runtime' && (
        <Notice tone="info" testId={`${testId}-no-runtime`}>
          {NO_RUNTIME_MESSAGE}
          {state.detail && <div className="muted small">{state.detail}</div>}
        </Notice>
      )}
      {state.kind === 'gpus' && (
        <div className="table-wrap">
          <table className="table" data-testid={`${testId}-table`}>
            <thead>
              <tr>
                <th>GPU</th>
                <th>Memory</th>
                <th>Utilisation</th>
                <th className="num">Temperature</th>
                <th className="num">Power</th>
              </tr>
            </thead>
            <tbody>
              {state.gpus.map((g) => {
                const mem = memoryShare(g);
                return (
                  <tr key={g.uuid} data-testid={`gpu-${host.id}-${g.index}`}>
                    <td>
                      <div className="cell-primary">
                        {g.index} · {g.name}
                      </div>
                      <div className="cell-secondary mono" title={g.uuid}>
                        {g.uuid.slice(0, 16)}…
                      </div>
                    </td>
                    <td>
                      <div className="small">
                        {formatMib(g.memoryUsedMib)} of {formatMib(g.memoryTotalMib)}
                      </div>
                      {mem !== null && (
                        <div className="meter">
                          <span
                            className={`meter-fill${mem > 0.9 ? ' is-high' : ''}`}
                            style={{ width: `${mem * 100}%` }}
                          />
                        </div>
                      )}
                    </td>
                    <td>
                      <div className="small">{formatReading(g.utilizationPct, '%')}</div>
                      {g.utilizationPct !== null && (
                        <div className="meter">
                          <span className="meter-fill" style={{ width: `${Math.min(100, g.utilizationPct)}%` }} />
                        </div>
                      )}
                    </td>
                    <td className="num">{formatReading(g.temperatureC, '°C')}</td>
                    <td className="num">{formatReading(g.powerDrawW, 'W')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
