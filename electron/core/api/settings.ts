// settings.*: edit settings and rotate the master key.
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { rotateMasterKey } from '../master-key';

export const HF_TOKEN_SECRET = 'hfTokenCipher';

/** The stored Hugging Face token, decrypted, or null. */
export function huggingFaceToken(ctx: Pick<CoreContext, 'store' | 'secrets'>): string | null {
  const cipher = ctx.store.settings.getPrivate(HF_TOKEN_SECRET);
  return cipher ? ctx.secrets.decrypt(cipher) : null;
}

type SettingsCalls =
  | 'settings.get'
  | 'settings.update'
  | 'settings.rotateMasterKey'
  | 'settings.setHuggingFaceToken'
  | 'settings.huggingFaceTokenStatus';

export function settingsHandlers(ctx: CoreContext): Pick<Handlers, SettingsCalls> {
  return {
    'settings.setHuggingFaceToken': ({ token }) => {
      ctx.store.settings.setPrivate(HF_TOKEN_SECRET, token ? ctx.secrets.encrypt(token) : '');
      return { configured: Boolean(token) };
    },
    'settings.huggingFaceTokenStatus': () => ({ configured: Boolean(ctx.store.settings.getPrivate(HF_TOKEN_SECRET)) }),
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
