// The Logs page's reads are index ranges in (at, seq) order, never a table scan or a sort: checked
// with EXPLAIN QUERY PLAN on a real SQLite file, on the very statements the store builds
// (logPageSql for each filter combination the page offers, first and later pages, and LOG_READS).
// A free-text search (logSearchSql, each side and plan) is an index lookup or an index range too:
// never a scan of the log.
import { describe, expect, it } from 'vitest';
import type { LogCursor, LogFilter } from '../../shared/contract-logs';
import { LOG_READS, logPageSql } from '../../electron/core/store/request-log-reads';
import {
  SEARCH_COUNTS,
  type SearchPlan,
  type SearchSide,
  logRowsSql,
  logFewMessagesSql,
  logSearchSql,
} from '../../electron/core/store/request-log-search';
import { useTempStores } from '../support/temp-store';
import { logRow } from '../support/log-row';

const { openStore } = useTempStores('logs-plans');

const RANGE = { fromMs: 1, toMs: 2 };
/** Each filter the page offers, alone and with a time range; the index its page must use. */
const FILTERS: Array<[string, LogFilter, RegExp]> = [
  ['nothing', {}, /SEARCH l USING INDEX request_logs_at|SCAN l USING INDEX request_logs_at/],
  ['time range', RANGE, /SEARCH l USING INDEX request_logs_at \(at>\? AND at<\?\)/],
  ['key', { ...RANGE, keyId: 'k' }, /SEARCH l USING INDEX request_logs_key_at \(key_id=\? AND at>\? AND at<\?\)/],
  ['team', { ...RANGE, teamId: 't' }, /SEARCH l USING INDEX request_logs_team_at \(team_id=\? AND at>\? AND at<\?\)/],
  [
    'group',
    { ...RANGE, modelGroup: 'g' },
    /SEARCH l USING INDEX request_logs_group_at \(model_group=\? AND at>\? AND at<\?\)/,
  ],
  [
    'target',
    { ...RANGE, deployment: 'd' },
    /SEARCH l USING INDEX request_logs_deployment_at \(deployment=\? AND at>\? AND at<\?\)/,
  ],
  [
    'key + group + target',
    { ...RANGE, keyId: 'k', modelGroup: 'g', deployment: 'd' },
    /SEARCH l USING INDEX request_logs_key_at \(key_id=\? AND at>\? AND at<\?\)/,
  ],
  // Its index holds failed rows only (migration 21); 2xx pages range over the time index.
  ['status class 2xx', { ...RANGE, statusClass: '2xx' }, /SEARCH l USING INDEX request_logs_at \(at>\? AND at<\?\)/],
  [
    'status class 4xx',
    { ...RANGE, statusClass: '4xx' },
    /SEARCH l USING INDEX request_logs_status_class_at \(<expr>=\? AND at>\? AND at<\?\)/,
  ],
  [
    'status class',
    { ...RANGE, statusClass: '5xx' },
    /SEARCH l USING INDEX request_logs_status_class_at \(<expr>=\? AND at>\? AND at<\?\)/,
  ],
  [
    'error kind',
    { ...RANGE, errorKind: 'upstream_error' },
    /SEARCH l USING INDEX request_logs_error_at \(error_class=\? AND at>\? AND at<\?\)/,
  ],
  [
    'route',
    { ...RANGE, route: 'messages' },
    /SEARCH l USING INDEX request_logs_route_at \(route=\? AND at>\? AND at<\?\)/,
  ],
  [
    'error kind + status class + route',
    { ...RANGE, errorKind: 'upstream_error', statusClass: '5xx', route: 'messages' },
    /SEARCH l USING INDEX request_logs_error_at \(error_class=\? AND at>\? AND at<\?\)/,
  ],
  [
    'team + status class',
    { ...RANGE, teamId: 't', statusClass: '4xx' },
    /SEARCH l USING INDEX request_logs_team_at \(team_id=\? AND at>\? AND at<\?\)/,
  ],
  ['min latency', { ...RANGE, minLatencyMs: 500 }, /SEARCH l USING INDEX request_logs_at \(at>\? AND at<\?\)/],
  ['min cost', { ...RANGE, minCostUsd: 0.01 }, /SEARCH l USING INDEX request_logs_at \(at>\? AND at<\?\)/],
];

function planOf(db: ReturnType<typeof openStore>['db'], sql: string, params: unknown[] | Record<string, unknown>) {
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = Array.isArray(params) ? statement.all(...params) : statement.all(params);
  return (rows as { detail: string }[]).map((r) => r.detail).join('\n');
}

