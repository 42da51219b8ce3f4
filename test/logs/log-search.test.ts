// The Logs page's free-text search on a real SQLite file (migration 20): rows found by the start of
// their request id, or — failed rows only — by part of their error kind, the message sent back or
// an attempt's message, ASCII case ignored; each search paged by keyset under other filters and
// compared with the same search over all rows in memory. Every search runs twice: with the
// candidate plans (matches straight from the search indexes) and, on a reader whose caps are 3
// matches, the plans for many matches (an index walked by time, each row checked). Then the index follows the log:
// rows pruned by retention leave the search.
import { describe, expect, it } from 'vitest';
import type { LogCursor, LogFilter, LogRow } from '../../shared/contract-logs';
import type { Store } from '../../electron/core/store';
import type { NewRequestLog } from '../../electron/core/store/request-log';
import { RequestLogReads } from '../../electron/core/store/request-log-reads';
import { useTempStores } from '../support/temp-store';

const { openStore } = useTempStores('logs-search');
const T0 = Date.UTC(2026, 10, 1);

const MESSAGES = [
  'upstream qwen-8b answered 502: Bad Gateway (connection reset by peer)',
  'CUDA out of memory. Tried to allocate 20 MiB',
  'Überlast: 100% of the GPU_queue "busy"',
  null,
];

/** What a failed row's search text holds: its kind, its message, its attempts' messages. */
const errorTexts = new Map<string, string>();

function seed(store: Store, n: number) {
  const rows: NewRequestLog[] = Array.from({ length: n }, (_, i) => {
    const failed = i % 3 === 0;
    const message = failed ? MESSAGES[i % 4] : null;
    const attemptMessage = failed && i % 5 === 0 ? 'timeout after 30 s from llama-70b' : null;
    const id = i % 50 === 0 ? `Playground-${i}` : i % 7 === 0 ? `chatcmpl-${i}` : `req-${i}`;
    if (failed)
      errorTexts.set(id + i, [i % 2 ? 'upstream_error' : 'no_healthy_deployment', message, attemptMessage].join(' '));
    return {
      id,
      at: T0 + Math.floor(i / 2) * 1000,
      keyId: null,
      teamId: i % 4 ? 'team-1' : null,
      modelGroup: i % 2 ? 'chat' : 'code',
      deployment: 'a',
      route: 'chat/completions',
      status: failed ? 502 : 200,
      promptTokens: 1,
      completionTokens: 1,
      costUsd: 0,
      latencyMs: i % 10,
      ttftMs: null,
      attempts: attemptMessage ? 2 : 1,
      errorClass: failed ? (i % 2 ? 'upstream_error' : 'no_healthy_deployment') : null,
      trace: failed
        ? JSON.stringify({
            attempts: attemptMessage ? [{ message: attemptMessage }, { message }] : [{ message }],
            message,
          })
        : null,
    };
  });
  store.requestLog.insertMany(rows);
  return rows;
}

const lowerAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The search as the Logs page promises it, over one row. */
function found(r: LogRow, i: number, search: string): boolean {
  if (r.id.startsWith(search)) return true;
  const text = errorTexts.get(r.id + i);
  return text !== undefined && [...search].length >= 3 && lowerAscii(text).includes(lowerAscii(search));
}

function allPages(reads: RequestLogReads, filter: LogFilter, limit: number): LogRow[] {
  const out: LogRow[] = [];
  let cursor: LogCursor | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = reads.page(filter, cursor, limit);
    out.push(...page.rows);
    if (!page.nextCursor) return out;
    expect(page.rows.length).toBe(limit);
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('free-text search of the request log', () => {
  it('finds ids by their start and failed rows by their error text, page by page, with either plan', () => {
    const store = openStore();
    seed(store, 400);
    const everything = allPages(new RequestLogReads(store.db), {}, 500);
    // The seq of each row is its index + 1 (one insert, in order).
    const searches = [
      'req-1', // many ids
      'Playground-', // few ids: case matters in an id
      'playground-',
      'chatcmpl-35', // one id, and its longer ones
      'CONNECTION RESET', // messages: ASCII case ignored
      'cuda out',
      'überlast', // Ü is not ASCII: only Ü matches it
      'Überlast',
      '100% of', // % and _ and " are plain characters
      'GPU_queue "busy"',
      'timeout after', // an attempt's message
      'healthy', // the error kind
      're', // under 3 characters: ids only
      'no-such-text',
    ];
    const filters: Array<Omit<LogFilter, 'search'>> = [
      {},
      { fromMs: T0 + 20_000, toMs: T0 + 150_000 },
      { teamId: 'team-1', minLatencyMs: 3 },
      { modelGroup: 'chat', statusClass: '5xx' },
    ];
    // Default caps: ids and messages as candidates. Caps of 3: ids by a scan of the filter's range,
    // messages by the error texts' time index or, under an equality, by a scan of its range.
    const plans = [new RequestLogReads(store.db), new RequestLogReads(store.db, { ids: 3, messages: 3 })];
    let nonEmpty = 0;
    for (const search of searches) {
      for (const base of filters) {
        const filter: LogFilter = { ...base, search };
        const expected = everything
          .filter((r) => found(r, r.seq - 1, search) && matchesRest(r, base))
          .map((r) => r.seq);
        if (expected.length) nonEmpty++;
        for (const reads of plans) {
          for (const limit of [3, 100]) {
            expect(
              allPages(reads, filter, limit).map((r) => r.seq),
              JSON.stringify({ filter, limit }),
            ).toEqual(expected);
          }
        }
      }
    }
    expect(nonEmpty).toBeGreaterThan(30);
  });

  it('rows the retention pass deletes leave the search; new failed rows join it', () => {
    const store = openStore();
    seed(store, 90);
    const reads = new RequestLogReads(store.db);
    expect(reads.page({ search: 'cuda out' }, undefined, 100).rows.length).toBeGreaterThan(0);
    store.requestLog.deleteOlderThan(T0 + 1_000_000);
    expect(reads.page({ search: 'cuda out' }, undefined, 100).rows).toEqual([]);
    expect(store.db.prepare('SELECT count(*) FROM request_log_errors').pluck().get()).toBe(0);
    store.requestLog.insertMany([
      {
        id: 'later',
        at: T0 + 2_000_000,
        keyId: null,
        modelGroup: 'chat',
        deployment: null,
        status: 503,
        promptTokens: 0,
        completionTokens: 0,
        costUsd: 0,
        latencyMs: 1,
        ttftMs: null,
        attempts: 1,
        errorClass: 'no_healthy_deployment',
        trace: JSON.stringify({ attempts: [], message: 'every target of chat is cooling down' }),
      },
    ]);
    expect(reads.page({ search: 'Cooling Down' }, undefined, 100).rows.map((r) => r.id)).toEqual(['later']);
  });
});

function matchesRest(r: LogRow, f: Omit<LogFilter, 'search'>): boolean {
  return (
    (f.fromMs === undefined || r.at >= f.fromMs) &&
    (f.toMs === undefined || r.at < f.toMs) &&
    (f.teamId === undefined || r.teamId === f.teamId) &&
    (f.modelGroup === undefined || r.modelGroup === f.modelGroup) &&
    (f.statusClass === undefined || Math.floor(r.status / 100) === Number(f.statusClass[0])) &&
    (f.minLatencyMs === undefined || r.latencyMs >= f.minLatencyMs)
  );
}
