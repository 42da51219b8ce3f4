// What the budget banner says about the keys, teams and users at or past 80 % of their budget. Pure.
import type { BudgetAlert } from '../../../shared/contract-access';
import { formatUsd } from './format';

export interface BudgetBannerText {
  level: 'near' | 'exhausted';
  title: string;
  detail: string;
}

const who = (a: BudgetAlert) => `${a.scope} “${a.name}”`;
const figures = (a: BudgetAlert) => `${formatUsd(a.spendUsd)} of ${formatUsd(a.maxBudgetUsd)}`;

export function budgetBannerText(alerts: BudgetAlert[]): BudgetBannerText | null {
  if (alerts.length === 0) return null;
  const exhausted = alerts.filter((a) => a.threshold === 100);
  const near = alerts.filter((a) => a.threshold === 80);
  const list = (xs: BudgetAlert[]) =>
    xs
      .slice(0, 3)
      .map((a) => `${who(a)} (${figures(a)})`)
      .join(', ') + (xs.length > 3 ? ` and ${xs.length - 3} more` : '');
  if (exhausted.length) {
    return {
      level: 'exhausted',
      title: exhausted.length === 1 ? 'Budget exhausted' : `${exhausted.length} budgets exhausted`,
      detail:
        `${list(exhausted)}: the gateway refuses their requests (429) until the budget is raised or resets.` +
        (near.length ? ` ${near.length} more past 80 %.` : ''),
    };
  }
  return {
    level: 'near',
    title: near.length === 1 ? 'Budget nearly spent' : `${near.length} budgets nearly spent`,
    detail: `${list(near)} past 80 % of the budget.`,
  };
}
