import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { explainSshError, knownHostsName, knownKeysFor } from './ssh-transport';

const key = (n: number) => Buffer.alloc(51, n);
const b64 = (n: number) => key(n).toString('base64');
const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts pinning for ssh:// hosts', () => {
  it('finds plain, hashed and [host]:port entries, and only for that host', () => {
    const text = [
      '# comment',
      `10.0.0.2 ssh-ed25519 ${b64(1)}`,
      `${hashed('10.0.0.3')} ssh-ed25519 ${b64(2)}`,
      `[10.0.0.2]:2222 ssh-ed25519 ${b64(3)}`,
      `other.example,10.0.0.9 ssh-rsa ${b64(4)}`,
    ].join('\n');
    expect(knownKeysFor(text, '10.0.0.2', 22).trusted).toEqual([key(1)]);
    expect(knownKeysFor(text, '10.0.0.3', 22).trusted).toEqual([key(2)]);
    expect(knownKeysFor(text, '10.0.0.2', 2222).trusted).toEqual([key(3)]);
    expect(knownKeysFor(text, '10.0.0.3', 2222).trusted).toEqual([]);
    expect(knownKeysFor(text, '10.0.0.9', 22).trusted).toEqual([key(4)]);
    expect(knownHostsName('h', 2222)).toBe('[h]:2222');
  });

  it('honours wildcards, negations and @revoked, and ignores @cert-authority', () => {
    const text = [
      `10.0.0.*,!10.0.0.7 ssh-ed25519 ${b64(5)}`,
      `@revoked 10.0.0.5 ssh-ed25519 ${b64(6)}`,
      `@cert-authority 10.0.0.5 ssh-ed25519 ${b64(7)}`,
    ].join('\n');
    expect(knownKeysFor(text, '10.0.0.5', 22)).toEqual({ trusted: [key(5)], revoked: [key(6)] });
    expect(knownKeysFor(text, '10.0.0.7', 22).trusted).toEqual([]);
    expect(knownKeysFor(text, '10.0.1.5', 22).trusted).toEqual([]);
  });

  it('explains a refused key and a refused login with what to do', () => {
    expect(explainSshError('ssh://root@10.0.0.2', { message: 'Host denied (verification failed)' })).toMatch(
      /refused: .*ssh-keyscan 10\.0\.0\.2 >> .*known_hosts/,
    );
    expect(
      explainSshError('ssh://root@10.0.0.2:2222', { message: 'All configured authentication methods failed' }),
    ).toMatch(/did not accept the key.*authorized_keys of root/);
    expect(explainSshError('ssh://root@10.0.0.2', { message: 'ECONNREFUSED' })).toBeNull();
  });
});
