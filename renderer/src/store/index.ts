// The app's bound store and its hooks. Components read through selectors; event handlers and
// effects call actions through `actions()` without subscribing.
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { api } from '../api/client';
import { createAppState, type AppState } from './app-state';

export type { AppState } from './app-state';

export const useAppStore = create<AppState>()(createAppState(api));

/** Picks several fields at once without re-rendering when none of them changed. */
export function useAppPick<T extends object>(selector: (state: AppState) => T): T {
  return useAppStore(useShallow(selector));
}

/** The store's actions, for effects and event handlers (stable references). */
export const actions = (): AppState => useAppStore.getState();

/** Back to the initial state (tests, and after switching instances). */
export function resetAppStore(): void {
  useAppStore.setState(useAppStore.getInitialState(), true);
}
