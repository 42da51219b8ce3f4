// bench/routing: what the routing strategies are for, measured. Three simulators of uneven
// capacity behind one Switchyard (replicas.ts); open-loop Poisson arrivals at 70, 85 and 95 % of
// their combined capacity, the same seeded sequence for every strategy (cell.ts); p50/p99
// end-to-end latency and TTFT, preemptions (the simulators' /metrics), and the requests sent to
// the slow replica while a fast one had a free slot. Then the on-demand swap (swap.ts).
// Run it with `npm run bench:routing` (builds first).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ModelGroup } from '../../shared/schemas';
import { ChildRegistry } from '../gateway/children';
import { log, table } from '../gateway/report';
import {
  closedLoop,
  MEAN_OUTPUT,
  paceVsConfigured,
  percentile,
  planArrivals,
  runCell,
  slowWhileFastFree,
  slowWhileFastFreeByGateway,
} from './cell';
import {
  capacityPerS,
  engineReading,
  gatewayIntervals,
  MODEL,
  onlyGroup,
  REPLICAS,
  startGateway,
  startReplica,
} from './replicas';
import { decisionFor, explainStray, readDecisions } from './decisions';
import { GPU, measureSwap } from './swap';
import { benchMasterKey } from '../gateway/peers';
import { envNumber } from '../gateway/settings';

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
/** 0: no warm-up, the gateway meets the replicas cold. 0 for the swap: skip it. */
const WARM = envNumber('BENCH_ROUTING_WARM', 1) !== 0;
const SWAP = envNumber('BENCH_ROUTING_SWAP', 1) !== 0;
/** The gateway's per-decision routing trace: on by default (in the temporary folder), `0` off, a path: kept there. */
const TRACE = process.env.BENCH_ROUTING_TRACE ?? '1';
/** A cell whose slowest replica streamed this much slower than its configured ITL was starved of CPU. */
const PACE_LIMIT = 1.2;
const STRATEGIES: ModelGroup['strategy'][] = (
  process.env.BENCH_ROUTING_STRATEGIES ?? 'simple-shuffle,least-busy,latency-based-routing,kv-aware'
).split(',') as ModelGroup['strategy'][];

const s = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '∞');

/** serve's telemetry scrapes each endpoint's /metrics this often (electron/core/telemetry). */
const SCRAPE_INTERVAL_MS = 5_000;
const load1 = () => loadavg()[0].toFixed(2);

/**
 * vLLM's /metrics carries no max_num_seqs (cache_config_info is its CacheConfig: blocks, block
 * size, KV tokens), so the gateway knows an endpoint's capacity only once a scrape shows a queue
 * (a deployment's comes from its --max-num-seqs before the first request). The replicas here are
 * endpoints: each first keeps max_num_seqs + 2 of mean-length requests in flight through its own
 * group for longer than a scrape interval, so the gateway has seen each queue once and answers of
 * each, as the gateway of an app that has served traffic has.
 */
async function warmUp(
  gw: Awaited<ReturnType<typeof startGateway>>,
  replicas: Awaited<ReturnType<typeof startReplica>>[],
) {
  const ms = SCRAPE_INTERVAL_MS + 3_000;
  await Promise.all(replicas.map((r) => closedLoop(gw, onlyGroup(r), r.maxNumSeqs + 2, ms, MEAN_OUTPUT)));
  return ms;
}

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

/** The issue's targets: KV/queue-aware p99 against weighted shuffle's and least busy's, and the stray count. */
function summarise(results: { share: number; strategy: string; p99: number; bad: number; starved: boolean }[]) {
  const find = (share: number, strategy: string) => results.find((r) => r.share === share && r.strategy === strategy);
  for (const share of new Set(results.map((r) => r.share))) {
    const kv = find(share, 'kv-aware');
    if (!kv) continue;
    const against = (strategy: string, label: string) => {
      const other = find(share, strategy);
      if (!other) return null;
      // A p99 past the cut-off is at least the drain time (the request waited that long and more).
      const lower = Number.isFinite(other.p99) ? 1 - kv.p99 / other.p99 : 1 - kv.p99 / (DRAIN_S * 1000);
      const sign = Number.isFinite(other.p99) ? '' : '≥ ';
      return `${sign}${(lower * 100).toFixed(0)} % lower than ${label}'s (${s(other.p99)} s)`;
    };
    const parts = [against('simple-shuffle', 'weighted shuffle'), against('least-busy', 'least busy')].filter(Boolean);
    log(
      `  ${Math.round(share * 100)} %: KV/queue-aware p99 ${s(kv.p99)} s${parts.map((p) => `, ${p}`).join('')}; sent to the slow replica while a fast one had a free slot: ${kv.bad}${kv.starved ? ' (cell STARVED)' : ''}`,
    );
  }
}

