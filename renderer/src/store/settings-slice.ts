// Settings: loaded once, saved as a partial update, replaced by `settings.changed` push events.
// `restartRequired` stays set after a save that needs one (ports), until the app restarts.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import type { Settings } from '../lib/types';
import { idle, loadInto, loaded, type Loadable } from './loadable';
import type { AppState } from './app-state';

export interface SettingsSlice {
  settings: Loadable<Settings>;
  restartRequired: boolean;
  loadSettings: () => Promise<void>;
  /** Throws ApiCallError on bad input so the form can show it beside the field. */
  saveSettings: (patch: Partial<Settings>) => Promise<{ restartRequired: boolean }>;
  /** Returns the new master key; it is deliberately not kept in the store. */
  rotateMasterKey: () => Promise<string>;
  applySettings: (settings: Settings) => void;
}

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
