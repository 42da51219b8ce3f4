// The Logs page's filter as URL search parameters (#/logs?modelGroup=chat&fromMs=…), so a chart
// bucket, the budget banner or a Playground answer can link to exactly the rows behind it, and a
// filter survives a reload. Pure: parsed leniently (a bad value is dropped, never an error).
import type { LogFilter, StatusClass } from '../../../../shared/contract-logs';

const TEXT_FIELDS = ['keyId', 'teamId', 'modelGroup', 'deployment', 'route', 'errorKind', 'search'] as const;
const NUMBER_FIELDS = ['fromMs', 'toMs', 'minLatencyMs', 'minCostUsd'] as const;
const STATUS_CLASSES: readonly StatusClass[] = ['2xx', '4xx', '5xx'];

export function filterFromParams(params: URLSearchParams): LogFilter {
  const filter: LogFilter = {};
  for (const field of TEXT_FIELDS) {
    const value = params.get(field)?.trim();
    if (value) filter[field] = value.slice(0, 200);
  }
  for (const field of NUMBER_FIELDS) {
    const raw = params.get(field);
    const value = raw === null || raw === '' ? Number.NaN : Number(raw);
    if (Number.isFinite(value) && value >= 0)
      filter[field] = field === 'fromMs' || field === 'toMs' ? Math.floor(value) : value;
  }
  const status = params.get('statusClass') as StatusClass | null;
  if (status && STATUS_CLASSES.includes(status)) filter.statusClass = status;
  if (filter.fromMs !== undefined && filter.toMs !== undefined && filter.toMs <= filter.fromMs) delete filter.toMs;
  return filter;
}

export function paramsOfFilter(filter: LogFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [field, value] of Object.entries(filter))
    if (value !== undefined && value !== '') params.set(field, String(value));
  return params;
}

/** The Logs page's link for a filter. */
export function logsLink(filter: LogFilter): string {
  const query = paramsOfFilter(filter).toString();
  return query ? `/logs?${query}` : '/logs';
}

/** The file name of an export, e.g. switchyard-requests-2026-12-01T20-50.csv. */
export function exportFilename(format: 'csv' | 'jsonl', now: number): string {
  return `switchyard-requests-${new Date(now).toISOString().slice(0, 16).replace(':', '-')}.${format}`;
}

/** The status badge's tone. */
export function statusTone(status: number): 'ok' | 'warn' | 'danger' {
  return status < 400 ? 'ok' : status === 429 ? 'warn' : 'danger';
}
