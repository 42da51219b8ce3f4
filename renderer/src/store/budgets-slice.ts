// Teams and budget alerts: teams (their budgets, limits and spend) and the keys/teams at or past
// 80 % of their budget now, which the banner at the top of every page shows. `budgets.alert`
// push events reload the alerts, keys and teams.
import type { StateCreator } from 'zustand';
import type { Api } from '../api/client';
import type { Team } from '../../../shared/contract-access';
import { idle, loadInto, loaded } from './loadable';
import type { AppState, BudgetsSlice } from './state';

export type { CreateTeamInput, UpdateTeamInput, BudgetsSlice } from './state';

export const createBudgetsSlice =
  (api: Api): StateCreator<AppState, [], [], BudgetsSlice> =>
  (set, get) => {
    const upsert = (team: Team) => {
      const list = get().teams.data ?? [];
      set({
        teams: loaded(
          list.some((t) => t.id === team.id) ? list.map((t) => (t.id === team.id ? team : t)) : [...list, team],
        ),
      });
      return team;
    };
    return {
      teams: idle(),
      budgetAlerts: idle(),
      loadTeams: () => loadInto(set, 'teams', () => api.call('teams.list')),
      createTeam: async (input) => upsert(await api.call('teams.create', input)),
      updateTeam: async (input) => upsert(await api.call('teams.update', input)),
      removeTeam: async (id) => {
        await api.call('teams.remove', { id });
        set({ teams: loaded((get().teams.data ?? []).filter((t) => t.id !== id)) });
      },
      loadBudgetAlerts: () => loadInto(set, 'budgetAlerts', () => api.call('budgets.alerts')),
      applyBudgetAlert: () => {
        void get().loadBudgetAlerts();
        void get().loadKeys();
        if (get().teams.data) void get().loadTeams();
      },
    };
  };
