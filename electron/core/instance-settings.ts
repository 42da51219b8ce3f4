// Settings as the admin API changes them: the settings themselves, the master key and the Hugging
// Face token (encrypted, beside the private settings). Each write announces itself (changes.ts).
import type { Settings } from '../../shared/schemas';
import type { ChangeNotice } from './changes';
import { rotateMasterKey } from './master-key';
import type { SecretBox } from './secrets';
import type { Store } from './store';

const HF_TOKEN_SECRET = 'hfTokenCipher';

/** The stored Hugging Face token, decrypted, or null. */
export function huggingFaceToken({ store, secrets }: { store: Store; secrets: SecretBox }): string | null {
  const cipher = store.settings.getPrivate(HF_TOKEN_SECRET);
  return cipher ? secrets.decrypt(cipher) : null;
}

/** Stores the token encrypted ('' or null clears it). Read per deploy: nothing else needs telling. */
export function setHuggingFaceToken(
  { store, secrets }: { store: Store; secrets: SecretBox },
  token: string | null | undefined,
): { configured: boolean } {
  store.settings.setPrivate(HF_TOKEN_SECRET, token ? secrets.encrypt(token) : '');
  return { configured: Boolean(token) };
}

export function huggingFaceTokenConfigured({ store }: { store: Store }): boolean {
  return Boolean(store.settings.getPrivate(HF_TOKEN_SECRET));
}

export interface SettingsDeps {
  store: Store;
  changes: ChangeNotice;
  /** Applies changed ports to the running servers where possible; true when a restart is needed. */
  applySettings(before: Settings, after: Settings): boolean;
}

export function updateSettings(
  { store, changes, applySettings }: SettingsDeps,
  change: Partial<Settings>,
): { settings: Settings; restartRequired: boolean } {
  const before = store.settings.get();
  const settings = store.settings.update(change);
  const restartRequired = applySettings(before, settings);
  changes.publish({ kind: 'settings', settings });
  return { settings, restartRequired };
}

/** A new master key, shown once; the old one stops working at once. */
export function replaceMasterKey({ store, changes }: Pick<SettingsDeps, 'store' | 'changes'>): string {
  const masterKey = rotateMasterKey(store.settings);
  changes.publish({ kind: 'master-key' });
  return masterKey;
}
