// Spend against a budget: the figures, a bar (amber from 80 %, red when exhausted) and when the
// period resets. Used by the keys and teams tables.
import { budgetLevel, budgetShare, budgetText } from '../lib/budget';
import { formatDateTime, formatRelative } from '../lib/format';

/** "in 5 h", or "on 2025-04-01" when more than a week away. */
const resetWhen = (resetAt: string, now: number) => {
  const when = formatRelative(resetAt, now);
  return /^\d{4}-/.test(when) ? `on ${when}` : when;
};

interface BudgetMeterProps {
  spendUsd: number;
  maxBudgetUsd: number | null;
  period: string | null;
  resetAt: string | null;
  /** Spent, or the gateway refused a request for it (from the core). */
  exhausted: boolean;
  now: number;
  testId: string;
}

export function BudgetMeter({ spendUsd, maxBudgetUsd, period, resetAt, exhausted, now, testId }: BudgetMeterProps) {
  const share = budgetShare(spendUsd, maxBudgetUsd);
  const level = budgetLevel(share, exhausted);
  return (
    <div className="budget" data-testid={testId} data-level={level}>
      <div className="budget-figures">
        <span>{budgetText(spendUsd, maxBudgetUsd, period)}</span>
        {level === 'exhausted' && (
          <span className="budget-flag is-exhausted" data-testid={`${testId}-exhausted`}>
            exhausted
          </span>
        )}
        {level === 'near' && <span className="budget-flag is-near">{Math.floor(share! * 100)} %</span>}
      </div>
      {share !== null && (
        <div
          className="meter"
          role="meter"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(Math.min(1, share) * 100)}
          aria-label="Budget used"
        >
          <span
            className={`meter-fill is-${level}`}
            style={{ width: `${level === 'exhausted' ? 100 : Math.min(1, share) * 100}%` }}
          />
        </div>
      )}
      {resetAt && (
        <div className="budget-reset" title={formatDateTime(resetAt)} data-testid={`${testId}-reset`}>
          Resets {resetWhen(resetAt, now)}
        </div>
      )}
    </div>
  );
}
