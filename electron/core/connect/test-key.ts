// The key the Connect page's "Test it" requests are sent with. The renderer never holds the master
// key (only its hash is stored anyway) and a chosen key exists in full only in the user's hands, so
// the core mints a virtual key of its own, "connect-test": it lives only in this process's memory
// (the store keeps its hash, as for every key), is limited to 60 requests a minute, and the one an
// earlier run left is revoked when a new one is made. Test requests are logged and charged to it,
// never to the user's keys.
import { createKey, type KeysDeps } from '../access/keys';
import { hashKey } from '../store/keys';

export const CONNECT_TEST_ALIAS = 'connect-test';
const PURPOSE = { switchyard: 'connect-test' } as const;

export class ConnectTestKey {
  private key: string | null = null;

  constructor(private readonly deps: KeysDeps) {}

  /** The key, and whether it was just made (the gateway may not have loaded it yet). */
  get(): { key: string; fresh: boolean } {
    const { store } = this.deps;
    if (this.key) {
      const stored = store.keys.findByHash(hashKey(this.key));
      if (stored && !stored.revokedAt) return { key: this.key, fresh: false };
    }
    // Revoked by hand on the Keys page, or left by an earlier run: only the newest one is live.
    for (const k of store.keys.list()) {
      if (k.alias !== CONNECT_TEST_ALIAS || k.revokedAt) continue;
      if (store.keys.details(k.id)?.metadata.switchyard === PURPOSE.switchyard) store.keys.revoke(k.id);
    }
    const { key } = createKey(this.deps, {
      alias: CONNECT_TEST_ALIAS,
      models: [],
      rpmLimit: 60,
      metadata: { ...PURPOSE },
    });
    this.key = key;
    return { key, fresh: true };
  }
}
