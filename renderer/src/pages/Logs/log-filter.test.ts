import { describe, expect, it } from 'vitest';
import { exportFilename, filterFromParams, logsLink, paramsOfFilter } from './log-filter';

describe('the Logs filter in the URL', () => {
  it('round-trips every field', () => {
    const filter = {
      fromMs: 1000,
      toMs: 2000,
      keyId: 'k1',
      teamId: 't1',
      modelGroup: 'chat',
      deployment: 'demo-a',
      route: 'messages',
      statusClass: '5xx' as const,
      errorKind: 'upstream_error',
      minLatencyMs: 250,
      minCostUsd: 0.5,
      search: 'playground-x',
    };
    expect(filterFromParams(paramsOfFilter(filter))).toEqual(filter);
    expect(logsLink({ modelGroup: 'chat large' })).toBe('/logs?modelGroup=chat+large');
    expect(logsLink({})).toBe('/logs');
  });

  it('drops what it cannot use instead of failing', () => {
    const parsed = filterFromParams(
      new URLSearchParams('fromMs=abc&toMs=-5&statusClass=3xx&keyId=%20%20&minCostUsd=1e3&search=a'),
    );
    expect(parsed).toEqual({ minCostUsd: 1000, search: 'a' });
    expect(filterFromParams(new URLSearchParams('fromMs=500&toMs=100'))).toEqual({ fromMs: 500 });
  });

  it('names an export by its time', () => {
    expect(exportFilename('jsonl', Date.UTC(2026, 11, 1, 20, 50))).toBe('switchyard-requests-2026-12-01T20-50.jsonl');
  });
});
