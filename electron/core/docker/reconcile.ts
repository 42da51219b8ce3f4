// Docker is the truth: each host's containers are matched to the deployments the store holds —
// linked (and their starts watched again), missing (reported stopped), or orphans (adoptable when
// their spec label reads) — and a host that does not answer is reported with the reason.
import type { Host } from '../../../shared/schemas';
import type { OrphanContainer, ReconcileReport } from '../../../shared/deployment-schemas';
import { listManagedContainers } from './containers';
import type { DeploymentRuntime } from './deployment-runtime';
import { explainDockerError } from './engine-probe';
import { progressOf, startExisting } from './lifecycle';

export const emptyReport = (): ReconcileReport => ({ linked: [], missing: [], orphans: [], unreachableHosts: [] });

export async function reconcileHosts(rt: DeploymentRuntime, hosts: Host[]): Promise<ReconcileReport> {
  const report = emptyReport();
  for (const host of hosts) await reconcileHost(rt, host, report);
  return report;
}

/** One host into `report`; false when its engine did not answer. */
export async function reconcileHost(rt: DeploymentRuntime, host: Host, report: ReconcileReport): Promise<boolean> {
  let containers: Awaited<ReturnType<typeof listManagedContainers>>;
  try {
    containers = await listManagedContainers(rt.docker(host));
  } catch (err) {
    report.unreachableHosts.push({ hostId: host.id, problem: explainDockerError(host.endpoint, err) });
    return false;
  }
  const mine = rt.store.deployments.list().filter((r) => r.hostId === host.id);
  for (const row of mine) {
    const c = containers.find((x) => x.deployment === row.name);
    if (!c) {
      report.missing.push(row.name);
      if (row.state !== 'stopped' || !row.stateReason)
        rt.report(
          progressOf(row.name, 'stopped', rt.now(), {
            failure: {
              kind: 'engine-error',
              reason: 'Its container is gone (removed outside Switchyard): deploy it again.',
              evidence: 'no container',
            },
          }),
        );
      continue;
    }
    report.linked.push(row.name);
    rt.store.deployments.setContainer(row.name, c.containerId, rt.now());
    if (c.state === 'running' || c.state === 'restarting') {
      if (!rt.isWatching(row.name))
        rt.watch(row.name, (signal, rep) =>
          startExisting(rt.lifecycle(host), row.name, rt.baseUrl(row), rep, { signal }).catch((err) =>
            rt.failedOnError(row.name, err),
          ),
        );
    } else if (row.state !== 'failed' && row.state !== 'stopped') {
      rt.report(progressOf(row.name, 'stopped', rt.now(), { detail: `container ${c.state}` }));
    }
  }
  for (const c of containers.filter((x) => !mine.some((r) => r.name === x.deployment))) {
    const orphan: OrphanContainer = {
      hostId: host.id,
      deployment: c.deployment,
      containerId: c.containerId,
      image: c.image,
      state: c.state,
      adoptable: c.spec !== null,
    };
    report.orphans.push(orphan);
  }
  return true;
}

/** One line for the log: what reconciling with Docker found. */
export function describeReconcile(r: ReconcileReport): string {
  const parts = [`${r.linked.length} deployment(s) linked`];
  if (r.missing.length) parts.push(`missing: ${r.missing.join(', ')}`);
  if (r.orphans.length) parts.push(`${r.orphans.length} unclaimed switchyard container(s)`);
  for (const h of r.unreachableHosts) parts.push(`host ${h.hostId} unreachable: ${h.problem}`);
  return parts.join('; ');
}
