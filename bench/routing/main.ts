// bench/routing: what the routing strategies are for, measured. Three simulators of uneven
// capacity behind one Switchyard (replicas.ts); open-loop Poisson arrivals at 70, 85 and 95 % of
// their combined capacity, the same seeded sequence for every strategy (cell.ts); p50/p99
// end-to-end latency and TTFT, preemptions (the simulators' /metrics), and the requests sent to
// the slow replica while a fast one had a free slot. Then the on-demand swap (swap.ts).
// Run it with `npm run bench:routing` (builds first).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ModelGroup } from '../../shared/schemas';
import { ChildRegistry } from '../gateway/children';
import { table } from '../gateway/report';
import { MEAN_OUTPUT, percentile, planArrivals, runCell, slowWhileFastFree } from './cell';
import { capacityPerS, engineReading, MODEL, REPLICAS, startGateway, startReplica } from './replicas';
import { measureSwap } from './swap';

const envNumber = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
/** Seconds of arrivals per cell; then at most DRAIN_S for the last answers. */
const CELL_S = envNumber('BENCH_ROUTING_CELL_S', 30);
const DRAIN_S = envNumber('BENCH_ROUTING_DRAIN_S', 30);
const LOADS = (process.env.BENCH_ROUTING_LOADS ?? '0.7,0.85,0.95').split(',').map(Number);
const SEED = envNumber('BENCH_ROUTING_SEED', 16);
const COLD_START_S = envNumber('BENCH_COLD_START_S', 20);
const STRATEGIES: ModelGroup['strategy'][] = (
  process.env.BENCH_ROUTING_STRATEGIES ?? 'simple-shuffle,least-busy,latency-based-routing,kv-aware'
).split(',') as ModelGroup['strategy'][];

const log = (line = '') => process.stdout.write(`${line}\n`);
const s = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '∞');

