// Virtual keys: list, create (the full key is returned to the caller once, never stored here)
// revoke, block and unblock. `keys.changed` push events trigger a reload.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import type { VirtualKey } from '../lib/types';
import { idle, loadInto, loaded } from './loadable';
import type { AppState, KeysSlice } from './state';

export type { CreateKeyInput, KeysSlice } from './state';

export const createKeysSlice =
  (api: Api): StateCreator<AppState, [], [], KeysSlice> =>
  (set, get) => {
    const upsert = (key: VirtualKey) => {
      const list = get().keys.data ?? [];
      const next = list.some((k) => k.id === key.id) ? list.map((k) => (k.id === key.id ? key : k)) : [key, ...list];
      set({ keys: loaded(next) });
    };
    return {
      keys: idle(),
      loadKeys: () => loadInto(set, 'keys', () => api.call('keys.list')),
      createKey: async (input) => {
        const { key, info } = await api.call('keys.create', input);
        upsert(info);
        // A team's key count changed.
        if (info.teamId) void get().loadTeams();
        return key;
      },
      revokeKey: async (id) => {
        const revoked = await api.call('keys.revoke', { id });
        upsert(revoked);
        if (revoked.teamId) void get().loadTeams();
        void get().loadBudgetAlerts();
      },
      setKeyBlocked: async (id, blocked) => {
        upsert(await api.call('keys.setBlocked', { id, blocked }));
      },
    };
  };
