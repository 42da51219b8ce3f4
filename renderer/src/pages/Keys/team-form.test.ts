import { describe, expect, it } from 'vitest';
import { emptyTeamForm, parseTeamForm } from './team-form';

describe('parseTeamForm', () => {
  it('turns the filled fields into a teams.create input, leaving blanks out', () => {
    expect(
      parseTeamForm({
        ...emptyTeamForm,
        alias: ' search ',
        maxBudgetUsd: '$100',
        budgetDuration: '30d',
        rpmLimit: '600',
      }),
    ).toEqual({ input: { alias: 'search', maxBudgetUsd: 100, budgetDuration: '30d', rpmLimit: 600 }, errors: {} });
  });
  it('asks for a name and for numbers where numbers go', () => {
    const { errors } = parseTeamForm({ ...emptyTeamForm, maxBudgetUsd: 'plenty', tpmLimit: '2.5' });
    expect(errors).toEqual({
      alias: 'A team name is required.',
      maxBudgetUsd: expect.stringMatching(/dollars/),
      tpmLimit: 'A whole number is required.',
    });
  });
});
