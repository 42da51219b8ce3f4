// The Logs page's domain on a real SQLite file: 1,200 logged requests across keys, teams, groups,
// targets and statuses, paged newest first by keyset under every filter the page offers, each
// compared with the same filter applied to all rows in memory; the drawer's detail; the export
// pages joined back into the whole filtered log as CSV and JSON Lines; bad inputs refused.
import { describe, expect, it } from 'vitest';
import { calls } from '../../shared/contract';
import type { LogCursor, LogFilter, LogRow } from '../../shared/contract-logs';
import { CSV_COLUMNS } from '../../electron/core/logs/log-export';
import { logDetail, logExportPage, logPage } from '../../electron/core/logs/log-explorer';
import type { Store } from '../../electron/core/store';
import { useTempStores } from '../support/temp-store';

const { openStore } = useTempStores('logs');
const T0 = Date.UTC(2026, 10, 1);

/** A seeded generator, so a failure repeats. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function seed(store: Store, n: number) {
  const rnd = random(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const keyA = store.keys.create({ alias: 'app-a', models: [] }).info.id;
  const keyB = store.keys.create({ alias: 'app-b', models: [] }).info.id;
  const rows = Array.from({ length: n }, (_, i) => {
    const status = pick([200, 200, 200, 429, 503]);
    return {
      id: i % 97 === 0 ? 'repeated-id' : `req-${i}`,
      // Several rows share each millisecond: the keyset must break ties by seq.
      at: T0 + Math.floor(i / 3) * 1000,
      keyId: pick([keyA, keyB, null]),
      teamId: pick(['team-1', null]),
      modelGroup: pick(['chat', 'chat-large']),
      deployment: status === 200 ? pick(['a', 'b']) : null,
      route: pick(['chat/completions', 'messages', null]),
      status,
      promptTokens: 10,
      completionTokens: status === 200 ? 50 : 0,
      costUsd: rnd() / 100,
      latencyMs: 50 + rnd() * 1000,
      ttftMs: status === 200 ? 20 : null,
      attempts: pick([1, 1, 2]),
      errorClass: status === 429 ? 'rate_limit_exceeded' : status === 503 ? 'no_healthy_deployment' : null,
    };
  });
  store.requestLog.insertMany(rows);
  return { keyA, keyB };
}

function matches(r: LogRow, f: LogFilter): boolean {
  return (
    (f.fromMs === undefined || r.at >= f.fromMs) &&
    (f.toMs === undefined || r.at < f.toMs) &&
    (f.keyId === undefined || r.keyId === f.keyId) &&
    (f.teamId === undefined || r.teamId === f.teamId) &&
    (f.modelGroup === undefined || r.modelGroup === f.modelGroup) &&
    (f.deployment === undefined || r.deployment === f.deployment) &&
    (f.route === undefined || r.route === f.route) &&
    (f.statusClass === undefined || Math.floor(r.status / 100) === Number(f.statusClass[0])) &&
    (f.errorKind === undefined || r.errorClass === f.errorKind) &&
    (f.minLatencyMs === undefined || r.latencyMs >= f.minLatencyMs) &&
    (f.minCostUsd === undefined || r.costUsd >= f.minCostUsd) &&
    // The search as test/logs/log-search.test.ts checks it in full: an id's start, or a failed row's error text.
    (f.search === undefined ||
      r.id.startsWith(f.search) ||
      (f.search.length >= 3 && (r.errorClass ?? '').toLowerCase().includes(f.search.toLowerCase())))
  );
}

function allPages(store: Store, filter: LogFilter, limit: number): LogRow[] {
  const out: LogRow[] = [];
  let cursor: LogCursor | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = logPage(store, filter, cursor, limit);
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    out.push(...page.rows);
    if (!page.nextCursor) return out;
    expect(page.rows.length).toBe(limit);
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('the request log explorer', () => {
  it('pages newest first by keyset under every filter, matching the same filter over all rows', () => {
    const store = openStore();
    const { keyA } = seed(store, 1200);
    const everything = allPages(store, {}, 500);
    expect(everything).toHaveLength(1200);
    // Newest first, ties broken by seq, nothing twice.
    for (let i = 1; i < everything.length; i++) {
      const [a, b] = [everything[i - 1], everything[i]];
      expect(a.at > b.at || (a.at === b.at && a.seq > b.seq)).toBe(true);
    }
    expect(everything.find((r) => r.keyId === keyA)?.keyAlias).toBe('app-a');

    const filters: LogFilter[] = [
      { fromMs: T0 + 60_000, toMs: T0 + 200_000 },
      { keyId: keyA },
      { teamId: 'team-1', fromMs: T0 + 10_000 },
      { modelGroup: 'chat-large', statusClass: '2xx' },
      { deployment: 'b', minLatencyMs: 500 },
      { statusClass: '5xx' },
      { route: 'messages' },
      { route: 'chat/completions', keyId: keyA, statusClass: '2xx' },
      { statusClass: '4xx', keyId: keyA },
      { errorKind: 'rate_limit_exceeded', modelGroup: 'chat' },
      { minCostUsd: 0.008 },
      { search: 'req-11' },
      { search: 'healthy' },
      { search: 'HEALTHY', statusClass: '5xx' },
      { search: 'repeated-id', toMs: T0 + 300_000 },
      { keyId: 'no-such-key' },
    ];
    for (const filter of filters) {
      const expected = everything.filter((r) => matches(r, filter)).map((r) => r.seq);
      for (const limit of [1, 7, 100]) {
        expect(
          allPages(store, filter, limit).map((r) => r.seq),
          JSON.stringify({ filter, limit }),
        ).toEqual(expected);
      }
    }
  });

  it('the detail of a row: its latency split, tokens per second, repeats of its id, and what is not recorded', () => {
    const store = openStore();
    seed(store, 300);
    const served = logPage(store, { statusClass: '2xx' }, undefined, 1).rows[0];
    const detail = logDetail(store, served.seq);
    expect(detail.row).toEqual(served);
    expect(detail.latency.ttftMs).toBe(20);
    expect(detail.latency.generationMs).toBeCloseTo(served.latencyMs - 20, 6);
    expect(detail.tokensPerSecond).toBeCloseTo(49 / ((served.latencyMs - 20) / 1000), 6);
    expect(detail.notRecorded.join(' ')).toMatch(/each attempt/);
    const repeated = logPage(store, { search: 'repeated-id' }, undefined, 1).rows[0];
    // Rows 0, 97, 194 and 291 carry it.
    expect(logDetail(store, repeated.seq).sameIdCount).toBe(4 - 1);
    const failed = logPage(store, { statusClass: '5xx' }, undefined, 1).rows[0];
    expect(logDetail(store, failed.seq).latency.generationMs).toBeNull();
    expect(() => logDetail(store, 999_999)).toThrow(/No request log row 999999/);
  });

  it('exports the filtered log page by page as CSV and JSON Lines, whole when joined', () => {
    const store = openStore();
    seed(store, 12_000);
    const filter: LogFilter = { modelGroup: 'chat' };
    const expected = allPages(store, filter, 500);
    for (const format of ['csv', 'jsonl'] as const) {
      const parts: string[] = [];
      let cursor: LogCursor | undefined;
      let pages = 0;
      do {
        const page = logExportPage(store, filter, format, cursor);
        parts.push(page.text);
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBeGreaterThan(1);
      const lines = parts.join('').trimEnd().split('\n');
      if (format === 'csv') {
        expect(lines[0]).toBe(CSV_COLUMNS.join(','));
        expect(lines).toHaveLength(expected.length + 1);
        expect(lines[1].split(',')[1]).toBe(expected[0].id);
        expect(lines.at(-1)?.split(',')[1]).toBe(expected.at(-1)?.id);
      } else {
        expect(lines).toHaveLength(expected.length);
        const parsed = lines.map((l) => JSON.parse(l) as { seq: number; at: string });
        expect(parsed.map((r) => r.seq)).toEqual(expected.map((r) => r.seq));
        expect(parsed[0].at).toBe(new Date(expected[0].at).toISOString());
      }
    }
  });

  it('refuses bad inputs with the field and what to do', () => {
    const bad = (name: 'logs.page' | 'logs.export' | 'logs.get', input: unknown) => {
      const parsed = calls[name].input.safeParse(input);
      expect(parsed.success, JSON.stringify(input)).toBe(false);
      return parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    expect(bad('logs.page', { filter: { fromMs: 10, toMs: 5 } })).toMatch(/toMs: toMs must be after fromMs/);
    expect(bad('logs.page', { filter: { statusClass: '3xx' } })).toMatch(/statusClass/);
    expect(bad('logs.page', { limit: 5000 })).toMatch(/limit/);
    expect(bad('logs.page', { filter: { dialect: 'chat' } })).toMatch(/dialect|Unrecognized/);
    expect(bad('logs.export', { format: 'xml' })).toMatch(/format/);
    expect(bad('logs.get', { seq: -1 })).toMatch(/seq/);
  });
});
