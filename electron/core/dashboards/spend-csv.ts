// The Spend table as CSV (RFC 4180): a header, then one row per point per series that had traffic
// in it, oldest first, series in the table's order. Fields with a comma, quote or line break are
// quoted (quotes doubled); text that a spreadsheet would run as a formula (=, +, -, @ first) gets a
// leading apostrophe, since labels are names users typed.
import { MAX_POINTS, type SpendGroupBy } from '../../../shared/contract-dashboards';
import type { Store } from '../store';
import { planBuckets, pointOf } from './buckets';
import { labelsFor, ordered, spendTotals } from './spend';

export const SPEND_CSV_HEADER = [
  'time',
  'series_id',
  'label',
  'requests',
  'errors',
  'prompt_tokens',
  'completion_tokens',
  'tokens',
  'cost_usd',
];

/** One CSV field. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** e.g. 2026-11-21T1200Z: sortable and safe in a file name on every OS. */
const fileStamp = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace(':', '')}Z`;

/**
 * Rows come from the plan's rollup as one JSON object per bucket; each series' id and label are
 * escaped once; buckets merge into points only when the plan says so. A month by key (36,000 lines)
 * is about 3 MB of text.
 */
export function spendCsv(
  store: Store,
  fromMs: number,
  toMs: number,
  groupBy: SpendGroupBy,
  maxPoints = MAX_POINTS,
): { filename: string; csv: string } {
  const plan = planBuckets(fromMs, toMs, maxPoints);
  const totals = spendTotals(store, groupBy, plan.fromMs, plan.toMs);
  const labels = labelsFor(store, groupBy, totals.keys());
  const series = ordered(totals).map((t) => [t.id, `${csvField(t.id)},${csvField(labels.get(t.id)!)}`] as const);
  const lines = [SPEND_CSV_HEADER.join(',')];
  const write = (at: number, byValue: Record<string, number[]>) => {
    const time = new Date(at).toISOString();
    for (const [id, fields] of series) {
      const f = byValue[id];
      if (f) lines.push(`${time},${fields},${f[0]},${f[1]},${f[2]},${f[3]},${f[2] + f[3]},${f[4]}`);
    }
  };
  let point: { at: number; byValue: Record<string, number[]> } | null = null;
  for (const [bucket, byValue] of store.requestLog.spend.figures(plan.granularity, groupBy, plan.fromMs, plan.toMs)) {
    const at = pointOf(plan, bucket);
    if (point && point.at !== at) write(point.at, point.byValue);
    if (!point || point.at !== at) {
      point = { at, byValue };
      continue;
    }
    for (const [value, f] of Object.entries(byValue)) {
      const sum = (point.byValue[value] ??= [0, 0, 0, 0, 0]);
      f.forEach((x, i) => (sum[i] += x));
    }
  }
  if (point) write(point.at, point.byValue);
  return {
    filename: `switchyard-spend-${groupBy}-${fileStamp(plan.fromMs)}-${fileStamp(plan.toMs)}.csv`,
    csv: `${lines.join('\r\n')}\r\n`,
  };
}
