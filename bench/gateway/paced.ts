// The bench's paced long streams: 64 concurrent streams of 512 tokens from a simulator that keeps
// a model's pace (time to first token 20 ms, 10 ms per token), through every path. The instant
// long streams (streams.ts) measure a relay's throughput: their gaps are how fast it moves tokens
// the upstream has already written. Here the upstream, not the relay, sets the pace, so one read
// at the client is about one event, direct's gaps are the model's 10 ms, and what a path adds to
// them is delay a user would see between tokens. The paths are processes of their own, started
// for this section and pointed at the paced simulator (a second Switchyard too, not a second
// model group of the first: its CPU and RSS are then this section's alone).
//
// The per-token measure is the gap between a stream's reads minus direct's, taken in the same
// round. Each event's lateness against its stream's first event + i × ITL would not be better:
// the simulator's own ticks drift under load, so the lateness of direct's events is not zero
// either and the path's would still be read against it; a constant delay added to every token
// shows in neither (it is time to first token, measured in the core section); what a user feels
// between tokens is the jitter, and the gap's p99 shows it.
import type { ChildRegistry } from './children';
import type { LoadGenerator } from './load';
import {
  BASE_CLI,
  startNginx,
  startNodeProxy,
  startPortkey,
  startSimulator,
  startSwitchyard,
  type BenchPath,
} from './peers';
import { fmtMs, targetsTable, type Target } from './report';
import { median } from './rounds';
import {
  longStreamTable,
  STREAM_TOKENS,
  streamCell,
  summarizeStreams,
  type StreamRun,
  type StreamSummary,
} from './streams';
import { envNumber } from './settings';

export const PACED_ROUNDS = envNumber('BENCH_PACED_ROUNDS', 3);
export const PACED_DURATION_S = envNumber('BENCH_PACED_DURATION_S', 4);
export const PACED_WARMUP_S = envNumber('BENCH_PACED_WARMUP_S', 1);
export const PACED_STREAMS = envNumber('BENCH_PACED_STREAMS', 64);
export const PACE = { ttftMs: envNumber('BENCH_PACED_TTFT_MS', 20), itlMs: envNumber('BENCH_PACED_ITL_MS', 10) };
/** Issue 16's goal for the inter-token delay a relay adds at 64 streams, ms. */
const ADDED_P99_GOAL_MS = 1;

/** The paths of the section, each its own process, all pointed at one paced simulator. */
async function startPacedPaths(
  reg: ChildRegistry,
  o: { tmp: string; masterKey: string; nginxWorkers: number; nginx: boolean; portkey: boolean },
): Promise<BenchPath[]> {
  const sim = await startSimulator(reg, { pace: PACE });
  // Process names end in -paced (their logs stay apart from the instant paths'); rows keep the path's name.
  const as = (name: string) => (p: BenchPath | null) => (p ? { ...p, name } : null);
  const others = await Promise.all([
    o.nginx ? startNginx(reg, o.tmp, sim.port, o.nginxWorkers, 'nginx-paced').then(as('nginx')) : null,
    startNodeProxy(reg, process.cwd(), sim.port, 'node-proxy-paced').then(as('node-proxy')),
    o.portkey ? startPortkey(reg, sim.port, 'portkey-paced').then(as('portkey')) : null,
    startSwitchyard(reg, { name: 'switchyard-paced', tmp: o.tmp, upstreamPort: sim.port, masterKey: o.masterKey }).then(
      as('switchyard'),
    ),
    // An older build beside the current one (BENCH_BASE_CLI): a relay change's before and after.
    BASE_CLI
      ? startSwitchyard(reg, {
          name: 'switchyard-base-paced',
          tmp: o.tmp,
          upstreamPort: sim.port,
          masterKey: o.masterKey,
          cli: BASE_CLI,
        }).then(as('switchyard-base'))
      : null,
  ]);
  return [sim, ...others.filter((p): p is BenchPath => p !== null)];
}

/** The paths in round `round`'s order: turned by one each round, so no path always runs first or last. */
export const turned = <T>(xs: T[], round: number): T[] => {
  const k = xs.length ? round % xs.length : 0;
  return [...xs.slice(k), ...xs.slice(0, k)];
};

/** A path's summary with its added p99 in every round (for the verdict's spread). */
export type PacedSummary = StreamSummary & { addedP99RoundsMs?: number[] };

/** Per path: its summary, with added p50/p99 as the median of its per-round differences from direct. */
export function pacedSummaries(runs: Map<string, StreamRun[]>, concurrency: number): PacedSummary[] {
  const direct = runs.get('direct') ?? [];
  const added = (r: StreamRun[], pick: (x: StreamRun) => number | undefined) =>
    r.map((x, i) => (direct[i] ? (pick(x) ?? NaN) - (pick(direct[i]) ?? NaN) : NaN));
  return [...runs].map(([path, r]) => {
    const s = summarizeStreams(path, concurrency, r);
    if (path === 'direct') return s;
    const addedP99RoundsMs = added(r, (x) => x.gapP99Ms);
    return {
      ...s,
      addedP50Ms: median(added(r, (x) => x.gapP50Ms)),
      addedP99Ms: median(addedP99RoundsMs),
      addedP99RoundsMs,
    };
  });
}

