// The "new team" form as text fields and its conversion to a teams.create input. Blank fields are
// left out (no budget, no limit); numbers are parsed here, the rest is validated by the API.
import type { CreateTeamInput } from '../../store/budgets-slice';

export const teamFormFields = ['alias', 'maxBudgetUsd', 'budgetDuration', 'rpmLimit', 'tpmLimit'] as const;
export type TeamFormField = (typeof teamFormFields)[number];
export type TeamForm = Record<TeamFormField, string>;

export const emptyTeamForm: TeamForm = { alias: '', maxBudgetUsd: '', budgetDuration: '', rpmLimit: '', tpmLimit: '' };

export function parseTeamForm(form: TeamForm): { input: CreateTeamInput; errors: Partial<Record<TeamFormField, string>> } {
  const errors: Partial<Record<TeamFormField, string>> = {};
  const input: CreateTeamInput = { alias: form.alias.trim() };
  if (!input.alias) errors.alias = 'A team name is required.';
  if (form.budgetDuration.trim()) input.budgetDuration = form.budgetDuration.trim();
  const budget = form.maxBudgetUsd.trim().replace(/^\$/, '');
  if (budget) {
    const value = Number(budget);
    if (!Number.isFinite(value)) errors.maxBudgetUsd = 'A number of dollars is required, such as 100 or 12.50.';
    else input.maxBudgetUsd = value;
  }
  for (const field of ['rpmLimit', 'tpmLimit'] as const) {
    const raw = form[field].trim();
    if (!raw) continue;
    const value = Number(raw);
    if (!Number.isInteger(value)) errors[field] = 'A whole number is required.';
    else input[field] = value;
  }
  return { input, errors };
}
