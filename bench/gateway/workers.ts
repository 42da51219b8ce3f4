// bench/gateway/workers.ts: requests/s of `serve --gateway-workers N` for N = 1 and 2 with the
// state in Redis, beside one gateway process keeping it in memory (the default). The requests use
// a virtual key with a budget and an rpm limit, so every request holds and settles through the
// shared state; one simulator in instant mode is the upstream. Run it with
//   node scripts/build-cli.mjs && node bench/gateway/build.mjs &&
//   node scripts/bundle.mjs bench/gateway/workers.ts out/bench/gateway/workers.cjs && node out/bench/gateway/workers.cjs
// Needs Debian's redis-server (/usr/bin/redis-server). BENCH_WORKERS_S sets seconds per cell.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildRegistry, freePort } from './children';
import { REQUEST } from './core';
import { LoadGenerator } from './load';
import { benchMasterKey, startSimulator, startSwitchyard } from './peers';
import { log, table } from './report';

const SECONDS = Number(process.env.BENCH_WORKERS_S ?? 8);
const CONCURRENCY = 32;

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'switchyard-bench-workers-'));
  const reg = new ChildRegistry(tmp);
  try {
    const redisPort = await freePort();
    reg.start('redis', '/usr/bin/redis-server', [
      '--port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--dir',
      tmp,
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const sim = await startSimulator(reg);
    const load = LoadGenerator.start(reg);
    const rows: string[][] = [];
    const cells: Array<{ name: string; env: Record<string, string> }> = [
      { name: 'in memory, 1 process', env: {} },
      { name: 'Redis, 1 worker', env: { SWITCHYARD_REDIS_URL: redisUrl } },
      { name: 'Redis, 2 workers', env: { SWITCHYARD_REDIS_URL: redisUrl, SWITCHYARD_GATEWAY_WORKERS: '2' } },
    ];
    for (const [i, cell] of cells.entries()) {
      const masterKey = benchMasterKey();
      const sy = await startSwitchyard(reg, {
        name: `switchyard-${i}`,
        tmp,
        upstreamPort: sim.port,
        masterKey,
        priced: true,
        extraEnv: cell.env,
      });
      // A budgeted, rate-limited key: every request reserves and settles through the state.
      const key = execFileSync(
        process.execPath,
        [
          'out/cli/switchyard.cjs',
          'keys',
          'create',
          '--data-dir',
          sy.dataDir,
          '--budget',
          '100000',
          '--rpm',
          '10000000',
        ],
        { encoding: 'utf8' },
      ).split('\n')[0];
      const result = await load.measure({
        url: sy.url,
        headers: { ...sy.headers, authorization: `Bearer ${key}` },
        body: JSON.stringify(REQUEST),
        concurrency: CONCURRENCY,
        warmupS: 2,
        durationS: SECONDS,
        measure: 'complete',
      });
      rows.push([
        cell.name,
        result.requestsPerS.toFixed(0),
        result.p50Ms.toFixed(1),
        result.p99Ms.toFixed(1),
        String(result.errors),
      ]);
      await reg.stop(sy.child);
    }
    log(`gateway workers: c=${CONCURRENCY}, ${SECONDS} s per cell, ${availableParallelism()} CPUs`);
    log(table(['gateway', 'req/s', 'p50 ms', 'p99 ms', 'errors'], rows));
  } finally {
    await reg.stopAll();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench/gateway/workers: ${(err as Error).message}`);
  process.exit(1);
});
