// The Docker hosts Switchyard may deploy to, as the admin API changes them: added (a TLS folder only
// for tcp://, names unique), checked, given a VRAM budget, removed (never the local one, never one
// that still has deployments). Hosts are not routing state: no change to announce.
import type { DockerStatus, Host } from '../../../shared/schemas';
import { ApiError } from '../errors';
import type { Store } from '../store';
import { LOCAL_HOST_ID } from '../store/hosts';
import { tlsFilesIn } from './connection';
import { probeEngine } from './engine-probe';

export function addHost(
  store: Store,
  { name, endpoint, tlsCertDir }: { name: string; endpoint: string; tlsCertDir?: string | null },
): Host {
  if (tlsCertDir) {
    if (!endpoint.startsWith('tcp://'))
      throw new ApiError('invalid_input', 'A TLS certificate folder is for tcp:// endpoints only.', [
        { path: 'tlsCertDir', message: 'only with tcp://' },
      ]);
    try {
      tlsFilesIn(tlsCertDir);
    } catch (err) {
      throw new ApiError('invalid_input', (err as Error).message, [
        { path: 'tlsCertDir', message: 'missing ca.pem, cert.pem or key.pem' },
      ]);
    }
  }
  if (store.hosts.findByName(name))
    throw new ApiError('conflict', `A host named "${name}" already exists: choose another name.`, [
      { path: 'name', message: 'already in use' },
    ]);
  return store.hosts.add(name, endpoint, tlsCertDir ?? null);
}

/** Whether the host's engine answers; the local one through `probeLocal` (the core's short cache). */
export function checkHost(store: Store, id: string, probeLocal: () => Promise<DockerStatus>): Promise<DockerStatus> {
  const host = store.hosts.get(id);
  if (!host) throw new ApiError('not_found', `No host with id "${id}".`);
  return id === LOCAL_HOST_ID ? probeLocal() : probeEngine(host.endpoint, host.tlsCertDir);
}

export function setHostVramBudget(store: Store, id: string, vramBudgetGib: number | null): Host {
  const host = store.hosts.setVramBudget(id, vramBudgetGib);
  if (!host) throw new ApiError('not_found', `No host with id "${id}".`);
  return host;
}

export function removeHost(store: Store, id: string): boolean {
  if (id === LOCAL_HOST_ID) throw new ApiError('conflict', 'The local Docker host cannot be removed.');
  if (!store.hosts.get(id)) throw new ApiError('not_found', `No host with id "${id}".`);
  const inUse = store.hosts.deploymentCount(id);
  if (inUse > 0) throw new ApiError('conflict', `This host still has ${inUse} deployment(s): remove them first.`);
  return store.hosts.remove(id);
}
