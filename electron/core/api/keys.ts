// keys.*: virtual keys from the admin UI (the gateway's /key/* routes share the same store).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { ApiError } from './errors';

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
      const revoked = keys.revoke(id);
      if (!revoked) throw new ApiError('not_found', `No key with id "${id}".`);
      changed();
      return revoked;
    },
  };
}