const JOINS =
  /SEARCH k USING INDEX sqlite_autoindex_virtual_keys_1 \(id=\?\)[\s\S]*SEARCH t USING INDEX sqlite_autoindex_teams_1 \(id=\?\)/;

describe('logs query plans', () => {
  const cursors: Array<[string, LogCursor | undefined]> = [
    ['first page', undefined],
    ['a later page', { at: 2, seq: 9 }],
  ];
  for (const [label, filter, expected] of FILTERS) {
    for (const [page, cursor] of cursors) {
      it(`${label}, ${page}: one index range in (at, seq) order`, () => {
        const store = openStore();
        const { sql, params } = logPageSql(filter, cursor, 101);
        const plan = planOf(store.db, sql, params);
        // Without a time range a later page is still a range: the cursor bounds at from above.
        const range =
          cursor && !filter.fromMs && label === 'nothing' ? /SEARCH l USING INDEX request_logs_at \(at<\?\)/ : expected;
        expect(plan).toMatch(range);
        expect(plan).toMatch(JOINS);
        expect(plan).not.toMatch(/\bSCAN (l|request_logs)\b(?! USING INDEX)/);
        expect(plan, 'no sort: rows come in index order').not.toMatch(/TEMP B-TREE/);
      });
    }
  }

  it('the fixed reads go by key or index range', () => {
    const store = openStore();
    expect(planOf(store.db, LOG_READS.bySeq, [1])).toMatch(/SEARCH l USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(planOf(store.db, LOG_READS.countById, ['a', 1, 2])).toMatch(
      /SEARCH request_logs USING COVERING INDEX request_logs_id_at \(id=\? AND at>\? AND at<\?\)/,
    );
    const byId = planOf(store.db, LOG_READS.byIdSince, [1, 'a']);
    expect(byId).toMatch(/SEARCH l USING INDEX request_logs_id_at \(id=\? AND at>\?\)/);
    expect(byId).not.toMatch(/TEMP B-TREE/);
    expect(planOf(store.db, LOG_READS.keyName, ['k'])).toMatch(
      /SEARCH virtual_keys USING INDEX sqlite_autoindex_virtual_keys_1 \(id=\?\)/,
    );
    expect(planOf(store.db, LOG_READS.teamName, ['t'])).toMatch(
      /SEARCH teams USING INDEX sqlite_autoindex_teams_1 \(id=\?\)/,
    );
  });
});

/** Filters a search comes with: alone, with a time range, with an equality, with the rest. */
const SEARCH_FILTERS: Array<[string, LogFilter & { search: string }]> = [
  ['search alone', { search: 'req-1' }],
  ['search + time range', { ...RANGE, search: 'req-1' }],
  ['search + key', { ...RANGE, keyId: 'k', search: 'req-1' }],
  [
    'search + group + status + latency + cost',
    { ...RANGE, modelGroup: 'g', statusClass: '5xx', minLatencyMs: 1, minCostUsd: 0, search: 'reset' },
  ],
  ['search + error kind + route', { errorKind: 'upstream_error', route: 'messages', search: 'out of memory' }],
];

/** What each side's plan must use, for the filters it is chosen for; none may scan a table whole. */
const SEARCH_PLANS: Array<[SearchSide, SearchPlan, (f: LogFilter) => boolean, RegExp[]]> = [
  ['id', 'few', () => true, [/SEARCH c USING COVERING INDEX request_logs_id_at \(id>\? AND id<\?\)/]],
  ['id', 'scan', () => true, [/(SEARCH|SCAN) l USING INDEX request_logs_(\w+_)?at\b/, JOINS]],
  [
    'message',
    'few',
    () => true,
    [/SCAN request_log_error_search VIRTUAL TABLE INDEX 0:M/, /SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)/],
  ],
  ['message', 'many', (f) => !equality(f), [/(SEARCH|SCAN) c USING INDEX request_log_errors_at/]],
  [
    'message',
    'scan',
    equality,
    [
      /CO-ROUTINE m\n.*SEARCH l USING (COVERING )?INDEX request_logs_(key|group|error)_at/,
      /SEARCH c EXISTS USING INTEGER PRIMARY KEY \(rowid=\?\)/,
      /SCAN m\n.*SEARCH l USING INTEGER PRIMARY KEY \(rowid=\?\)/,
      JOINS,
    ],
  ],
];

