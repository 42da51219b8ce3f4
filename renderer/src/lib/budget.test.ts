import { describe, expect, it } from 'vitest';
import { budgetLevel, budgetShare, budgetText } from './budget';

describe('budget levels', () => {
  it('is ok below 80 %, near from 80 %, exhausted from 100 %', () => {
    expect(budgetLevel(budgetShare(7.9, 10))).toBe('ok');
    expect(budgetLevel(budgetShare(8, 10))).toBe('near');
    expect(budgetLevel(budgetShare(10, 10))).toBe('exhausted');
    expect(budgetLevel(budgetShare(0.00012, 0.0001))).toBe('exhausted');
    expect(budgetLevel(budgetShare(500, null))).toBe('ok');
    // The gateway refused a request: exhausted although spend stopped short of the budget.
    expect(budgetLevel(budgetShare(0.000088, 0.0001), true)).toBe('exhausted');
  });
  it('summarises spend against the budget, tiny amounts included', () => {
    expect(budgetText(1.2, 25, '30d')).toBe('$1.20 of $25.00 / 30d');
    expect(budgetText(0.000084, 0.0001, null)).toBe('$0.000084 of $0.0001');
    expect(budgetText(3, null, null)).toBe('$3.00 (no budget)');
  });
});
