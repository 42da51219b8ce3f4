// settings.*: edit settings, rotate the master key, the Hugging Face token (instance-settings.ts
// does the work).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import {
  huggingFaceTokenConfigured,
  replaceMasterKey,
  setHuggingFaceToken,
  updateSettings,
} from '../instance-settings';

type SettingsCalls =
  | 'settings.get'
  | 'settings.update'
  | 'settings.rotateMasterKey'
  | 'settings.setHuggingFaceToken'
  | 'settings.huggingFaceTokenStatus';

export function settingsHandlers(ctx: CoreContext): Pick<Handlers, SettingsCalls> {
  return {
    'settings.setHuggingFaceToken': ({ token }) => setHuggingFaceToken(ctx, token),
    'settings.huggingFaceTokenStatus': () => ({ configured: huggingFaceTokenConfigured(ctx) }),
    'settings.get': () => ctx.store.settings.get(),
    'settings.update': (change) => updateSettings(ctx, change),
    'settings.rotateMasterKey': () => ({ masterKey: replaceMasterKey(ctx) }),
  };
}