function equality(f: LogFilter): boolean {
  return f.keyId !== undefined || f.modelGroup !== undefined || f.errorKind !== undefined;
}

describe('logs search query plans', () => {
  for (const [side, plan, applies, expected] of SEARCH_PLANS) {
    for (const [label, filter] of SEARCH_FILTERS.filter(([, f]) => applies(f))) {
      for (const cursor of [undefined, { at: 2, seq: 9 }]) {
        it(`${side} side, ${plan} plan, ${label}, ${cursor ? 'a later page' : 'first page'}: through its index`, () => {
          const store = openStore();
          const { sql, params } = logSearchSql(side, plan, filter, cursor, 101);
          const steps = planOf(store.db, sql, { ...params, window: 101 });
          for (const step of expected) expect(steps).toMatch(step);
          expect(steps, 'no scan of the log').not.toMatch(/\bSCAN (l|c|request_logs)\b(?! USING (COVERING )?INDEX)/);
          // A message scan sorts its page's rows only (after SCAN m), never the range it walks.
          const walk = side === 'message' && plan === 'scan' ? steps.split('SCAN m')[0] : steps;
          if (plan !== 'few') expect(walk, 'in index order, no sort').not.toMatch(/TEMP B-TREE/);
          if (plan === 'many' && (filter.fromMs !== undefined || cursor))
            expect(steps).toMatch(/SEARCH c USING INDEX request_log_errors_at \(at/);
        });
      }
    }
  }

  it('reads a page of few message matches and other terms from the FTS index, each row by rowid', () => {
    for (const [label, filter] of SEARCH_FILTERS) {
      for (const cursor of [undefined, { at: 2, seq: 9 }]) {
        const store = openStore();
        const { sql, params } = logFewMessagesSql(filter, cursor, 101);
        const steps = planOf(store.db, sql, params);
        expect(steps, label).toMatch(/SEARCH l USING INTEGER PRIMARY KEY \(rowid=\?\)/);
        expect(steps, label).toMatch(/SCAN request_log_error_search VIRTUAL TABLE INDEX 0:M/);
        expect(steps, label).toMatch(/SEARCH c EXISTS USING INTEGER PRIMARY KEY \(rowid=\?\)/);
        if (filter.fromMs !== undefined || cursor)
          expect(steps, `${label}: the time checked on the error texts`).toMatch(
            /SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)/,
          );
        expect(steps, label).toMatch(JOINS);
        expect(steps, label).not.toMatch(/\bSCAN (l|c|request_logs)\b/);
      }
    }
  });

  it("reads the candidates' log rows by rowid", () => {
    const store = openStore();
    const { sql, params } = logRowsSql({ keyId: 'k', statusClass: '5xx', minCostUsd: 1, search: 'x' });
    const steps = planOf(store.db, sql, { ...params, seqs: '[1,2]' });
    expect(steps).toMatch(/SEARCH l USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(steps).toMatch(JOINS);
    expect(steps).not.toMatch(/\bSCAN l\b/);
  });

  it('counts each side through its index', () => {
    const store = openStore();
    expect(planOf(store.db, SEARCH_COUNTS.id, { idFrom: 'a', idTo: 'b', cap: 5 })).toMatch(
      /SEARCH request_logs USING COVERING INDEX request_logs_id_at \(id>\? AND id<\?\)/,
    );
    expect(planOf(store.db, SEARCH_COUNTS.message, { phrase: '"abc"', cap: 5 })).toMatch(
      /SCAN request_log_error_search VIRTUAL TABLE INDEX 0:M/,
    );
  });

  it('a successful row without a team adds no entry to the error kind, team and status class indexes', () => {
    const store = openStore();
    const row = (id: string, status: number, errorClass: string | null, teamId: string | null) =>
      logRow({ id, at: 1_000, teamId, deployment: 'a', status, errorClass, route: 'chat/completions' });
    store.requestLog.insertMany([
      row('ok', 200, null, null),
      row('ok-2', 200, null, null),
      row('failed', 503, 'upstream_error', 't'),
    ]);
    const entries = (index: string) =>
      (
        store.db.prepare(`SELECT sum(ncell) AS n FROM dbstat WHERE name = ? AND pagetype = 'leaf'`).get(index) as {
          n: number;
        }
      ).n;
    for (const index of ['request_logs_error_at', 'request_logs_team_at', 'request_logs_status_class_at'])
      expect(entries(index), index).toBe(1);
    expect(entries('request_logs_at'), 'a full index, for scale').toBe(3);
  });
});
