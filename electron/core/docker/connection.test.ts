import { afterEach, describe, expect, it } from 'vitest';
import { connectionKey } from './connection';

describe('connectionKey', () => {
  const before = process.env.SWITCHYARD_SSH_DIR;
  afterEach(() => {
    if (before === undefined) delete process.env.SWITCHYARD_SSH_DIR;
    else process.env.SWITCHYARD_SSH_DIR = before;
  });

  it('changes for an ssh:// host when the ssh folder changes, so a client with old keys is not reused', () => {
    const host = { id: 'h1', endpoint: 'ssh://root@10.0.0.2', tlsCertDir: null };
    process.env.SWITCHYARD_SSH_DIR = '/tmp/a';
    const first = connectionKey(host);
    process.env.SWITCHYARD_SSH_DIR = '/tmp/b';
    expect(connectionKey(host)).not.toBe(first);
    process.env.SWITCHYARD_SSH_DIR = '/tmp/a';
    expect(connectionKey(host)).toBe(first);
  });

  it('changes when the endpoint or TLS folder of a host is edited, and not for the ssh folder on tcp://', () => {
    const host = { id: 'h1', endpoint: 'tcp://10.0.0.2:2376', tlsCertDir: '/certs' };
    const first = connectionKey(host);
    process.env.SWITCHYARD_SSH_DIR = '/tmp/c';
    expect(connectionKey(host)).toBe(first);
    expect(connectionKey({ ...host, tlsCertDir: '/other' })).not.toBe(first);
    expect(connectionKey({ ...host, endpoint: 'tcp://10.0.0.3:2376' })).not.toBe(first);
  });
});
