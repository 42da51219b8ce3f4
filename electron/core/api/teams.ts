// teams.*: teams share a budget and rate limits across their keys (access/teams.ts does the work;
// the gateway's /team/* routes use the same store).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { createTeam, listTeams, removeTeam, updateTeam } from '../access/teams';

export function teamsHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'teams.list' | 'teams.create' | 'teams.update' | 'teams.remove'> {
  return {
    'teams.list': () => listTeams(ctx),
    'teams.create': (input) => createTeam(ctx, input),
    'teams.update': ({ id, ...change }) => updateTeam(ctx, id, change),
    'teams.remove': ({ id }) => ({ removed: removeTeam(ctx, id) }),
  };
}
