// hosts.*: the Docker hosts Switchyard may deploy to.
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { ApiError } from './errors';
import { LOCAL_HOST_ID } from '../store/hosts';
import { probeEngine } from '../docker/engine-probe';

export function hostsHandlers(ctx: CoreContext): Pick<Handlers, 'hosts.list' | 'hosts.add' | 'hosts.remove' | 'hosts.setVramBudget' | 'hosts.check'> {
  const { hosts } = ctx.store;
  return {
    'hosts.list': () => hosts.list(),
    'hosts.add': ({ name, endpoint }) => {
      if (hosts.findByName(name)) throw new ApiError('conflict', `A host named "${name}" already exists: choose another name.`, [{ path: 'name', message: 'already in use' }]);
      return hosts.add(name, endpoint);
    },
    'hosts.check': ({ id }) => {
      const host = hosts.get(id);
      if (!host) throw new ApiError('not_found', `No host with id "${id}".`);
      return id === LOCAL_HOST_ID ? ctx.docker(true) : probeEngine(host.endpoint);
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
