// bench/dashboards, the Logs page: every filter the page offers, alone, over several time ranges and
// in a few combinations, first page, next page and a deep page (a cursor half-way back), timed
// through the explorer's own call (logPage → RequestLogReads.page → logPageSql, or logSearchSql with
// a free-text search: request ids, common and rare error messages, a miss); then the streamed
// export of BENCH_EXPORT_ROWS (1,000,000) rows as CSV and as JSON Lines into a file, with its rows/s
// and the process's RSS before, at its highest during, and after.
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { logPage } from '../../electron/core/logs/log-explorer';
import { writeLogExport } from '../../electron/core/logs/log-export';
import type { Store } from '../../electron/core/store';
import type { LogFilter } from '../../shared/contract-logs';

type Timed = { name: string; medianMs: number; maxMs: number };
type TimeFn = (name: string, fn: () => unknown) => Timed;

const DAY = 86_400_000;
/** The Logs page's page size (renderer/src/store/logs-slice.ts). */
const PAGE_ROWS = 200;
const EXPORT_ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The filters, each a name and the filter without its time range. */
function filters(store: Store): Array<[string, LogFilter]> {
  const keys = store.db.prepare('SELECT id FROM virtual_keys ORDER BY alias').pluck().all() as string[];
  const teams = store.db.prepare('SELECT id FROM teams ORDER BY alias').pluck().all() as string[];
  // The rows are skewed towards the first keys: the first is common, the last rare.
  const commonKey = keys[0];
  const rareKey = keys[keys.length - 1];
  const oneId = (store.db.prepare('SELECT id FROM request_logs ORDER BY seq DESC LIMIT 1 OFFSET 5000').pluck().get() ??
    'req-0') as string;
  return [
    ['time only', {}],
    ['key (common)', { keyId: commonKey }],
    ['key (rare)', { keyId: rareKey }],
    ['team', { teamId: teams[3] }],
    ['group', { modelGroup: 'vision' }],
    ['target', { deployment: 'phi-4' }],
    ['status 5xx', { statusClass: '5xx' }],
    ['status 4xx', { statusClass: '4xx' }],
    ['status 2xx', { statusClass: '2xx' }],
    ['error kind', { errorKind: 'upstream_error' }],
    ['error kind (none)', { errorKind: 'no_such_kind' }],
    ['route', { route: 'messages' }],
    ['route (none)', { route: 'vllm' }],
    ['min latency 3.1 s', { minLatencyMs: 3100 }],
    ['min cost $0.0008', { minCostUsd: 0.0008 }],
    ['search request id', { search: oneId }],
    ['search id prefix (111,111)', { search: 'req-12' }],
    ['search message (common)', { search: 'connection reset' }],
    ['search message (rare)', { search: 'CUDA out of memory' }],
    ['search (none)', { search: 'no-such-text' }],
    ['key + group', { keyId: commonKey, modelGroup: 'code' }],
    ['team + 5xx', { teamId: teams[1], statusClass: '5xx' }],
    ['group + route + latency', { modelGroup: 'chat', route: 'chat/completions', minLatencyMs: 3000 }],
    ['target + error + search', { deployment: 'qwen-8b', errorKind: 'upstream_error', search: 'req-' }],
    ['key (rare) + search message', { keyId: rareKey, search: 'connection reset' }],
    ['team + 5xx + search message', { teamId: teams[2], statusClass: '5xx', search: 'Bad Gateway' }],
    ['group + search rare message', { modelGroup: 'chat', search: 'cuda out of memory' }],
  ];
}

