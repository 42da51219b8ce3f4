// Keys & Budgets, teams, budget alerts and Providers (shared/contract-access.ts).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import type { accessCalls } from '../../../shared/contract-access';

export function accessHandlers(_ctx: CoreContext): Pick<Handlers, keyof typeof accessCalls> {
  return {};
}
