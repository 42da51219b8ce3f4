// The request log as text: CSV (RFC 4180 quoting; a cell that a spreadsheet would run as a formula
// is prefixed with ') and JSON Lines, one object per row. Times are ISO 8601 UTC.
import type { LogExportFormat, LogRow } from '../../../shared/contract-logs';

export const CSV_COLUMNS = [
  'time',
  'request_id',
  'key_id',
  'key_alias',
  'team_id',
  'team_alias',
  'model_group',
  'served_target',
  'route',
  'status',
  'error_kind',
  'prompt_tokens',
  'completion_tokens',
  'cost_usd',
  'latency_ms',
  'ttft_ms',
  'attempts',
] as const;

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvLine(r: LogRow): string {
  return [
    new Date(r.at).toISOString(),
    r.id,
    r.keyId,
    r.keyAlias,
    r.teamId,
    r.teamAlias,
    r.modelGroup,
    r.deployment,
    r.route,
    r.status,
    r.errorClass,
    r.promptTokens,
    r.completionTokens,
    r.costUsd,
    r.latencyMs,
    r.ttftMs,
    r.attempts,
  ]
    .map(csvCell)
    .join(',');
}

function jsonLine(r: LogRow): string {
  return JSON.stringify({ ...r, at: new Date(r.at).toISOString() });
}

/** Rows as text, each line ending in \n; `header` puts the CSV header first. */
export function logRowsText(rows: readonly LogRow[], format: LogExportFormat, header: boolean): string {
  const lines = rows.map(format === 'csv' ? csvLine : jsonLine);
  if (format === 'csv' && header) lines.unshift(CSV_COLUMNS.join(','));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
