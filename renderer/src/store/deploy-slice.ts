// The Deploy page's data: the model catalog (loaded once, filtered on the page) and the two
// previews of a spec, the fit estimate and the Docker plan. Previews are not kept in the store:
// they belong to the form that asked, and throw ApiCallError for it to show.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import { idle, loadInto } from './loadable';
import type { AppState, DeploySlice } from './state';

export type { DeploySlice } from './state';

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
