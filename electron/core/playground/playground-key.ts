// The Playground's gateway key. The renderer must never hold a key (and its CSP reaches only its own
// origin), so the core mints one virtual key, alias "playground", the first time a chat is sent in
// this run of the app, keeps it in memory only, and revokes the previous run's (a key is shown once:
// one that was not kept cannot be used again). It has no budget or model list of its own, like the
// admin; its spend shows on the Keys and Spend pages under its alias.
import { createKey, revokeKey, type KeysDeps } from '../access/keys';

export const PLAYGROUND_KEY_ALIAS = 'playground';

export class PlaygroundKey {
  private key: string | null = null;

  constructor(private readonly deps: KeysDeps) {}

  get(): string {
    if (this.key) return this.key;
    for (const k of this.deps.store.keys.list())
      if (k.alias === PLAYGROUND_KEY_ALIAS && !k.revokedAt) revokeKey(this.deps, k.id);
    this.key = createKey(this.deps, { alias: PLAYGROUND_KEY_ALIAS, models: [] }).key;
    return this.key;
  }
}
