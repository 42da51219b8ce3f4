// The Connect page's state: the setup (gateway URL, groups and their tool-call readiness), the
// client, key and group chosen, a key made here (held only while the page is open), and each
// client's last test. Its own small store, since only this page and the Deployments cards read it.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { ConnectClient } from '../../../../shared/connect-snippets';
import type { ConnectSetup, ConnectTestResult } from '../../../../shared/contract-connect';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { actions } from '../../store';
import { idle, type Loadable, loadInto } from '../../store/loadable';
import type { CreatedKey } from './connect-view';

export interface ClientTest {
  busy: boolean;
  result: ConnectTestResult | null;
  /** The admin call itself failed (not the gateway's answer, which is in `result`). */
  error: string | null;
}

interface ConnectState {
  setup: Loadable<ConnectSetup>;
  client: ConnectClient;
  /** A key's id, or '' for none (the snippets then say where to paste one). */
  keyId: string;
  group: string | null;
  created: CreatedKey | null;
  tests: Partial<Record<ConnectClient, ClientTest>>;
  loadSetup: () => Promise<void>;
  pick: (patch: Partial<Pick<ConnectState, 'client' | 'keyId' | 'group'>>) => void;
  /** Makes a key named after the client and shows it once; returns the API's error message, if any. */
  createKeyFor: (client: ConnectClient, alias: string) => Promise<string | null>;
  forgetCreatedKey: () => void;
  test: (client: ConnectClient, group: string) => Promise<void>;
}

export const useConnectStore = create<ConnectState>()((set, get) => ({
  setup: idle(),
  client: 'claude-code',
  keyId: '',
  group: null,
  created: null,
  tests: {},
  loadSetup: () => loadInto(set, 'setup', () => api.call('connect.setup')),
  pick: (patch) => set(patch),
  createKeyFor: async (_client, alias) => {
    try {
      const { key, info } = await api.call('keys.create', { alias, models: [] });
      set({ created: { id: info.id, key }, keyId: info.id });
      void actions().loadKeys();
      return null;
    } catch (err) {
      return errorMessage(err);
    }
  },
  forgetCreatedKey: () => set({ created: null }),
  test: async (client, group) => {
    const patch = (t: ClientTest) => set({ tests: { ...get().tests, [client]: t } });
    patch({ busy: true, result: get().tests[client]?.result ?? null, error: null });
    try {
      const result = await api.call('connect.test', { client, group, keyId: get().keyId || undefined });
      patch({ busy: false, result, error: null });
    } catch (err) {
      patch({ busy: false, result: null, error: errorMessage(err) });
    }
  },
}));

/** A deployment's tool-call readiness for its card, from the setup (loaded when the card first asks). */
export function useDeploymentToolCalls(name: string) {
  const verdict = useConnectStore((s) => s.setup.data?.deployments[name] ?? null);
  const known = verdict !== null;
  // Read again for a deployment the last setup did not have (it was made since).
  useEffect(() => {
    const { setup, loadSetup } = useConnectStore.getState();
    if (!known && !setup.loading) void loadSetup();
  }, [known]);
  return verdict;
}