async function run(reg: ChildRegistry, tmp: string): Promise<void> {
  log('Switchyard routing bench');
  log(
    `machine: ${availableParallelism()} CPU cores; load average before the run ${loadavg()[0].toFixed(2)} (1 min)` +
      (loadavg()[0] > 0.5 ? ' — other work is running on this machine and skews these figures' : ''),
  );
  log(
    'command: npm run bench:routing   (BENCH_ROUTING_CELL_S, BENCH_ROUTING_DRAIN_S, BENCH_ROUTING_LOADS, BENCH_ROUTING_SEED, BENCH_ROUTING_STRATEGIES, BENCH_ROUTING_WARM, BENCH_ROUTING_SWAP, BENCH_ROUTING_TRACE, BENCH_COLD_START_S, BENCH_WAKE_S, BENCH_SLEEP_S change the defaults)',
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
  const tracePath = TRACE === '0' ? null : TRACE === '1' ? join(tmp, 'decisions.jsonl') : resolve(TRACE);
  if (tracePath) rmSync(tracePath, { force: true });
  const gw = await startGateway(reg, tmp, replicas, STRATEGIES, benchMasterKey(), tracePath);
  if (WARM) {
    const ms = await warmUp(gw, replicas);
    log(
      `warm-up: each replica kept max_num_seqs + 2 requests of ${MEAN_OUTPUT} tokens in flight for ${ms / 1000} s through its own group (BENCH_ROUTING_WARM=0: none, a cold gateway)`,
    );
  } else log('warm-up: none (BENCH_ROUTING_WARM=0): the gateway meets the replicas cold');
  const capacity = new Map(replicas.map((r) => [r.name, r.maxNumSeqs]));
  const slow = new Set(replicas.filter((r) => r.maxNumSeqs === Math.min(...capacity.values())).map((r) => r.name));

  const rows: string[][] = [];
  const results: { share: number; strategy: string; p99: number; bad: number; starved: boolean }[] = [];
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
      const strays = slowWhileFastFreeByGateway(intervals, slow, capacity);
      const bad = strays.length;
      const atArrival = slowWhileFastFreeByGateway(intervals, slow, capacity, 'arrival').length;
      // When in the cell they were sent: at the start (a cold gateway) or all along.
      const strayTimes = strays.length
        ? `, sent ${((Math.min(...strays.map((r) => r.sentMs)) - cellStart) / 1000).toFixed(1)}–${((Math.max(...strays.map((r) => r.sentMs)) - cellStart) / 1000).toFixed(1)} s into the cell`
        : '';
      const paces = replicas.map((r) => paceVsConfigured(records, r.name, r.itlMs));
      const worstPace = Math.max(...paces.map((p) => p ?? 0));
      const starved = worstPace > PACE_LIMIT;
      const cellLoad = load1();
      results.push({ share, strategy, p99: percentile(e2e, 99), bad, starved });
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
        paces.map((p) => (p == null ? '—' : p.toFixed(2))).join(' / ') + (starved ? ' STARVED' : ''),
        cellLoad,
      ]);
      const strayLines: string[] = [];
      // Why each of KV/queue-aware's strays went to the slow replica: the gateway's decision then.
      if (tracePath && strategy === 'kv-aware' && strays.length) {
        const decisions = readDecisions(tracePath, `${MODEL}-${strategy}`, cellStart - 1_000);
        for (const stray of strays) {
          const loggedInflight = (target: string) =>
            intervals.filter(
              (o) => o !== stray && o.target === target && o.sentMs <= stray.sentMs && o.endMs >= stray.sentMs,
            ).length;
          strayLines.push(explainStray(stray, decisionFor(decisions, stray), capacity, loggedInflight, cellStart));
        }
      }
      const firstError = records.find((r) => r.error && r.error !== 'unfinished at the cut-off')?.error;
      log(
        `  ${Math.round(share * 100)} % ${strategy}: p99 ${s(percentile(e2e, 99))} s, preemptions ${preemptions}, slow-while-fast-free ${bad}${strayTimes} (at their arrival ${atArrival}; by the client's times ${clientBad}), pace ${worstPace.toFixed(2)}× the configured ITL${starved ? ' — the simulators fell behind their configured speed: this cell is starved, not a measurement' : ''}, load average ${cellLoad}${firstError ? `; first error: ${firstError}` : ''}`,
      );
      for (const line of strayLines) log(line);
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
        `pace ${replicas.map((r) => r.name).join(' / ')}`,
        'load avg',
      ],
      rows,
    ),
  );
  log(
    'slow while fast free: requests the gateway sent to the slow replica while a fast one had fewer requests in flight from the gateway than its max_num_seqs (from the gateway’s request log: when each request was sent on — its arrival plus the served attempt’s start in the trace —, its settle time and deployment; the log line also gives the count at each request’s arrival); (client times): the same from the client’s send/end times and the x-switchyard-deployment header, which the order requests reach the gateway in can skew',
  );
  log(
    'preemptions: vllm:num_preemptions_total on the three simulators, after the cell minus before (the prompts share their prefix, so the KV pools rarely fill)',
  );
  log(
    `pace: per replica, the median of (end − first token) / (tokens − 1) over its configured ITL (1.00 = on time; above ${PACE_LIMIT}: the simulators fell behind their own speed, so the machine starved them and the cell is marked STARVED); load avg: the 1-minute load average as the cell ended (${availableParallelism()} cores)`,
  );
  log();
  summarise(results);
  for (const r of replicas) await reg.stop(r.child);
  await reg.stop(gw.child);
  if (!SWAP) {
    log();
    log(`on-demand swap: skipped (BENCH_ROUTING_SWAP=0); load average after the run ${load1()} (1 min)`);
    return;
  }

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
  log(`load average after the run ${load1()} (1 min)`);
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