/** Issue 16's line for the added inter-token p99 at 64 streams: paced (judged), and instant mode beside it (INFO). */
export function interTokenTargets(paced: PacedSummary[], instant: StreamSummary[] | null): Target[] {
  const sy = paced.find((c) => c.path === 'switchyard');
  const value = sy?.addedP99Ms;
  const rounds = (sy?.addedP99RoundsMs ?? []).filter(Number.isFinite);
  const spread = rounds.length ? `; rounds ${fmtMs(Math.min(...rounds))} to ${fmtMs(Math.max(...rounds))} ms` : '';
  const targets: Target[] = [
    {
      what: `added inter-token p99, ${PACED_STREAMS} streams, paced (ITL ${PACE.itlMs} ms)`,
      value: value !== undefined && Number.isFinite(value) ? `${fmtMs(value)} ms` : null,
      goal: `≤ ${ADDED_P99_GOAL_MS} ms`,
      met: value !== undefined && Number.isFinite(value) ? value <= ADDED_P99_GOAL_MS : null,
      unsure: rounds.some((v) => v <= ADDED_P99_GOAL_MS) && rounds.some((v) => v > ADDED_P99_GOAL_MS),
      note: `Switchyard's gap p99 minus direct's, per round, median over rounds: the delay between tokens a user would see${spread}`,
    },
  ];
  const sy64 = instant?.find((c) => c.path === 'switchyard' && c.concurrency === 64);
  const direct64 = instant?.find((c) => c.path === 'direct' && c.concurrency === 64);
  if (instant)
    targets.push({
      what: 'added inter-token p99, 64 streams, instant mode',
      value: sy64 && direct64 ? `${fmtMs(sy64.gapP99Ms - direct64.gapP99Ms)} ms` : null,
      goal: `(≤ ${ADDED_P99_GOAL_MS} ms)`,
      met: null,
      note: 'a throughput figure: the relay moving tokens the simulator has already written, not a delay a user would feel',
    });
  return targets;
}

/** The paced section: starts its paths, runs the rounds, prints the table and issue 16's line. */
export async function runPaced(o: {
  reg: ChildRegistry;
  tmp: string;
  masterKey: string;
  nginxWorkers: number;
  nginx: boolean;
  portkey: boolean;
  load: LoadGenerator;
  /** The instant long streams' cells, when that section ran: their line is printed beside the paced one. */
  instant: StreamSummary[] | null;
  log: (line?: string) => void;
}): Promise<void> {
  const { log } = o;
  log(
    `paced long streams: ${PACED_STREAMS} concurrent streams of ${STREAM_TOKENS} tokens (ignore_eos) from a second simulator with a model's pace ` +
      `(--ttft-ms ${PACE.ttftMs} --itl-ms ${PACE.itlMs}, --itl-batch-factor 0, --max-num-seqs 1024), every path its own process pointed at it; ` +
      `${PACED_ROUNDS} rounds (BENCH_PACED_ROUNDS), the paths' order turned each round, each cell ${PACED_WARMUP_S} s warm-up then ${PACED_DURATION_S} s measured…`,
  );
  const started = Date.now();
  const paths = await startPacedPaths(o.reg, o);
  const runs = new Map<string, StreamRun[]>(paths.map((p) => [p.name, []]));
  for (let round = 0; round < PACED_ROUNDS; round++) {
    for (const p of turned(paths, round))
      runs
        .get(p.name)!
        .push(await streamCell(p, o.load, PACED_STREAMS, { warmupS: PACED_WARMUP_S, durationS: PACED_DURATION_S }));
    log(`  paced long streams: round ${round + 1}/${PACED_ROUNDS} done`);
  }
  const cells = pacedSummaries(runs, PACED_STREAMS);
  log(
    `gap: time between consecutive reads of one stream that bring events, at the client (paced: about one event a read, direct's p50 ≈ the ITL); ` +
      'added p50/p99: the path minus direct in the same round, median over rounds; CPU µs/chunk and RSS: the server under test (process group)',
  );
  log(longStreamTable(cells, { withP50: true }));
  for (const c of cells.filter((x) => x.errors > 0))
    log(`  errors: ${c.path} (paced): ${c.errors}, the first: ${c.firstError}`);
  log(targetsTable(interTokenTargets(cells, o.instant)));
  log(`  paced section: ${((Date.now() - started) / 1000).toFixed(0)} s, its paths' start-up included`);
}
