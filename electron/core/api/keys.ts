// keys.*: virtual keys from the admin UI (the gateway's /key/* routes share the same store).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { ApiError } from './errors';
import { hashKey } from '../store/keys';

export function keysHandlers(ctx: CoreContext): Pick<Handlers, 'keys.list' | 'keys.create' | 'keys.revoke'> {
  const { keys } = ctx.store;
  const changed = () => {
    ctx.gateway.reload();
    ctx.events.emit('keys.changed', { count: keys.count() });
  };
  return {
    'keys.list': () => keys.list(),
    'keys.create': (spec) => {
      const created = keys.create(spec);
      changed();
      return created;
    },
    'keys.revoke': ({ id }) => {
      // The key itself (sk-…) is accepted as well as its id, as LiteLLM's /key/delete does.
      const found = id.startsWith('sk-') ? keys.findByHash(hashKey(id)) : keys.get(id);
      const revoked = found && keys.revoke(found.id);
      if (!revoked) throw new ApiError('not_found', `No key with id "${id}".`);
      changed();
      return revoked;
    },
  };
}
