// Desktop notifications for budget alerts: one per `budgets.alert` event from the core's budget
// watcher (a key or team passing 80 % or 100 % of its budget). Electron's Notification is passed
// in, so this runs (and is tested) without Electron. Clicking one opens the window.
import type { EventBus } from '../core/events';
import type { EventPayload } from '../../shared/contract';

export interface NotificationLike {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
}
export type MakeNotification = (options: { title: string; body: string }) => NotificationLike;

const usd = (v: number) => (v !== 0 && Math.abs(v) < 0.01 ? `$${Number(v.toPrecision(2))}` : `$${v.toFixed(2)}`);

export function budgetNotificationText(alert: EventPayload<'budgets.alert'>): { title: string; body: string } {
  const who = `${alert.scope === 'team' ? 'Team' : 'Key'} “${alert.name}”`;
  const spent = `${usd(alert.spendUsd)} of ${usd(alert.maxBudgetUsd)} spent`;
  const resets = alert.budgetResetAt ? ` It resets ${alert.budgetResetAt.slice(0, 16).replace('T', ' ')} UTC.` : '';
  if (alert.threshold === 100) {
    return {
      title: `${who}: budget exhausted`,
      body: `${spent}. The gateway refuses its requests (429) until the budget is raised.${resets}`,
    };
  }
  return { title: `${who}: 80 % of the budget spent`, body: `${spent}.${resets}` };
}

/** Shows a notification per budget alert; returns the unsubscribe function. */
export function notifyBudgetAlerts(
  events: EventBus,
  make: MakeNotification,
  onClick: () => void,
  isSupported: () => boolean = () => true,
): () => void {
  return events.on('budgets.alert', (alert) => {
    if (!isSupported()) return;
    const notification = make(budgetNotificationText(alert));
    notification.on('click', onClick);
    notification.show();
  });
}
