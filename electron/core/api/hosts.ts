// hosts.*: the Docker hosts Switchyard may deploy to (docker/host-registry.ts does the work).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { addHost, checkHost, removeHost, setHostVramBudget } from '../docker/host-registry';

export function hostsHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'hosts.list' | 'hosts.add' | 'hosts.remove' | 'hosts.setVramBudget' | 'hosts.check'> {
  return {
    'hosts.list': () => ctx.store.hosts.list(),
    'hosts.add': (input) => addHost(ctx.store, input),
    'hosts.check': ({ id }) => checkHost(ctx.store, id, () => ctx.docker(true)),
    'hosts.setVramBudget': ({ id, vramBudgetGib }) => setHostVramBudget(ctx.store, id, vramBudgetGib),
    'hosts.remove': ({ id }) => ({ removed: removeHost(ctx.store, id) }),
  };
}
