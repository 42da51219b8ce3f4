// keys.*: virtual keys from the admin UI (access/keys.ts does the work; the gateway's /key/* routes
// share the same store).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { createKey, listKeys, revokeKey, setKeyBlocked } from '../access/keys';

export function keysHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'keys.list' | 'keys.create' | 'keys.revoke' | 'keys.setBlocked'> {
  return {
    'keys.list': () => listKeys(ctx),
    'keys.create': (spec) => createKey(ctx, spec),
    'keys.revoke': ({ id }) => revokeKey(ctx, id),
    'keys.setBlocked': ({ id, blocked }) => setKeyBlocked(ctx, id, blocked),
  };
}
