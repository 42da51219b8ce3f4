// settings.*: edit settings and rotate the master key.
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { rotateMasterKey } from '../master-key';

export function settingsHandlers(ctx: CoreContext): Pick<Handlers, 'settings.get' | 'settings.update' | 'settings.rotateMasterKey'> {
  return {
    'settings.get': () => ctx.store.settings.get(),
    'settings.update': (change) => {
      const before = ctx.store.settings.get();
      const settings = ctx.store.settings.update(change);
      const restartRequired = ctx.applySettings(before, settings);
      ctx.events.emit('settings.changed', settings);
      return { settings, restartRequired };
    },
    'settings.rotateMasterKey': () => {
      const masterKey = rotateMasterKey(ctx.store.settings);
      ctx.gateway.reload(); // the gateway holds the old hash in memory
      return { masterKey };
    },
  };
}
