// dashboards.*: the Overview, Spend and Performance pages' queries, over rollups only
// (shared/contract-dashboards.ts; the queries live in electron/core/dashboards/).
//
// Note for the pages: `range` in the spend and performance answers is the range actually covered,
// i.e. the asked range widened to whole buckets of the rollup read (e.g. to the hour for 24 h), so
// the points, the table and the totals all cover the same span. Points cover every bucket of the
// range for spend (empty buckets have `costUsd: {}`); performance points exist only where there
// were samples (gaps stay gaps).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import type { dashboardCalls } from '../../../shared/contract-dashboards';
import { overviewTiles } from '../dashboards/overview';
import { performanceReport } from '../dashboards/performance';
import { spendReport } from '../dashboards/spend';
import { spendCsv } from '../dashboards/spend-csv';

export function dashboardHandlers(ctx: CoreContext): Pick<Handlers, keyof typeof dashboardCalls> {
  return {
    'dashboards.overview': () => overviewTiles(ctx.store, ctx.clock),
    'dashboards.spend': ({ range, groupBy }) => spendReport(ctx.store, range.fromMs, range.toMs, groupBy),
    'dashboards.spendCsv': ({ range, groupBy }) => spendCsv(ctx.store, range.fromMs, range.toMs, groupBy),
    'dashboards.performance': ({ range, target }) => performanceReport(ctx.store, range.fromMs, range.toMs, target),
  };
}
