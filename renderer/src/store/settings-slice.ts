// Settings: loaded once, saved as a partial update, replaced by `settings.changed` push events.
// `restartRequired` stays set after a save that needs one (ports), until the app restarts.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import { idle, loadInto, loaded } from './loadable';
import type { AppState, SettingsSlice } from './state';

export type { SettingsSlice } from './state';

export const createSettingsSlice =
  (api: Api): StateCreator<AppState, [], [], SettingsSlice> =>
  (set, get) => ({
    settings: idle(),
    restartRequired: false,
    loadSettings: () => loadInto(set, 'settings', () => api.call('settings.get')),
    saveSettings: async (patch) => {
      const result = await api.call('settings.update', patch);
      set({ settings: loaded(result.settings), restartRequired: get().restartRequired || result.restartRequired });
      return { restartRequired: result.restartRequired };
    },
    rotateMasterKey: async () => (await api.call('settings.rotateMasterKey')).masterKey,
    applySettings: (settings) => set({ settings: loaded(settings) }),
  });
