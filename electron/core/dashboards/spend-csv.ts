// The Spend table as CSV (RFC 4180): a header, then one row per point per series that had traffic
// in it, oldest first, series in the table's order. Fields with a comma, quote or line break are
// quoted (quotes doubled); text that a spreadsheet would run as a formula (=, +, -, @ first) gets a
// leading apostrophe, since labels are names users typed.
import type { SpendGroupBy } from '../../../shared/contract-dashboards';
import type { Store } from '../store';
import { spendData } from './spend';

export const SPEND_CSV_HEADER = ['time', 'series_id', 'label', 'requests', 'errors', 'prompt_tokens', 'completion_tokens', 'tokens', 'cost_usd'];

/** One CSV field. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** e.g. 2026-11-21T1200Z: sortable and safe in a file name on every OS. */
const fileStamp = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace(':', '')}Z`;

export function spendCsv(store: Store, fromMs: number, toMs: number, groupBy: SpendGroupBy): { filename: string; csv: string } {
  const data = spendData(store, fromMs, toMs, groupBy);
  const order = data.totals.map((t) => t.id);
  const lines = [SPEND_CSV_HEADER.join(',')];
  for (const [at, bySeries] of data.points) {
    const time = new Date(at).toISOString();
    for (const id of order) {
      const f = bySeries.get(id);
      if (!f) continue;
      lines.push([time, id, data.labels.get(id)!, f.requests, f.errors, f.promptTokens, f.completionTokens,
        f.promptTokens + f.completionTokens, f.costUsd].map(csvField).join(','));
    }
  }
  return {
    filename: `switchyard-spend-${groupBy}-${fileStamp(data.plan.fromMs)}-${fileStamp(data.plan.toMs)}.csv`,
    csv: `${lines.join('\r\n')}\r\n`,
  };
}
