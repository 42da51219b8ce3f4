// The Deploy page's data: the model catalog (loaded once, filtered on the page) and the two
// previews of a spec, the fit estimate and the Docker plan. Previews are not kept in the store:
// they belong to the form that asked, and throw ApiCallError for it to show.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import type { CatalogModel, DeploymentPlanView, DeploymentSpecInput, FitEstimate, FitRequest } from '../lib/types';
import { idle, loadInto, type Loadable } from './loadable';
import type { AppState } from './app-state';

export interface DeploySlice {
  catalog: Loadable<CatalogModel[]>;
  loadCatalog: () => Promise<void>;
  estimateFit: (request: FitRequest) => Promise<FitEstimate>;
  planDeployment: (spec: DeploymentSpecInput) => Promise<DeploymentPlanView>;
}

export const createDeploySlice =
  (api: Api): StateCreator<AppState, [], [], DeploySlice> =>
  (set, get) => ({
    catalog: idle(),
    loadCatalog: async () => {
      if (get().catalog.data) return; // bundled with the core: it does not change while it runs
      await loadInto(set, 'catalog', () => api.call('catalog.models', {}));
    },
    estimateFit: (request) => api.call('fit.estimate', request),
    planDeployment: (spec) => api.call('deployments.plan', { spec }),
  });
