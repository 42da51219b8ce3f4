// SecretBox: encrypts secrets at rest (provider API keys, the Hugging Face token) with AES-256-GCM.
// The data key lives in `secret.key` (mode 0600) in the data dir; the desktop shell may wrap it with
// the OS keychain. Ciphertexts are "v1:<iv>:<tag>:<data>" in base64url.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(cipher: string): string;
}

export const SECRET_KEY_FILE = 'secret.key';

/** Optional wrapping of the data key on disk (the OS keychain on the desktop). */
export interface KeyWrapper {
  wrap(key: Buffer): Buffer;
  unwrap(stored: Buffer): Buffer;
}

/** The data key is sealed by the desktop app's OS keychain and this process has no keychain. */
export class SealedDataKeyError extends Error {
  constructor(path: string) {
    super(
      `${path} is sealed by the Switchyard desktop app's OS keychain, so stored provider keys cannot be read here. ` +
        'Open this data folder with the desktop app, or use another --data-dir for headless mode.',
    );
    this.name = 'SealedDataKeyError';
  }
}

/** What the desktop's Keychain.keyWrapper() writes before a sealed key (electron/main/keychain.ts). */
const SEALED_MAGIC = Buffer.from('SYKC1:', 'ascii');

/**
 * The SecretBox of a data folder. Where the key is sealed by the desktop's keychain and no
 * wrapper is given (headless `serve` on the desktop's folder), everything else still runs and
 * only using a secret fails, with a message saying why.
 */
export function openSecretBox(dataDir: string, wrapper?: KeyWrapper): { box: SecretBox; key: Buffer | null } {
  try {
    const key = loadDataKey(dataDir, wrapper);
    return { box: secretBox(key), key };
  } catch (err) {
    if (!(err instanceof SealedDataKeyError)) throw err;
    const refuse = (): never => {
      throw err;
    };
    return { box: { encrypt: refuse, decrypt: refuse }, key: null };
  }
}

export function loadDataKey(dataDir: string, wrapper?: KeyWrapper): Buffer {
  const path = join(dataDir, SECRET_KEY_FILE);
  if (!existsSync(path)) {
    const key = randomBytes(32);
    writeFileSync(path, wrapper ? wrapper.wrap(key) : key, { mode: 0o600 });
    chmodSync(path, 0o600);
    return key;
  }
  const stored = readFileSync(path);
  if (!wrapper && stored.subarray(0, SEALED_MAGIC.length).equals(SEALED_MAGIC)) throw new SealedDataKeyError(path);
  const key = wrapper ? wrapper.unwrap(stored) : stored;
  if (key.length !== 32)
    throw new Error(
      `${path} is not a Switchyard secret key (expected 32 bytes). Restore it from a backup, or delete it and enter provider keys again.`,
    );
  return key;
}

export function secretBox(key: Buffer): SecretBox {
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        data.toString('base64url'),
      ].join(':');
    },
    decrypt(text) {
      const [version, iv, tag, data] = text.split(':');
      if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('Not a Switchyard ciphertext.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error(
          'A stored secret could not be decrypted: secret.key changed since it was saved. Enter the provider key again.',
        );
      }
    },
  };
}
