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
import { MEAN_OUTPUT, percentile, planArrivals, runCell, slowWhileFastFree, slowWhileFastFreeByGateway } from './cell';
import { capacityPerS, engineReading, gatewayIntervals, MODEL, REPLICAS, startGateway, startReplica } from './replicas';
import { GPU, measureSwap } from './swap';

const envNumber = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
/** Seconds of arrivals per cell; then at most DRAIN_S for the last answers. */
const CELL_S = envNumber('BENCH_ROUTING_CELL_S', 30);
const DRAIN_S = envNumber('BENCH_ROUTING_DRAIN_S', 30);
const LOADS = (process.env.BENCH_ROUTING_LOADS ?? '0.7,0.85,0.95').split(',').map(Number);
const SEED = envNumber('BENCH_ROUTING_SEED', 16);
/** A cold start's engine start-up, s: vLLM takes minutes (weights, compile, CUDA graphs); a minute is the short end. */
const COLD_START_S = envNumber('BENCH_COLD_START_S', 60);
/** Simulated wake-up times for the swap (vLLM: 0.1–6 s from sleep level 1), and the time to fall asleep. */
const WAKE_S = (process.env.BENCH_WAKE_S ?? '0.9,6').split(',').map(Number);
const SLEEP_S = envNumber('BENCH_SLEEP_S', 0.4);
const STRATEGIES: ModelGroup['strategy'][] = (
  process.env.BENCH_ROUTING_STRATEGIES ?? 'simple-shuffle,least-busy,latency-based-routing,kv-aware'
).split(',') as ModelGroup['strategy'][];

const log = (line = '') => process.stdout.write(`${line}\n`);
const s = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '∞');

/** serve's telemetry scrapes each endpoint's /metrics this often (electron/core/telemetry). */
const SCRAPE_INTERVAL_MS = 5_000;

/**
 * Until the simulators are idle, and then one scrape interval more, so the gateway's last scrape
 * shows them idle too: a cell does not start with the previous cell's queue (its requests cut at
 * the drain deadline still counted by the engines) taken for another client's load.
 */
async function idle(replicas: Awaited<ReturnType<typeof startReplica>>[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const readings = await Promise.all(replicas.map(engineReading));
    if (readings.every((r) => (r.running ?? 0) === 0 && (r.waiting ?? 0) === 0)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await new Promise((r) => setTimeout(r, SCRAPE_INTERVAL_MS + 1_000));
}

async function run(reg: ChildRegistry, tmp: string): Promise<void> {
  log('Switchyard routing bench');
  log(
    `machine: ${availableParallelism()} CPU cores; load average before the run ${loadavg()[0].toFixed(2)} (1 min)` +
      (loadavg()[0] > 0.5 ? ' — other work is running on this machine and skews these figures' : ''),
  );
  log(
    'command: npm run bench:routing   (BENCH_ROUTING_CELL_S, BENCH_ROUTING_DRAIN_S, BENCH_ROUTING_LOADS, BENCH_ROUTING_SEED, BENCH_ROUTING_STRATEGIES, BENCH_COLD_START_S, BENCH_WAKE_S, BENCH_SLEEP_S change the defaults)',
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
      const cellStart = Date.now();
      const { records } = await runCell(gw, `${MODEL}-${strategy}`, plan, DRAIN_S);
      const after = await Promise.all(replicas.map(engineReading));
      const preemptions = after.reduce((sum, r, i) => sum + ((r.preemptions ?? 0) - (before[i].preemptions ?? 0)), 0);
      const e2e = records.map((r) => r.e2eMs);
      const ttft = records.map((r) => r.ttftMs);
      const unfinished = records.filter((r) => r.e2eMs === null).length;
      const toSlow = records.filter((r) => r.target && slow.has(r.target)).length;
      const clientBad = slowWhileFastFree(records, slow, capacity);
      const logged = records.filter((r) => r.target).length;
      const intervals = await gatewayIntervals(gw, `${MODEL}-${strategy}`, cellStart, logged);
      const bad = slowWhileFastFreeByGateway(intervals, slow, capacity);
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
        String(clientBad),
        `${records.length - unfinished}/${records.length}`,
      ]);
      const firstError = records.find((r) => r.error && r.error !== 'unfinished at the cut-off')?.error;
      log(
        `  ${Math.round(share * 100)} % ${strategy}: p99 ${s(percentile(e2e, 99))} s, preemptions ${preemptions}, slow-while-fast-free ${bad} (by the client's times ${clientBad})${firstError ? `; first error: ${firstError}` : ''}`,
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
        '(client times)',
        'finished',
      ],
      rows,
    ),
  );
  log(
    'slow while fast free: requests served by the slow replica that the gateway took in while a fast one had fewer requests in flight from the gateway than its max_num_seqs (from the gateway’s request log: every request’s arrival, settle time and deployment); (client times): the same from the client’s send/end times and the x-switchyard-deployment header, which the order requests reach the gateway in can skew',
  );
  log(
    'preemptions: vllm:num_preemptions_total on the three simulators, after the cell minus before (the prompts share their prefix, so the KV pools rarely fill)',
  );
  for (const r of replicas) await reg.stop(r.child);
  await reg.stop(gw.child);

  log();
  log(
    `on-demand swap (simulator processes directly; the app's on-demand machinery needs Docker): two engines of ${GPU.engineGib} GiB on one simulated ${GPU.budgetGib} GiB GPU, one awake at a time; the asleep one keeps ${GPU.asleepGib} GiB`,
  );
  const swap = await measureSwap(reg, COLD_START_S, WAKE_S, SLEEP_S);
  for (const w of swap.swaps)
    log(
      `  request for the asleep engine → first token (sleep the other ${w.sleepS} s, wake ${w.wakeS} s, simulated): ${w.swapS.toFixed(2)} s (${(w.swapS - w.sleepS - w.wakeS).toFixed(2)} s beyond the sleep and wake), peak ${w.peakGib.toFixed(2)} of ${GPU.budgetGib} GiB; ${(swap.coldS / w.swapS).toFixed(1)}× faster than the cold start (goal < 10 s and ≥ 5×)`,
    );
  log(`  cold start (a new engine, --startup-s ${COLD_START_S}) → first token: ${swap.coldS.toFixed(2)} s`);
  log(
    '  the wake and sleep times are the simulators’ (--wake-up-s, --sleep-s); what is measured is the swap’s sequence and HTTP around them, and the first token after',
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