async function idle(replicas: Awaited<ReturnType<typeof startReplica>>[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const readings = await Promise.all(replicas.map(engineReading));
    if (readings.every((r) => (r.running ?? 0) === 0 && (r.waiting ?? 0) === 0)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function run(reg: ChildRegistry, tmp: string): Promise<void> {
  log('Switchyard routing bench');
  log(
    `machine: ${availableParallelism()} CPU cores; load average before the run ${loadavg()[0].toFixed(2)} (1 min)` +
      (loadavg()[0] > 0.5 ? ' — other work is running on this machine and skews these figures' : ''),
  );
  log(
    'command: npm run bench:routing   (BENCH_ROUTING_CELL_S, BENCH_ROUTING_DRAIN_S, BENCH_ROUTING_LOADS, BENCH_ROUTING_SEED, BENCH_ROUTING_STRATEGIES, BENCH_COLD_START_S change the defaults)',
  );
  const total = REPLICAS.reduce((sum, r) => sum + capacityPerS(r, MEAN_OUTPUT), 0);
  log(
    `replicas (simulators, --itl-batch-factor 0): ${REPLICAS.map((r) => `${r.name} max-num-seqs ${r.maxNumSeqs} / ITL ${r.itlMs} ms / TTFT ${r.ttftMs} ms / ${r.gpuBlocks} KV blocks ≈ ${capacityPerS(r, MEAN_OUTPUT).toFixed(1)} req/s`).join('; ')}`,
  );
  log(
    `combined capacity ≈ ${total.toFixed(1)} req/s (max_num_seqs / (TTFT + ITL × mean output ${MEAN_OUTPUT} tokens)); prompts 16–768 words, outputs 16–112 tokens (ignore_eos), streamed`,
  );
  log(
    `cells: ${CELL_S} s of open-loop Poisson arrivals (seed ${SEED}, the same for every strategy), then up to ${DRAIN_S} s for the last answers (later ones are cut and count as ∞)`,
  );
  const replicas = await Promise.all(REPLICAS.map((r) => startReplica(reg, r)));
  const gw = await startGateway(reg, tmp, replicas, STRATEGIES, `sk-bench-${randomBytes(12).toString('hex')}`);
  const capacity = new Map(replicas.map((r) => [r.name, r.maxNumSeqs]));
  const slow = new Set(replicas.filter((r) => r.maxNumSeqs === Math.min(...capacity.values())).map((r) => r.name));

  const rows: string[][] = [];
  for (const share of LOADS) {
    const rate = total * share;
    const plan = planArrivals(rate, CELL_S, SEED);
    for (const strategy of STRATEGIES) {
      await idle(replicas);
      const before = await Promise.all(replicas.map(engineReading));
      const { records } = await runCell(gw, `${MODEL}-${strategy}`, plan, DRAIN_S);
      const after = await Promise.all(replicas.map(engineReading));
      const preemptions = after.reduce((sum, r, i) => sum + ((r.preemptions ?? 0) - (before[i].preemptions ?? 0)), 0);
      const e2e = records.map((r) => r.e2eMs);
      const ttft = records.map((r) => r.ttftMs);
      const unfinished = records.filter((r) => r.e2eMs === null).length;
      const toSlow = records.filter((r) => r.target && slow.has(r.target)).length;
      const bad = slowWhileFastFree(records, slow, capacity);
      rows.push([
        `${Math.round(share * 100)} %`,
        rate.toFixed(1),
        strategy,
        s(percentile(e2e, 50)),
        s(percentile(e2e, 99)),
        s(percentile(ttft, 50)),
        s(percentile(ttft, 99)),
        String(preemptions),
        `${toSlow} (${((toSlow / records.length) * 100).toFixed(1)} %)`,
        String(bad),
        `${records.length - unfinished}/${records.length}`,
      ]);
      const firstError = records.find((r) => r.error && r.error !== 'unfinished at the cut-off')?.error;
      log(
        `  ${Math.round(share * 100)} % ${strategy}: p99 ${s(percentile(e2e, 99))} s, slow-while-fast-free ${bad}${firstError ? `; first error: ${firstError}` : ''}`,
      );
    }
  }
  log();
  log(
    table(
      [
        'load',
        'req/s',
        'strategy',
        'e2e p50 s',
        'e2e p99 s',
        'TTFT p50 s',
        'TTFT p99 s',
        'preemptions',
        'to slow',
        'slow while fast free',
        'finished',
      ],
      rows,
    ),
  );
  log(
    'slow while fast free: requests served by the slow replica that were sent while a fast one had fewer requests in flight from the gateway than its max_num_seqs (from every request’s send/end times and the x-switchyard-deployment header)',
  );
  for (const r of replicas) await reg.stop(r.child);
  await reg.stop(gw.child);

  log();
  log(`on-demand swap (simulator processes directly; the app's on-demand machinery needs Docker):`);
  const swap = await measureSwap(reg, COLD_START_S);
  log(
    `  sleep-mode swap (sleep A, wake B, B's first token): ${swap.swapS.toFixed(3)} s; cold start (--startup-s ${COLD_START_S}) to first token: ${swap.coldS.toFixed(2)} s; ${(swap.coldS / swap.swapS).toFixed(0)}× faster (goal < 10 s and ≥ 5×)`,
  );
  log(
    '  the simulator wakes at once (it logs vLLM’s 0.87 s but does not wait): the swap figure is the mechanics plus TTFT',
  );
  log();
  log(`load average after the run ${loadavg()[0].toFixed(2)} (1 min)`);
}

async function main(): Promise<void> {
  process.chdir(resolve(__dirname, '..', '..', '..'));
  if (!existsSync('out/cli/switchyard.cjs'))
    throw new Error(
      'out/cli is not built: run `npm run bench:routing`, which builds it, or `node scripts/build-cli.mjs` first.',
    );
  const tmp = mkdtempSync(join(tmpdir(), 'switchyard-routing-'));
  const reg = new ChildRegistry(tmp);
  process.on('exit', () => {
    reg.killAllNow();
    rmSync(tmp, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      log(`\n${signal}: stopping the bench's processes…`);
      void reg.stopAll().finally(() => process.exit(130));
    });
  const started = Date.now();
  try {
    await run(reg, tmp);
  } finally {
    await reg.stopAll();
    rmSync(tmp, { recursive: true, force: true });
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; every process stopped, temporary files removed.`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/routing failed: ${(err as Error).message ?? String(err)}\n`);
  process.exit(1);
});
