// Providers: external OpenAI-compatible servers and cloud providers. API keys go to the core once
// and never come back; "test connection" lists the models a server offers. The cloud pricing
// table's models are the names a self-hosted engine's cloud equivalent may take.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import type { Provider } from '../../../shared/contract-access';
import { idle, loadInto, loaded } from './loadable';
import type { AppState, ProvidersSlice } from './state';

export type { AddProviderInput, UpdateProviderInput, TestProviderInput, ProvidersSlice } from './state';

export const createProvidersSlice =
  (api: Api): StateCreator<AppState, [], [], ProvidersSlice> =>
  (set, get) => {
    const upsert = (p: Provider) => {
      const list = get().providers.data ?? [];
      const next = list.some((x) => x.name === p.name)
        ? list.map((x) => (x.name === p.name ? p : x))
        : [...list, p].sort((a, b) => a.name.localeCompare(b.name));
      set({ providers: loaded(next) });
      return p;
    };
    return {
      providers: idle(),
      loadProviders: () => loadInto(set, 'providers', () => api.call('providers.list')),
      cloudModels: idle(),
      loadCloudModels: async () => {
        if (get().cloudModels.data) return;
        await loadInto(set, 'cloudModels', () => api.call('providers.cloudModels'));
      },
      addProvider: async (input) => upsert(await api.call('providers.add', input)),
      updateProvider: async (input) => upsert(await api.call('providers.update', input)),
      removeProvider: async (name) => {
        await api.call('providers.remove', { name });
        set({ providers: loaded((get().providers.data ?? []).filter((p) => p.name !== name)) });
      },
      testProvider: (input) => api.call('providers.test', input),
    };
  };
