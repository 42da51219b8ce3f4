// The OS keychain for provider secrets, over Electron's safeStorage (Keychain on macOS, DPAPI on
// Windows, libsecret/kwallet on Linux). Strings in, strings out, so the core can keep the
// ciphertext in a TEXT column. safeStorage is passed in; it may be used only after app 'ready'.
import type { SafeStorage } from 'electron';
import type { KeyWrapper } from '../core/secrets';

/** Marks the format, so a later scheme can be told apart from this one. */
const PREFIX = 'safestorage:v1:';
/** Marks a data key wrapped by the keychain (a bare key is exactly 32 bytes, with no marker). */
const KEY_MAGIC = Buffer.from('SYKC1:', 'ascii');

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export class KeychainUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `The OS keychain is not available (${reason}), so secrets cannot be stored encrypted. ` +
        'On Linux, install and unlock a Secret Service keyring (GNOME Keyring or KWallet), then restart Switchyard.',
    );
    this.name = 'KeychainUnavailableError';
  }
}

export class Keychain {
  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /**
   * Whether secrets can be encrypted with a key the OS protects. On Linux, safeStorage falls back
   * to a hard-coded password ("basic_text") when no keyring runs: that is obfuscation, not
   * encryption, and is refused here.
   */
  status(): { available: true } | { available: false; reason: string } {
    if (!this.safeStorage.isEncryptionAvailable())
      return { available: false, reason: 'safeStorage reports no encryption backend' };
    if (this.platform === 'linux') {
      const backend = this.safeStorage.getSelectedStorageBackend?.();
      if (backend === 'basic_text' || backend === 'unknown')
        return { available: false, reason: `the only backend found is "${backend}"` };
    }
    return { available: true };
  }

  encrypt(plain: string): string {
    const status = this.status();
    if (!status.available) throw new KeychainUnavailableError(status.reason);
    return PREFIX + this.safeStorage.encryptString(plain).toString('base64');
  }

  decrypt(sealed: string): string {
    if (!sealed.startsWith(PREFIX))
      throw new Error('This secret was not sealed by the Switchyard keychain (unknown format); enter it again.');
    const status = this.status();
    if (!status.available) throw new KeychainUnavailableError(status.reason);
    try {
      return this.safeStorage.decryptString(Buffer.from(sealed.slice(PREFIX.length), 'base64'));
    } catch (err) {
      throw new Error(
        `A stored secret could not be decrypted (${String(err)}). It was probably sealed by another OS user or machine: enter it again.`,
      );
    }
  }

  /**
   * The core's KeyWrapper for its data key (secret.key): wrapped with the OS keychain on write.
   * A bare key (written by `switchyard serve`, or before the keychain was available) is read as is.
   */
  keyWrapper(): KeyWrapper {
    return {
      wrap: (key) => Buffer.concat([KEY_MAGIC, Buffer.from(this.encrypt(key.toString('base64')), 'utf8')]),
      unwrap: (stored) => {
        if (!stored.subarray(0, KEY_MAGIC.length).equals(KEY_MAGIC)) return stored;
        return Buffer.from(this.decrypt(stored.subarray(KEY_MAGIC.length).toString('utf8')), 'base64');
      },
    };
  }
}
