// The replica-join token: what `switchyard gateway --join` presents to the instance's replica
// routes. Issued on the instance's machine (`switchyard gateway token`), shown once, stored only as
// its sha256 hash in the instance's settings; issuing another replaces it (the old one stops
// working at the next request). It opens the replica routes only, never the admin calls or the
// master key's gateway rights, and it outlives restarts of `serve` (the admin token does not).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store';
import { hashKey } from '../store/keys';

const SETTING = 'replicaJoinTokenHash';
const PREFIX = 'syr-';

/** Makes a new join token, stores its hash (replacing any earlier one) and returns it: shown once. */
export function issueJoinToken(store: Store): string {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  store.settings.setPrivate(SETTING, hashKey(token));
  return token;
}

/** Whether `given` is the current join token (constant-time on the hashes); false when none was issued. */
export function joinTokenMatches(store: Store, given: string | null): boolean {
  const stored = store.settings.getPrivate(SETTING);
  if (!stored || !given) return false;
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(hashKey(given), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
