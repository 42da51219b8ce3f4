// Finding 11: every unknown key's hash was kept until the next reload, so a flood of random keys
// grew the gateway without any authentication. The unknown-key cache and the token→hash memo are
// LRUs now; a real gateway over a real store takes 50,000 random keys and still knows its own.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_CACHE_ENTRIES } from '../../electron/core/gateway/auth';
import { MASTER_KEY, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture';

let f: GatewayFixture;
let realKey: string;

beforeAll(async () => {
  f = await startGatewayFixture(() => ({ groups: [] }));
  realKey = f.store.keys.create({ alias: 'real', models: [] }).key;
  f.rt.reload();
});
afterAll(() => f?.close());

const randomKey = () => `sk-${randomBytes(18).toString('base64url')}`;

describe('finding 11: the unknown-key cache is bounded', () => {
  it('50,000 random keys leave both caches at their bound; the real key and the master key still pass', () => {
    expect(f.rt.keys.authenticate(realKey).ok).toBe(true);
    for (let i = 0; i < 50_000; i++) {
      const result = f.rt.keys.authenticate(randomKey());
      if (result.ok) throw new Error('a random key authenticated');
      // A very long token is hashed each time and never memoised.
      if (i % 5_000 === 0) expect(f.rt.keys.authenticate(`sk-${'x'.repeat(4_000)}${i}`).ok).toBe(false);
    }
    const sizes = f.rt.keys.cacheSizes();
    expect(sizes.unknown).toBe(KEY_CACHE_ENTRIES);
    expect(sizes.hashes).toBe(KEY_CACHE_ENTRIES);
    expect(sizes.known).toBe(1);
    expect(f.rt.keys.authenticate(realKey)).toMatchObject({ ok: true, principal: { alias: 'real' } });
    expect(f.rt.keys.authenticate(MASTER_KEY)).toMatchObject({ ok: true, principal: { isMaster: true } });
  });

  it('over HTTP: a flood of random keys is 401 each, and the real key is served after it', async () => {
    const models = (key: string) =>
      fetch(`${f.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);
    for (let round = 0; round < 5; round++) {
      const statuses = await Promise.all(Array.from({ length: 100 }, () => models(randomKey())));
      expect(new Set(statuses)).toEqual(new Set([401]));
    }
    expect(await models(realKey)).toBe(200);
    expect(f.rt.keys.cacheSizes().unknown).toBeLessThanOrEqual(KEY_CACHE_ENTRIES);
  });

  it('a revoked key is refused after the reload that follows its revocation, even when it was cached', () => {
    const { key, info } = f.store.keys.create({ alias: 'soon-gone', models: [] });
    f.rt.reload();
    expect(f.rt.keys.authenticate(key).ok).toBe(true);
    f.store.keys.revoke(info.id);
    f.rt.reload();
    expect(f.rt.keys.authenticate(key)).toMatchObject({ ok: false, message: expect.stringMatching(/revoked/) });
  });
});
