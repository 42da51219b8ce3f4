import { describe, expect, it } from 'vitest';
import type { BudgetAlert } from '../../../shared/contract-access';
import { budgetBannerText } from './budget-banner';

const alert = (over: Partial<BudgetAlert>): BudgetAlert => ({
  scope: 'key',
  id: 'k',
  name: 'notebook',
  threshold: 80,
  spendUsd: 8.5,
  maxBudgetUsd: 10,
  usedFraction: 0.85,
  budgetResetAt: null,
  ...over,
});

describe('budgetBannerText', () => {
  it('is nothing without alerts', () => expect(budgetBannerText([])).toBeNull());

  it('names an exhausted budget first and says what the gateway does', () => {
    const text = budgetBannerText([
      alert({ threshold: 100, name: 'e2e', spendUsd: 0.00012, maxBudgetUsd: 0.0001 }),
      alert({ scope: 'team', name: 'search' }),
    ])!;
    expect(text.level).toBe('exhausted');
    expect(text.title).toBe('Budget exhausted');
    expect(text.detail).toBe(
      'key “e2e” ($0.00012 of $0.0001): the gateway refuses their requests (429) until the budget is raised or resets. 1 more past 80 %.',
    );
  });

  it('warns at 80 %', () => {
    const text = budgetBannerText([alert({ scope: 'team', name: 'search' }), alert({})])!;
    expect(text).toEqual({
      level: 'near',
      title: '2 budgets nearly spent',
      detail: 'team “search” ($8.50 of $10.00), key “notebook” ($8.50 of $10.00) past 80 % of the budget.',
    });
  });
});
