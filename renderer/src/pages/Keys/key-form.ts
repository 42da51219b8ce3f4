// The "create key" form as text fields and its conversion to a keys.create input. Blank fields
// are left out (no limit); numbers are parsed here, everything else is validated by the API.
import type { CreateKeyInput } from '../../store/keys-slice';
import { readBudgetAndLimits } from './budget-fields';

export const keyFormFields = [
  'alias',
  'models',
  'maxBudgetUsd',
  'budgetDuration',
  'rpmLimit',
  'tpmLimit',
  'maxParallelRequests',
  'duration',
  'teamId',
] as const;
export type KeyFormField = (typeof keyFormFields)[number];
export type KeyForm = Record<KeyFormField, string>;

export const emptyKeyForm: KeyForm = {
  alias: '',
  models: '',
  maxBudgetUsd: '',
  budgetDuration: '',
  rpmLimit: '',
  tpmLimit: '',
  maxParallelRequests: '',
  duration: '',
  teamId: '',
};

/** Turns one model group on or off in the comma-separated list. */
export function toggleListItem(raw: string, item: string): string {
  const list = parseList(raw);
  return (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]).join(', ');
}

const integerFields = ['rpmLimit', 'tpmLimit', 'maxParallelRequests'] as const;

/** "a, b ,,c" → ["a", "b", "c"] (duplicates dropped, order kept). */
export function parseList(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export function parseKeyForm(form: KeyForm): { input: CreateKeyInput; errors: Partial<Record<KeyFormField, string>> } {
  const input: CreateKeyInput = { models: parseList(form.models) };
  const errors: Partial<Record<KeyFormField, string>> = {};

  if (form.alias.trim()) input.alias = form.alias.trim();
  if (form.budgetDuration.trim()) input.budgetDuration = form.budgetDuration.trim();
  if (form.duration.trim()) input.duration = form.duration.trim();
  if (form.teamId) input.teamId = form.teamId;

  readBudgetAndLimits(form, 'maxBudgetUsd', integerFields, input, errors);
  return { input, errors };
}
