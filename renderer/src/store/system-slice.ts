// Instance state: version, data dir, database, counts, Docker reachability and the gateway
// process. The gateway part is kept current by `gateway.status` push events.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import { idle, loadInto } from './loadable';
import type { AppState, SystemSlice } from './state';

export type { SystemSlice } from './state';

export const createSystemSlice =
  (api: Api): StateCreator<AppState, [], [], SystemSlice> =>
  (set, get) => ({
    system: idle(),
    gateway: null,
    dockerCheck: idle(),
    loadSystem: async () => {
      await loadInto(set, 'system', () => api.call('system.status'));
      const status = get().system.data;
      if (status) {
        set({ gateway: status.gateway });
        if (!get().dockerCheck.data) set({ dockerCheck: { ...get().dockerCheck, data: status.docker } });
      }
    },
    checkDocker: async () => {
      await loadInto(set, 'dockerCheck', () => api.call('system.checkDocker'));
      const docker = get().dockerCheck.data;
      const system = get().system.data;
      if (docker && system) set({ system: { ...get().system, data: { ...system, docker } } });
    },
    applyGatewayStatus: (gateway) => {
      const system = get().system.data;
      set(system ? { gateway, system: { ...get().system, data: { ...system, gateway } } } : { gateway });
    },
    applyCount: (name, value) => {
      const system = get().system.data;
      if (!system) return;
      set({ system: { ...get().system, data: { ...system, counts: { ...system.counts, [name]: value } } } });
    },
  });
