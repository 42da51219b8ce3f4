// dashboards.*: the Overview, Spend and Performance pages' queries, over rollups only
// (shared/contract-dashboards.ts).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import type { dashboardCalls } from '../../../shared/contract-dashboards';
import { ApiError } from './errors';

const notYet = (): never => { throw new ApiError('unavailable', 'The dashboards are not built yet.'); };

export function dashboardHandlers(_ctx: CoreContext): Pick<Handlers, keyof typeof dashboardCalls> {
  return {
    'dashboards.overview': notYet,
    'dashboards.spend': notYet,
    'dashboards.spendCsv': notYet,
    'dashboards.performance': notYet,
  };
}
