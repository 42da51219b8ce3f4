// hosts.*: the Docker hosts Switchyard may deploy to.
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { ApiError } from '../errors';
import { LOCAL_HOST_ID } from '../store/hosts';
import { probeEngine } from '../docker/engine-probe';
import { tlsFilesIn } from '../docker/connection';

export function hostsHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'hosts.list' | 'hosts.add' | 'hosts.remove' | 'hosts.setVramBudget' | 'hosts.check'> {
  const { hosts } = ctx.store;
  return {
    'hosts.list': () => hosts.list(),
    'hosts.add': ({ name, endpoint, tlsCertDir }) => {
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
      if (hosts.findByName(name))
        throw new ApiError('conflict', `A host named "${name}" already exists: choose another name.`, [
          { path: 'name', message: 'already in use' },
        ]);
      return hosts.add(name, endpoint, tlsCertDir ?? null);
    },
    'hosts.check': ({ id }) => {
      const host = hosts.get(id);
      if (!host) throw new ApiError('not_found', `No host with id "${id}".`);
      return id === LOCAL_HOST_ID ? ctx.docker(true) : probeEngine(host.endpoint, host.tlsCertDir);
    },
    'hosts.setVramBudget': ({ id, vramBudgetGib }) => {
      const host = hosts.setVramBudget(id, vramBudgetGib);
      if (!host) throw new ApiError('not_found', `No host with id "${id}".`);
      return host;
    },
    'hosts.remove': ({ id }) => {
      if (id === LOCAL_HOST_ID) throw new ApiError('conflict', 'The local Docker host cannot be removed.');
      if (!hosts.get(id)) throw new ApiError('not_found', `No host with id "${id}".`);
      const inUse = hosts.deploymentCount(id);
      if (inUse > 0) throw new ApiError('conflict', `This host still has ${inUse} deployment(s): remove them first.`);
      return { removed: hosts.remove(id) };
    },
  };
}
