// keys.*: virtual keys from the admin UI (the gateway's /key/* routes share the same store).
// Spend and reset dates are shown for the current budget period.
import type { VirtualKey } from '../../../shared/schemas';
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { ApiError } from './errors';
import { iso } from '../clock';
import { currentBudgetPeriod, keyBudget } from '../budget-period';
import { hashKey } from '../store/keys';

export function keysHandlers(ctx: CoreContext): Pick<Handlers, 'keys.list' | 'keys.create' | 'keys.revoke'> {
  const { keys } = ctx.store;
  const changed = () => {
    ctx.gateway.reload();
    ctx.events.emit('keys.changed', { count: keys.count() });
  };
  const inPeriod = (k: VirtualKey): VirtualKey => {
    const period = currentBudgetPeriod(keyBudget(k), ctx.clock.now());
    return { ...k, spendUsd: period.spendUsd, budgetResetAt: iso(period.resetAt), budgetExhausted: period.exhausted };
  };
  return {
    'keys.list': () => keys.list().map(inPeriod),
    'keys.create': (spec) => {
      if (spec.teamId && !ctx.store.teams.get(spec.teamId)) {
        throw new ApiError(
          'invalid_input',
          `keys.create: teamId: no team with id "${spec.teamId}"; create it first (teams.create) or leave it out.`,
          [{ path: 'teamId', message: 'no such team' }],
        );
      }
      const created = keys.create(spec);
      changed();
      return created;
    },
    'keys.revoke': ({ id }) => {
      // The key itself (sk-…) is accepted as well as its id, as LiteLLM's /key/delete does.
      const found = id.startsWith('sk-') ? keys.findByHash(hashKey(id)) : keys.get(id);
      const revoked = found && keys.revoke(found.id);
      if (!revoked) throw new ApiError('not_found', `No key with id "${id}".`);
      changed();
      return inPeriod(revoked);
    },
  };
}
