// Teams as the admin API changes them: created, updated and removed, and shown with their spend for
// the current budget period and their key count. A team shares a budget and rate limits across its
// keys (the gateway's /team/* routes use the same store).
import type { Team } from '../../../shared/contract-access';
import { currentBudgetPeriod, teamBudget } from '../budget-period';
import type { ChangeNotice } from '../changes';
import { iso, type Clock } from '../clock';
import { ApiError } from '../errors';
import type { Store } from '../store';
import type { Team as StoredTeam, TeamsRepo } from '../store/teams';

export interface TeamsDeps {
  store: Store;
  changes: ChangeNotice;
  clock: Clock;
}

type NewTeam = Parameters<TeamsRepo['create']>[0] & { alias: string };
type TeamChange = Parameters<TeamsRepo['update']>[1];

function teamView(t: StoredTeam, now: number, counts: Map<string, number>): Team {
  const period = currentBudgetPeriod(teamBudget(t), now);
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
}

function find(store: Store, id: string): StoredTeam {
  const team = store.teams.get(id);
  if (!team) throw new ApiError('not_found', `No team with id "${id}".`, [{ path: 'id', message: 'no such team' }]);
  return team;
}

function refuseTakenName(store: Store, alias: string, except?: string): void {
  if (store.teams.list().some((t) => t.alias === alias && t.id !== except)) {
    throw new ApiError('conflict', `A team named "${alias}" exists already: choose another name.`, [
      { path: 'alias', message: 'already taken' },
    ]);
  }
}

export function listTeams({ store, clock }: TeamsDeps): Team[] {
  const counts = store.teams.keyCounts();
  const now = clock.now();
  return store.teams.list().map((t) => teamView(t, now, counts));
}

export function createTeam({ store, changes, clock }: TeamsDeps, input: NewTeam): Team {
  refuseTakenName(store, input.alias);
  const team = store.teams.create(input);
  changes.publish({ kind: 'teams' });
  return teamView(team, clock.now(), store.teams.keyCounts());
}

export function updateTeam({ store, changes, clock }: TeamsDeps, id: string, change: TeamChange): Team {
  find(store, id);
  if (change.alias) refuseTakenName(store, change.alias, id);
  const team = store.teams.update(id, change)!;
  changes.publish({ kind: 'teams' });
  return teamView(team, clock.now(), store.teams.keyCounts());
}

/** Removes a team that has no live keys left (revoke them first). */
export function removeTeam({ store, changes }: TeamsDeps, id: string): boolean {
  const team = find(store, id);
  const keys = store.keys.list().filter((k) => k.teamId === id && !k.revokedAt);
  if (keys.length) {
    const names = keys.map((k) => k.alias ?? k.prefix).join(', ');
    throw new ApiError(
      'conflict',
      `Team "${team.alias ?? id}" still has ${keys.length} key${keys.length > 1 ? 's' : ''} (${names}): revoke them first.`,
    );
  }
  const removed = store.teams.remove(id);
  changes.publish({ kind: 'teams' });
  return removed;
}
