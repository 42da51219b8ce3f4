// teams.*: teams share a budget and rate limits across their keys (the gateway's /team/* routes
// use the same store). Spend is shown for the current budget period.
import type { Team } from '../../../shared/contract-access';
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { ApiError } from './errors';
import { iso } from '../clock';
import { currentBudgetPeriod, teamBudget } from '../budget-period';
import type { Team as StoredTeam } from '../store/teams';

export function teamsHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'teams.list' | 'teams.create' | 'teams.update' | 'teams.remove'> {
  const { teams } = ctx.store;
  const toTeam = (t: StoredTeam, counts = teams.keyCounts()): Team => {
    const period = currentBudgetPeriod(teamBudget(t), ctx.clock.now());
    return {
      id: t.id,
      alias: t.alias,
      maxBudgetUsd: t.maxBudgetUsd,
      budgetDuration: t.budgetDuration,
      spendUsd: period.spendUsd,
      budgetResetAt: iso(period.resetAt),
      budgetExhausted: period.exhausted,
      rpmLimit: t.rpmLimit,
      tpmLimit: t.tpmLimit,
      keyCount: counts.get(t.id) ?? 0,
    };
  };
  const find = (id: string): StoredTeam => {
    const team = teams.get(id);
    if (!team) throw new ApiError('not_found', `No team with id "${id}".`, [{ path: 'id', message: 'no such team' }]);
    return team;
  };
  const nameTaken = (alias: string, except?: string) => {
    if (teams.list().some((t) => t.alias === alias && t.id !== except)) {
      throw new ApiError('conflict', `A team named "${alias}" exists already: choose another name.`, [
        { path: 'alias', message: 'already taken' },
      ]);
    }
  };
  // Limits and budgets are read by the gateway when a key is first used after a reload.
  const changed = () => ctx.gateway.reload();

  return {
    'teams.list': () => {
      const counts = teams.keyCounts();
      return teams.list().map((t) => toTeam(t, counts));
    },
    'teams.create': (input) => {
      nameTaken(input.alias);
      const team = teams.create(input);
      changed();
      return toTeam(team);
    },
    'teams.update': ({ id, ...change }) => {
      find(id);
      if (change.alias) nameTaken(change.alias, id);
      const team = teams.update(id, change)!;
      changed();
      return toTeam(team);
    },
    'teams.remove': ({ id }) => {
      const team = find(id);
      const keys = ctx.store.keys.list().filter((k) => k.teamId === id && !k.revokedAt);
      if (keys.length) {
        const names = keys.map((k) => k.alias ?? k.prefix).join(', ');
        throw new ApiError(
          'conflict',
          `Team "${team.alias ?? id}" still has ${keys.length} key${keys.length > 1 ? 's' : ''} (${names}): revoke them first.`,
        );
      }
      const removed = teams.remove(id);
      changed();
      return { removed };
    },
  };
}
