// Budget alerts become desktop notifications (Electron's Notification stood in by a recorder).
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/contract';
import { EventBus } from '../../electron/core/events';
import { budgetNotificationText, notifyBudgetAlerts } from '../../electron/main/budget-notifications';

const alert = (over: Partial<EventPayload<'budgets.alert'>>): EventPayload<'budgets.alert'> => ({
  scope: 'key',
  id: 'k1',
  name: 'notebook',
  threshold: 80,
  spendUsd: 8.5,
  maxBudgetUsd: 10,
  usedFraction: 0.85,
  budgetResetAt: '2025-04-01T00:00:00.000Z',
  at: '2025-03-20T10:00:00.000Z',
  ...over,
});

describe('budget notifications', () => {
  it('say who passed which threshold, the figures and when the budget resets', () => {
    expect(budgetNotificationText(alert({}))).toEqual({
      title: 'Key “notebook”: 80 % of the budget spent',
      body: '$8.50 of $10.00 spent. It resets 2025-04-01 00:00 UTC.',
    });
    expect(
      budgetNotificationText(
        alert({
          scope: 'team',
          name: 'search',
          threshold: 100,
          spendUsd: 0.000087,
          maxBudgetUsd: 0.0001,
          budgetResetAt: null,
        }),
      ),
    ).toEqual({
      title: 'Team “search”: budget exhausted',
      body: '$0.000087 of $0.0001 spent. The gateway refuses its requests (429) until the budget is raised.',
    });
  });

  it('shows one notification per alert event, opens the window on click, and stops when unsubscribed', () => {
    const events = new EventBus();
    const shown: Array<{ title: string; click?: () => void }> = [];
    let opened = 0;
    const stop = notifyBudgetAlerts(
      events,
      (options) => {
        const n: { title: string; click?: () => void } = { title: options.title };
        return { on: (_e, l) => (n.click = l), show: () => void shown.push(n) };
      },
      () => void opened++,
    );
    events.emit('budgets.alert', alert({}));
    events.emit('keys.changed', { count: 1 });
    expect(shown.map((n) => n.title)).toEqual(['Key “notebook”: 80 % of the budget spent']);
    shown[0].click!();
    expect(opened).toBe(1);
    stop();
    events.emit('budgets.alert', alert({ threshold: 100 }));
    expect(shown).toHaveLength(1);
  });

  it('shows nothing where the desktop has no notifications', () => {
    const events = new EventBus();
    let made = 0;
    notifyBudgetAlerts(
      events,
      () => (made++, { on: () => {}, show: () => {} }),
      () => {},
      () => false,
    );
    events.emit('budgets.alert', alert({}));
    expect(made).toBe(0);
  });
});
