// Virtual keys as the admin API and the CLI change them: created, revoked, and shown with their
// spend and reset date for the current budget period. The gateway's /key/* routes share the store.
import type { VirtualKey } from '../../../shared/schemas';
import { currentBudgetPeriod, keyBudget } from '../budget-period';
import type { ChangeNotice } from '../changes';
import { iso, type Clock } from '../clock';
import { ApiError } from '../errors';
import type { Store } from '../store';
import { hashKey, type NewKey } from '../store/keys';

export interface KeysDeps {
  store: Store;
  changes: ChangeNotice;
  clock: Clock;
}

/** A key as the Keys page shows it: spend and reset date of its current budget period. */
export function keyInPeriod(k: VirtualKey, now: number): VirtualKey {
  const period = currentBudgetPeriod(keyBudget(k), now);
  return { ...k, spendUsd: period.spendUsd, budgetResetAt: iso(period.resetAt), budgetExhausted: period.exhausted };
}

export function listKeys({ store, clock }: KeysDeps): VirtualKey[] {
  const now = clock.now();
  return store.keys.list().map((k) => keyInPeriod(k, now));
}

export function createKey({ store, changes }: KeysDeps, spec: NewKey) {
  if (spec.teamId && !store.teams.get(spec.teamId)) {
    throw new ApiError(
      'invalid_input',
      `keys.create: teamId: no team with id "${spec.teamId}"; create it first (teams.create) or leave it out.`,
      [{ path: 'teamId', message: 'no such team' }],
    );
  }
  const created = store.keys.create(spec);
  changes.publish({ kind: 'keys' });
  return created;
}

/** A key by its id or by the key itself (sk-…), as LiteLLM's /key/delete accepts. */
const findKey = (store: Store, id: string) =>
  id.startsWith('sk-') ? store.keys.findByHash(hashKey(id)) : store.keys.get(id);

export function revokeKey({ store, changes, clock }: KeysDeps, id: string): VirtualKey {
  const found = findKey(store, id);
  const revoked = found && store.keys.revoke(found.id);
  if (!revoked) throw new ApiError('not_found', `No key with id "${id}".`);
  changes.publish({ kind: 'keys' });
  return keyInPeriod(revoked, clock.now());
}

/** Blocks or unblocks a live key; the gateway hears of it through the change notice before its next request. */
export function setKeyBlocked({ store, changes, clock }: KeysDeps, id: string, blocked: boolean): VirtualKey {
  const found = findKey(store, id);
  if (!found || found.revokedAt)
    throw new ApiError('not_found', `No live key with id "${id}"${found ? ' (it is revoked)' : ''}.`);
  const updated = store.keys.update(found.id, { blocked })!;
  changes.publish({ kind: 'keys' });
  return keyInPeriod(updated, clock.now());
}
