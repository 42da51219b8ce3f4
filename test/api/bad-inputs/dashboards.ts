// Bad inputs for the dashboards' calls (shared/contract-dashboards.ts), one per call.
import type { BadInput } from './types';

export const dashboardBadInputs: Record<string, BadInput> = {
  'dashboards.overview': { input: { range: '1h' }, field: 'range' },
  'dashboards.spend': { input: { range: { fromMs: 10, toMs: 5 } }, field: 'range.toMs' },
  'dashboards.spendCsv': { input: { range: { fromMs: 0, toMs: 1 }, groupBy: 'colour' }, field: 'groupBy' },
  'dashboards.performance': { input: { range: { fromMs: 0, toMs: 1 }, target: '' }, field: 'target' },
};
