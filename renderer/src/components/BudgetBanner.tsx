// The banner at the top of every page while a key or team is at 80 % or more of its budget, with a
// link to Keys & Budgets. Alerts arrive as `budgets.alert` events; a slow re-read catches periods
// that reset and budgets that were raised.
import { useEffect } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { budgetBannerText } from '../lib/budget-banner';
import { logsLink } from '../pages/Logs/log-filter';
import { actions, useAppStore } from '../store';
import { WarningIcon } from './icons';

const REFRESH_MS = 15_000;

export function BudgetBanner() {
  const alerts = useAppStore((s) => s.budgetAlerts.data);
  const onKeysPage = useLocation().pathname === '/keys';

  useEffect(() => {
    void actions().loadBudgetAlerts();
    const timer = setInterval(() => void actions().loadBudgetAlerts(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const text = budgetBannerText(alerts ?? []);
  if (!text) return null;
  return (
    <div className={`budget-banner is-${text.level}`} role="alert" data-testid="budget-banner" data-level={text.level}>
      <span className="budget-banner-icon">
        <WarningIcon />
      </span>
      <div className="budget-banner-text">
        <strong>{text.title}</strong>
        <span>{text.detail}</span>
      </div>
      <Link to={bannerLogsLink(alerts ?? [])} data-testid="budget-banner-logs">
        Requests →
      </Link>
      {!onKeysPage && (
        <Link to="/keys" data-testid="budget-banner-link">
          Keys &amp; Budgets →
        </Link>
      )}
    </div>
  );
}

/** The requests behind the alert: the one key's or team's, else every budget refusal. */
function bannerLogsLink(alerts: Array<{ scope: 'key' | 'team' | 'user'; id: string }>): string {
  const only = alerts.length === 1 ? alerts[0] : null;
  if (only?.scope === 'key') return logsLink({ keyId: only.id });
  if (only?.scope === 'team') return logsLink({ teamId: only.id });
  return logsLink({ errorKind: 'budget_exceeded' });
}
