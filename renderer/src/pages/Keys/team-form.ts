// The "new team" form as text fields and its conversion to a teams.create input. Blank fields are
// left out (no budget, no limit); numbers are parsed here, the rest is validated by the API.
import type { CreateTeamInput } from '../../store/budgets-slice';
import { readBudgetAndLimits } from './budget-fields';

export const teamFormFields = ['alias', 'maxBudgetUsd', 'budgetDuration', 'rpmLimit', 'tpmLimit'] as const;
export type TeamFormField = (typeof teamFormFields)[number];
export type TeamForm = Record<TeamFormField, string>;

export const emptyTeamForm: TeamForm = { alias: '', maxBudgetUsd: '', budgetDuration: '', rpmLimit: '', tpmLimit: '' };

export function parseTeamForm(form: TeamForm): {
  input: CreateTeamInput;
  errors: Partial<Record<TeamFormField, string>>;
} {
  const errors: Partial<Record<TeamFormField, string>> = {};
  const input: CreateTeamInput = { alias: form.alias.trim() };
  if (!input.alias) errors.alias = 'A team name is required.';
  if (form.budgetDuration.trim()) input.budgetDuration = form.budgetDuration.trim();
  readBudgetAndLimits(form, 'maxBudgetUsd', ['rpmLimit', 'tpmLimit'] as const, input, errors);
  return { input, errors };
}
