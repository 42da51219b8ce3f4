// Deployments and model groups: read-only lists for now, the deployments list replaced whole by
// `deployments.changed` push events.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import type { Deployment, ModelGroup } from '../lib/types';
import { idle, loadInto, loaded, type Loadable } from './loadable';
import type { AppState } from './app-state';

export interface DeploymentsSlice {
  deployments: Loadable<Deployment[]>;
  modelGroups: Loadable<ModelGroup[]>;
  loadDeployments: () => Promise<void>;
  loadModelGroups: () => Promise<void>;
  applyDeployments: (deployments: Deployment[]) => void;
}

export const createDeploymentsSlice = (api: Api): StateCreator<AppState, [], [], DeploymentsSlice> => (set, get) => ({
  deployments: idle(),
  modelGroups: idle(),
  loadDeployments: () => loadInto(set, 'deployments', () => api.call('deployments.list')),
  loadModelGroups: () => loadInto(set, 'modelGroups', () => api.call('modelGroups.list')),
  applyDeployments: (deployments) => {
    set({ deployments: loaded(deployments) });
    get().applyCount('deployments', deployments.length);
  },
});
