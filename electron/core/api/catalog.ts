// Read-only lists of deployments, model groups and recent requests.
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';

export function catalogHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'deployments.list' | 'modelGroups.list' | 'requests.recent'> {
  return {
    'deployments.list': () => ctx.store.deployments.list(),
    'modelGroups.list': () => ctx.store.modelGroups.list(),
    'requests.recent': ({ limit }) => ctx.store.requestLog.recent(limit),
  };
}
