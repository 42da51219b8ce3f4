// bench/dashboards, the write cost of the Logs page's search (migration 20) on the gateway's path:
// the same rows (time-ordered ids as the gateway makes them, 3.5 % failed with a trace) in the same 1,000-row commits into
// fresh stores, with migration 20 whole, without its failed-row triggers, without its request-id
// index, and without both; CPU µs per row, two rounds. Run only when BENCH_ONLY names it
// ("logs index cost"): it writes its own stores.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { timeOrderedUuid } from '../../electron/core/gateway/server';
import { Store } from '../../electron/core/store';
import type { NewRequestLog } from '../../electron/core/store/request-log';

const ROWS = 100_000;
const COMMIT_ROWS = 1000;

function batch(n: number, from: number): NewRequestLog[] {
  return Array.from({ length: n }, (_, i) => {
    const at = from + i * 10;
    const failed = (i * 7919) % 1000 < 35;
    const message = failed ? 'upstream qwen-8b answered 502: Bad Gateway (connection reset by peer)' : null;
    return {
      id: timeOrderedUuid(at),
      at,
      keyId: null,
      modelGroup: 'chat',
      deployment: 'qwen-8b',
      route: 'chat/completions',
      status: failed ? 502 : 200,
      promptTokens: 100,
      completionTokens: 50,
      costUsd: 0.0001,
      latencyMs: 300,
      ttftMs: failed ? null : 30,
      attempts: 1,
      errorClass: failed ? 'upstream_error' : null,
      trace: JSON.stringify({ attempts: [{ target: 'qwen-8b', message }], message, headers: {} }),
    };
  });
}

const WITHOUT = {
  nothing: '',
  triggers: 'DROP TRIGGER request_log_errors_insert; DROP TRIGGER request_log_errors_delete;',
  'id index': 'DROP INDEX request_logs_id_at;',
  both: 'DROP TRIGGER request_log_errors_insert; DROP TRIGGER request_log_errors_delete; DROP INDEX request_logs_id_at;',
};

export function benchLogIndexCost(): void {
  console.log(`\nlogs index cost: ${ROWS.toLocaleString('en-US')} rows in ${COMMIT_ROWS}-row commits, CPU µs per row`);
  for (const round of [1, 2]) {
    const cells: string[] = [];
    for (const [label, sql] of Object.entries(WITHOUT)) {
      const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-index-cost-'));
      const store = Store.open(dir);
      if (sql) store.db.exec(sql);
      const batches = Array.from({ length: ROWS / COMMIT_ROWS }, (_, b) => batch(COMMIT_ROWS, Date.now() + b * 10_000));
      const cpu = process.cpuUsage();
      const t = performance.now();
      for (const rows of batches) store.requestLog.insertMany(rows);
      const used = process.cpuUsage(cpu);
      const seconds = (performance.now() - t) / 1000;
      store.close();
      rmSync(dir, { recursive: true, force: true });
      cells.push(
        `without ${label} ${((used.user + used.system) / ROWS).toFixed(1)} µs (${Math.round(ROWS / seconds).toLocaleString('en-US')} rows/s)`,
      );
    }
    console.log(`round ${round}: ${cells.join(', ')}; load average ${loadavg()[0].toFixed(1)}`);
  }
}
