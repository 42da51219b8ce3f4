// Deployments: the list (replaced whole by `deployments.changed`), each one's start progress
// (server state: reloaded from `deployments.progress` when a page mounts, kept live by the
// `deployments.progress` event), and the lifecycle commands. Commands throw ApiCallError for the
// page to show; the list and progress then follow from the events the core emits.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import { forgetPrediction, rememberPrediction } from '../lib/predictions';
import { mergeProgress } from '../lib/progress';
import type { Deployment } from '../lib/types';
import { idle, loadInto, loaded } from './loadable';
import type { AppState, DeploymentsSlice } from './state';

export type { DeploymentsSlice } from './state';

export const createDeploymentsSlice =
  (api: Api): StateCreator<AppState, [], [], DeploymentsSlice> =>
  (set, get) => {
    const upsert = (deployment: Deployment) => {
      const list = get().deployments.data ?? [];
      const next = list.some((d) => d.id === deployment.id)
        ? list.map((d) => (d.id === deployment.id ? deployment : d))
        : [...list, deployment];
      get().applyDeployments(next);
    };
    const loadProgress = async (name: string) => {
      const progress = await api.call('deployments.progress', { name }).catch(() => null);
      if (progress) get().applyProgress(progress);
    };
    return {
      deployments: idle(),
      modelGroups: idle(),
      progress: {},
      loadDeployments: () => loadInto(set, 'deployments', () => api.call('deployments.list')),
      loadModelGroups: () => loadInto(set, 'modelGroups', () => api.call('modelGroups.list')),
      applyDeployments: (deployments) => {
        set({ deployments: loaded(deployments) });
        get().applyCount('deployments', deployments.length);
      },
      loadAllProgress: async () => {
        await Promise.all((get().deployments.data ?? []).map((d) => loadProgress(d.name)));
      },
      applyProgress: (progress) => set({ progress: mergeProgress(get().progress, progress) }),
      createDeployment: async (spec, prediction) => {
        const deployment = await api.call('deployments.create', { spec });
        if (prediction) rememberPrediction(deployment.id, prediction);
        upsert(deployment);
        void loadProgress(deployment.name);
        return deployment;
      },
      startDeployment: async (name) => {
        upsert(await api.call('deployments.start', { name }));
      },
      stopDeployment: async (name) => {
        upsert(await api.call('deployments.stop', { name }));
        await loadProgress(name);
      },
      restartDeployment: async (name) => {
        await api.call('deployments.stop', { name });
        upsert(await api.call('deployments.start', { name }));
      },
      removeDeployment: async (name) => {
        const gone = (get().deployments.data ?? []).find((d) => d.name === name);
        await api.call('deployments.remove', { name });
        if (gone) forgetPrediction(gone.id);
        const { [name]: _removed, ...rest } = get().progress;
        set({ progress: rest });
        get().forgetSamples(name);
        get().applyDeployments((get().deployments.data ?? []).filter((d) => d.name !== name));
      },
      readLogs: async (name, tail) => (await api.call('deployments.logs', { name, tail })).lines,
      reconcile: async () => {
        const report = await api.call('deployments.reconcile');
        await get().loadDeployments();
        await get().loadAllProgress();
        return report;
      },
      adopt: async (hostId, name) => {
        upsert(await api.call('deployments.adopt', { hostId, name }));
        await loadProgress(name);
      },
    };
  };
