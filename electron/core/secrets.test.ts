import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataKey, openSecretBox, secretBox, SECRET_KEY_FILE } from './secrets';

describe('SecretBox', () => {
  it('round-trips and never stores the plain text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-secret-'));
    const box = secretBox(loadDataKey(dir));
    const cipher = box.encrypt('sk-provider-key-123');
    expect(cipher).not.toContain('sk-provider');
    expect(box.decrypt(cipher)).toBe('sk-provider-key-123');
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
    expect(statSync(join(dir, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(secretBox(loadDataKey(dir)).decrypt(cipher)).toBe('sk-provider-key-123');
  });

  it('says what to do when the key changed or the file is damaged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-secret-'));
    const cipher = secretBox(loadDataKey(dir)).encrypt('x');
    const other = secretBox(loadDataKey(mkdtempSync(join(tmpdir(), 'sy-secret-'))));
    expect(() => other.decrypt(cipher)).toThrow(/Enter the provider key again/);
    writeFileSync(join(dir, SECRET_KEY_FILE), readFileSync(join(dir, SECRET_KEY_FILE)).subarray(0, 10));
    expect(() => loadDataKey(dir)).toThrow(/not a Switchyard secret key/);
  });

  it('headless on a folder whose key the desktop sealed: runs, and only using a secret says why it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-secret-'));
    const wrapper = {
      wrap: (k: Buffer) => Buffer.concat([Buffer.from('SYKC1:'), Buffer.from(k.map((x) => x ^ 1))]),
      unwrap: (s: Buffer) => Buffer.from(s.subarray(6).map((x) => x ^ 1)),
    };
    const desktop = openSecretBox(dir, wrapper);
    const cipher = desktop.box.encrypt('sk-provider');
    expect(openSecretBox(dir, wrapper).box.decrypt(cipher)).toBe('sk-provider');
    const headless = openSecretBox(dir);
    expect(headless.key).toBeNull();
    expect(() => headless.box.decrypt(cipher)).toThrow(
      /sealed by the Switchyard desktop app's OS keychain.*Open this data folder with the desktop app/,
    );
  });
});
