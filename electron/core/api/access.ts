// Keys & Budgets (teams, budget alerts) and Providers (shared/contract-access.ts).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import type { accessCalls } from '../../../shared/contract-access';
import { currentBudgetAlerts } from '../budget-watch';
import { providersHandlers } from './providers';
import { teamsHandlers } from './teams';

export function accessHandlers(ctx: CoreContext): Pick<Handlers, keyof typeof accessCalls> {
  return {
    ...teamsHandlers(ctx),
    ...providersHandlers(ctx),
    'budgets.alerts': () => currentBudgetAlerts(ctx.store, ctx.clock.now()),
  };
}
