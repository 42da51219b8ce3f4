// Docker hosts: list, add, remove, and each host's GPUs (nvidia-smi run by the core in a
// short-lived container; the last discovery is cached there, `refresh` runs it again).
// Add and remove throw ApiCallError for the form to show.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import { ApiCallError } from '../api/client';
import { errorMessage } from '../lib/errors';
import type { DockerStatus, GpuInventory, Host } from '../lib/types';
import { idle, loadInto, loaded, type Loadable } from './loadable';
import type { AppState, HostsSlice } from './state';

export type { HostsSlice } from './state';

export const createHostsSlice =
  (api: Api): StateCreator<AppState, [], [], HostsSlice> =>
  (set, get) => {
    const setHosts = (hosts: Host[]) => {
      set({ hosts: loaded(hosts) });
      get().applyCount('hosts', hosts.length);
    };
    const patchGpus = (hostId: string, patch: Partial<Loadable<GpuInventory>>) =>
      set({ gpus: { ...get().gpus, [hostId]: { ...(get().gpus[hostId] ?? idle<GpuInventory>()), ...patch } } });
    return {
      hosts: idle(),
      gpus: {},
      engines: {},
      checkHost: async (id) => {
        const host = get().hosts.data?.find((h) => h.id === id);
        const status = await api.call('hosts.check', { id }).catch(
          (err): DockerStatus => ({
            reachable: false,
            endpoint: host?.endpoint ?? '',
            version: null,
            apiVersion: null,
            problem: errorMessage(err),
            nvidiaRuntime: false,
          }),
        );
        set({ engines: { ...get().engines, [id]: status } });
      },
      loadHosts: () => loadInto(set, 'hosts', () => api.call('hosts.list')),
      addHost: async (input) => {
        const host = await api.call('hosts.add', input);
        setHosts([...(get().hosts.data ?? []).filter((h) => h.id !== host.id), host]);
        return host;
      },
      removeHost: async (id) => {
        await api.call('hosts.remove', { id });
        setHosts((get().hosts.data ?? []).filter((h) => h.id !== id));
        const { [id]: _gone, ...rest } = get().gpus;
        set({ gpus: rest });
      },
      loadGpus: async (hostId, refresh = false) => {
        patchGpus(hostId, { loading: true });
        try {
          patchGpus(hostId, {
            data: await api.call('hosts.gpus', { hostId, refresh }),
            loading: false,
            error: null,
            errorCode: null,
          });
        } catch (err) {
          patchGpus(hostId, {
            loading: false,
            error: errorMessage(err),
            errorCode: err instanceof ApiCallError ? err.code : null,
          });
        }
      },
    };
  };
