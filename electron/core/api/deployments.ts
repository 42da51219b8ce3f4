// Admin calls of click-to-deploy: fit estimate, catalog, deployment plan and lifecycle, GPUs.
// The DeploymentService does the work and throws ApiError itself; the fit estimate's and the Hub
// search's own errors are given the contract's codes here.
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { ApiError } from '../errors';
import { catalogModels, searchCatalog } from '../docker/catalog';
import type { DeploymentService } from '../docker/service';
import { fitFor, ModelConfigError } from '../fit';
import { HubUnavailableError, searchHub } from '../docker/hub-search';
import { huggingFaceToken } from '../instance-settings';

type DeploymentCalls =
  | 'fit.estimate'
  | 'catalog.models'
  | 'deployments.plan'
  | 'deployments.create'
  | 'deployments.start'
  | 'deployments.stop'
  | 'deployments.remove'
  | 'deployments.logs'
  | 'deployments.progress'
  | 'deployments.reconcile'
  | 'deployments.adopt'
  | 'hosts.gpus'
  | 'catalog.searchHub';

async function mapped<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ModelConfigError) throw new ApiError('invalid_input', err.message);
    throw err;
  }
}

export function deploymentsHandlers(ctx: CoreContext, service: DeploymentService): Pick<Handlers, DeploymentCalls> {
  return {
    'catalog.searchHub': async ({ query, limit }) => {
      try {
        return await searchHub(query, { limit, accessToken: huggingFaceToken(ctx) });
      } catch (err) {
        if (err instanceof HubUnavailableError) throw new ApiError('unavailable', err.message);
        throw err;
      }
    },
    'fit.estimate': (input) => mapped(() => fitFor(input)),
    'catalog.models': ({ query }) => (query ? searchCatalog(query) : catalogModels()),
    'deployments.plan': ({ spec }) => mapped(() => service.plan(spec)),
    'deployments.create': ({ spec }) => mapped(() => service.create(spec)),
    'deployments.start': ({ name }) => mapped(() => service.startDeployment(name)),
    'deployments.stop': ({ name }) => mapped(() => service.stopDeployment(name)),
    'deployments.remove': ({ name }) => mapped(async () => ({ removed: await service.removeDeployment(name) })),
    'deployments.logs': ({ name, tail }) => mapped(async () => ({ lines: await service.logs(name, tail) })),
    'deployments.progress': ({ name }) => mapped(() => service.progress(name)),
    'deployments.reconcile': () => mapped(() => service.reconcile()),
    'deployments.adopt': ({ hostId, name }) => mapped(() => service.adopt(hostId, name)),
    'hosts.gpus': ({ hostId, refresh }) => mapped(() => service.gpus(hostId, refresh)),
  };
}