/** Times the Logs page's reads as of `now` and prints them: one line per filter, a cell per range. */
export function timeLogExplorer(store: Store, now: number, time: TimeFn, limitMs: number): void {
  const ranges: Array<[string, number | null]> = [
    ['all', null],
    ['24h', DAY],
    ['7d', 7 * DAY],
    ['365d', 365 * DAY],
  ];
  const all: Timed[] = [];
  const lines: string[] = [];
  for (const [label, base] of filters(store)) {
    const cells: string[] = [];
    for (const [range, span] of ranges) {
      const filter: LogFilter = span === null ? base : { ...base, fromMs: now - span, toMs: now + 1 };
      const name = `logs ${label} ${range}`;
      const timed = [time(`${name} first`, () => logPage(store, filter, undefined, PAGE_ROWS))];
      if (Number.isNaN(timed[0].medianMs)) {
        cells.push(''); // left out by BENCH_ONLY
        continue;
      }
      const first = logPage(store, filter, undefined, PAGE_ROWS);
      const next = first.nextCursor;
      if (next) timed.push(time(`${name} next`, () => logPage(store, filter, next, PAGE_ROWS)));
      // A deep page: the cursor half-way back through the range (keyset: as cheap as the first).
      const from = filter.fromMs ?? now - 365 * DAY;
      const deep = { at: Math.floor((from + now) / 2), seq: Number.MAX_SAFE_INTEGER };
      timed.push(time(`${name} deep`, () => logPage(store, filter, deep, PAGE_ROWS)));
      const shown = timed.filter((t) => !Number.isNaN(t.medianMs));
      all.push(...shown);
      cells.push(
        shown.length
          ? `${shown.map((t) => t.medianMs.toFixed(1)).join('/')} (${Math.max(...shown.map((t) => t.maxMs)).toFixed(0)})`
          : '',
      );
    }
    if (cells.some(Boolean)) lines.push(`${label.padEnd(26)} ${cells.map((c) => c.padStart(20)).join(' ')}`);
  }
  if (!all.length) return;
  console.log(
    `\nLogs page, ${PAGE_ROWS}-row pages over ${fmt(store.requestLog.count())} rows: median ms of first/next/deep page (slowest run)`,
  );
  console.log(`${'filter'.padEnd(26)} ${ranges.map(([r]) => r.padStart(20)).join(' ')}`);
  for (const line of lines) console.log(line);
  const over = all.filter((t) => t.medianMs >= limitMs);
  console.log(
    `${all.length} log reads: slowest median ${Math.max(...all.map((t) => t.medianMs)).toFixed(2)} ms, slowest run ` +
      `${Math.max(...all.map((t) => t.maxMs)).toFixed(2)} ms; ${over.length ? `over ${limitMs} ms: ${over.map((t) => `${t.name} ${t.medianMs.toFixed(0)}`).join(', ')}` : `every median under ${limitMs} ms`}`,
  );
}

/**
 * Min cost and min latency have no index: with no time range and no other term, one that matches
 * nothing reads the whole log. Timed once (named "logs scan …"), as the worst case the page's time
 * presets avoid. (A search that matches nothing is an index lookup: "search (none)" above.)
 */
export function timeLogScans(store: Store, only: RegExp | null): void {
  for (const [label, filter] of [['min cost (none), whole log', { minCostUsd: 1 }]] as Array<[string, LogFilter]>) {
    if (only && !only.test(`logs scan ${label}`)) continue;
    const t = performance.now();
    logPage(store, filter, undefined, PAGE_ROWS);
    console.log(`logs scan ${label}: ${(performance.now() - t).toFixed(0)} ms (one run; no index can serve it)`);
  }
}

/** Streams the newest EXPORT_ROWS rows to a file in `dir` as CSV and JSON Lines; prints rows/s and RSS. */
export async function benchLogExport(store: Store, dir: string): Promise<void> {
  const edge = store.db
    .prepare('SELECT at FROM request_logs INDEXED BY request_logs_at ORDER BY at DESC LIMIT 1 OFFSET ?')
    .pluck()
    .get(EXPORT_ROWS - 1) as number | undefined;
  const filter: LogFilter = edge === undefined ? {} : { fromMs: edge };
  for (const format of ['csv', 'jsonl'] as const) {
    const file = join(dir, `export.${format}`);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const out = createWriteStream(file);
    const cpu = process.cpuUsage();
    const t = performance.now();
    const rows = await writeLogExport(store, filter, format, out);
    await new Promise<void>((done, fail) => out.end((err?: Error | null) => (err ? fail(err) : done())));
    const seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const after = process.memoryUsage().rss;
    console.log(
      `logs export ${format}: ${fmt(rows)} rows, ${mib(statSync(file).size)} in ${seconds.toFixed(2)} s: ${fmt(rows / seconds)} rows/s` +
        ` (${rows / seconds >= 100_000 ? 'at least' : 'UNDER'} 100,000); ${cpuSeconds.toFixed(2)} CPU s (${fmt(rows / cpuSeconds)} rows per CPU s, the rate a free core gives);` +
        ` RSS ${mib(before)} before, ${mib(peak)} at most, ${mib(after)} after; load average ${loadavg()[0].toFixed(1)}`,
    );
    rmSync(file, { force: true });
  }
}
