// The master key: given (--master-key / SWITCHYARD_MASTER_KEY) or generated at first start and
// shown once. Only its hash is stored, beside the virtual keys' hashes.
import { timingSafeEqual } from 'node:crypto';
import type { SettingsRepo } from './store/settings';
import { hashKey, newSecretKey } from './store/keys';

const MASTER_KEY_HASH = 'masterKeyHash';

/** Returns the new key when one was generated (the caller prints it once), else null. */
export function ensureMasterKey(settings: SettingsRepo, given?: string): string | null {
  if (given) {
    if (!given.startsWith('sk-')) throw new Error('The master key must start with "sk-" (as LiteLLM\'s does).');
    settings.setPrivate(MASTER_KEY_HASH, hashKey(given));
    return null;
  }
  if (settings.getPrivate(MASTER_KEY_HASH)) return null;
  return rotateMasterKey(settings);
}

export function rotateMasterKey(settings: SettingsRepo): string {
  const key = newSecretKey();
  settings.setPrivate(MASTER_KEY_HASH, hashKey(key));
  return key;
}

export function isMasterKey(settings: SettingsRepo, candidate: string): boolean {
  const stored = settings.getPrivate(MASTER_KEY_HASH);
  if (!stored) return false;
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(hashKey(candidate), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
