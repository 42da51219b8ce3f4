// Docker hosts: list, add, remove. Add and remove throw ApiCallError for the form to show.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import type { Host } from '../lib/types';
import { idle, loadInto, loaded, type Loadable } from './loadable';
import type { AppState } from './app-state';

export interface HostsSlice {
  hosts: Loadable<Host[]>;
  loadHosts: () => Promise<void>;
  addHost: (input: { name: string; endpoint: string }) => Promise<Host>;
  removeHost: (id: string) => Promise<void>;
}

export const createHostsSlice = (api: Api): StateCreator<AppState, [], [], HostsSlice> => (set, get) => {
  const setHosts = (hosts: Host[]) => {
    set({ hosts: loaded(hosts) });
    get().applyCount('hosts', hosts.length);
  };
  return {
    hosts: idle(),
    loadHosts: () => loadInto(set, 'hosts', () => api.call('hosts.list')),
    addHost: async (input) => {
      const host = await api.call('hosts.add', input);
      setHosts([...(get().hosts.data ?? []).filter((h) => h.id !== host.id), host]);
      return host;
    },
    removeHost: async (id) => {
      await api.call('hosts.remove', { id });
      setHosts((get().hosts.data ?? []).filter((h) => h.id !== id));
    },
  };
};
