// The core tables of bench/gateway: the short chat completion through every path at
// concurrency 1 and 32 (and streamed at 1 for time to first token), in rounds, with the
// gateway's RSS after the load, the cost of request logging and the targets with PASS/MISS.
import { groupCpuSeconds } from './cpu';
import type { LoadGenerator } from './load';
import type { LoadSpec } from './load-spec';
import { latestRequestCaptured } from './capture';
import { type BenchPath, memoryMb, SIM_MODEL, type SwitchyardPath, switchyardStatus } from './peers';
import { errorNotes, targetsTable, throughputTable, ttftTable, type Target } from './report';
import { type CellKey, type Measured, RoundResults } from './rounds';
import { envNumber } from './settings';

/** Rounds: every cell runs once per round, and the report gives medians over rounds. */
export const ROUNDS = envNumber('BENCH_ROUNDS', 4);
/** Seconds measured per cell per round, after WARMUP_S of unrecorded load on the same connections. */
export const DURATION_S = envNumber('BENCH_DURATION_S', 2);
export const WARMUP_S = envNumber('BENCH_WARMUP_S', 0.5);
/** Before the rounds, every path gets this long at concurrency 32 unrecorded: JIT, pools and heaps settle. */
export const PRIME_S = envNumber('BENCH_PRIME_S', 3);
/** nginx worker processes: 1 by default, as the gateway is one Node process. */
export const NGINX_WORKERS = envNumber('BENCH_NGINX_WORKERS', 1);
const CONCURRENCIES = [1, 32];

export const REQUEST = {
  model: SIM_MODEL,
  messages: [{ role: 'user', content: 'Say hello in a few words.' }],
  max_tokens: 16,
};

interface PlannedCell extends CellKey {
  target: BenchPath;
}

function spec(cell: PlannedCell, warmupS = WARMUP_S, durationS = DURATION_S): LoadSpec {
  return {
    url: cell.target.url,
    headers: cell.target.headers,
    body: JSON.stringify(cell.stream ? { ...REQUEST, stream: true } : REQUEST),
    concurrency: cell.concurrency,
    warmupS,
    durationS,
    measure: cell.stream ? 'first-token' : 'complete',
  };
}

/**
 * The plan with Switchyard's three concurrency-32 cells (logging on, logging off, body capture on),
 * which run one after another, in the reverse order: so that each pair swaps places between rounds.
 */
function swapSwitchyardCells(plan: PlannedCell[]): PlannedCell[] {
  const at = (path: string) => plan.findIndex((c) => c.path === path && c.concurrency === 32 && !c.stream);
  const cells = ['switchyard', 'switchyard-nolog', 'switchyard-capture'].map(at).filter((i) => i >= 0);
  const swapped = [...plan];
  cells.forEach((i, k) => {
    swapped[i] = plan[cells[cells.length - 1 - k]];
  });
  return swapped;
}

const cellKey = (path: string, concurrency: number, stream = false): CellKey => ({ path, concurrency, stream });

const range = (r: { min: number; max: number }, digits: number, unit = '') =>
  `${r.min.toFixed(digits)}${unit}–${r.max.toFixed(digits)}${unit}`;

export interface CorePaths {
  paths: BenchPath[];
  sim: BenchPath;
  viaNginx: BenchPath | null;
  viaNode: BenchPath | null;
  viaPortkey: BenchPath | null;
  switchyard: SwitchyardPath;
  switchyardNoLog: SwitchyardPath;
  /** Body capture on for every key (issue 15), or null when not started. */
  switchyardCapture: SwitchyardPath | null;
  load: LoadGenerator;
  log: (line?: string) => void;
}

export async function runCore({
  paths,
  sim,
  viaNginx,
  viaNode,
  viaPortkey,
  switchyard,
  switchyardNoLog,
  switchyardCapture,
  load,
  log,
}: CorePaths): Promise<void> {
  const plan: PlannedCell[] = [
    ...CONCURRENCIES.flatMap((c) => paths.map((p) => ({ ...cellKey(p.name, c), target: p }))),
    // Beside Switchyard's own concurrency-32 cell, so the two differ only in logging; their order
    // alternates between rounds, so a machine growing busier or quieter favours neither.
    { ...cellKey(switchyardNoLog.name, 32), target: switchyardNoLog },
    // And beside them the same with body capture on (issue 15: what capturing costs per request).
    ...(switchyardCapture ? [{ ...cellKey(switchyardCapture.name, 32), target: switchyardCapture }] : []),
    { ...cellKey(sim.name, 1, true), target: sim },
    { ...cellKey(switchyard.name, 1, true), target: switchyard },
  ];
  const primed = [sim, viaNginx, viaNode, viaPortkey, switchyard, switchyardNoLog, switchyardCapture].filter(
    (p): p is BenchPath => p !== null,
  );
  const totalS = primed.length * PRIME_S + ROUNDS * plan.length * (WARMUP_S + DURATION_S);
  log(`all paths answer; priming, then ${plan.length} cells × ${ROUNDS} rounds (about ${Math.round(totalS)} s)…`);
  for (const p of primed) await load.measure(spec({ ...cellKey(p.name, 32), target: p }, 0, PRIME_S));

  const results = new RoundResults();
  for (let round = 1; round <= ROUNDS; round++) {
    const started = Date.now();
    for (const cell of round % 2 === 0 ? swapSwitchyardCells(plan) : plan) {
      const pgid = cell.target.child.proc.pid!;
      const cpuBefore = groupCpuSeconds(pgid);
      const result = await load.measure(spec(cell));
      const cpuUsPerRequest = ((groupCpuSeconds(pgid) - cpuBefore) * 1e6) / result.completed;
      results.add(cell, { ...result, cpuUsPerRequest });
    }
    const sy32 = results.summary(cellKey('switchyard', 32));
    log(
      `  round ${round}/${ROUNDS} done in ${((Date.now() - started) / 1000).toFixed(0)} s (switchyard c=32 median so far ${Math.round(sy32?.requestsPerS ?? NaN)} req/s)`,
    );
  }

  const status = await switchyardStatus(switchyard);
  const memory = status.pid ? memoryMb(status.pid) : null;
  const noLogStatus = await switchyardStatus(switchyardNoLog);
  const captured = switchyardCapture ? await latestRequestCaptured(switchyardCapture) : false;

  log();
  log(`figures are medians over ${ROUNDS} rounds; (min–max) is the spread of requests/s between rounds;`);
  log(
    'CPU µs/req: CPU time of the server under test per answered request, warm-up included (the simulator for direct; otherwise the proxy alone: for Switchyard, serve and its gateway process)',
  );
  log(throughputTable(results.summaries((k) => !k.stream)));
  log();
  log(ttftTable(results.summaries((k) => k.stream)));
  log();

  const sy32 = cellKey('switchyard', 32);
  const rps = (a: Measured, b: Measured) => a.requestsPerS / b.requestsPerS;
  const p50Diff = (a: Measured, b: Measured) => a.p50Ms - b.p50Ms;
  const vsNginx = results.paired(sy32, cellKey('nginx', 32), rps);
  const vsPortkey = results.paired(sy32, cellKey('portkey', 32), rps);
  const vsNode = results.paired(sy32, cellKey('node-proxy', 32), rps);
  const nodeVsNginx = results.paired(cellKey('node-proxy', 32), cellKey('nginx', 32), rps);
  const cpuVsNode = results.paired(sy32, cellKey('node-proxy', 32), (a, b) => a.cpuUsPerRequest / b.cpuUsPerRequest);
  const addedVsNode = results.paired(cellKey('switchyard', 1), cellKey('node-proxy', 1), p50Diff);
  const addedP50 = results.paired(cellKey('switchyard', 1), cellKey('direct', 1), p50Diff)!;
  const nginxAddedP50 = results.paired(cellKey('nginx', 1), cellKey('direct', 1), p50Diff);
  const loggingCost = results.paired(sy32, cellKey('switchyard-nolog', 32), (a, b) => 1 - rps(a, b))!;
  // With the gateway the bottleneck, requests/s goes as 1 / CPU per request: this estimate of the
  // same cost is far less disturbed by other work on the machine than requests/s is.
  const loggingCpu = results.paired(
    sy32,
    cellKey('switchyard-nolog', 32),
    (a, b) => 1 - b.cpuUsPerRequest / a.cpuUsPerRequest,
  )!;
  const syCapture = cellKey('switchyard-capture', 32);
  const captureCpu = results.paired(syCapture, sy32, (a, b) => a.cpuUsPerRequest / b.cpuUsPerRequest - 1);
  const captureRps = results.paired(sy32, syCapture, (a, b) => 1 - rps(b, a));
  const ttftAdded = results.paired(cellKey('switchyard', 1, true), cellKey('direct', 1, true), p50Diff)!;
  const loggingHonoured = noLogStatus.requestsLogged === 0;
  const rounds = (r: { min: number; max: number }, digits: number, unit = '') =>
    `rounds ranged ${range(r, digits, unit)}`;
  const straddles = (r: { min: number; max: number } | null, goal: number) =>
    r !== null && r.min < goal && r.max > goal;

  const cpu = (path: string, c: number) => results.summary(cellKey(path, c))?.cpuUsPerRequest ?? NaN;
  const cpuNote = (peer: string) =>
    `; CPU per request at c=32: switchyard ${Math.round(cpu('switchyard', 32))} µs, ${peer} ${Math.round(cpu(peer, 32))} µs`;

  const targets: Target[] = [
    {
      what: 'Switchyard / nginx, requests/s at c=32',
      value: vsNginx && `${vsNginx.median.toFixed(2)}×`,
      goal: '≥ 0.6×',
      met: vsNginx && vsNginx.median >= 0.6,
      unsure: straddles(vsNginx, 0.6),
      note: vsNginx ? rounds(vsNginx, 2, '×') + cpuNote('nginx') : 'nginx was skipped',
    },
    {
      what: 'Switchyard / Portkey, requests/s at c=32',
      value: vsPortkey && `${vsPortkey.median.toFixed(2)}×`,
      goal: '≥ 6×',
      met: vsPortkey && vsPortkey.median >= 6,
      unsure: straddles(vsPortkey, 6),
      note: vsPortkey ? rounds(vsPortkey, 2, '×') + cpuNote('portkey') : "Portkey's gateway was skipped",
    },
    {
      what: 'added p50 vs direct at c=1',
      value: `${addedP50.median.toFixed(3)} ms`,
      goal: '≤ 0.3 ms',
      met: addedP50.median <= 0.3,
      unsure: straddles(addedP50, 0.3),
      note: rounds(addedP50, 3, ' ms') + (nginxAddedP50 ? `; nginx adds ${nginxAddedP50.median.toFixed(3)} ms` : ''),
    },
    {
      what: 'gateway RSS after the load (VmRSS)',
      value: memory ? `${memory.rssMb.toFixed(1)} MB` : null,
      goal: '≤ 150 MB',
      met: memory ? memory.rssMb <= 150 : null,
      note: memory
        ? `gateway pid ${status.pid}; its peak (VmHWM) was ${memory.peakMb.toFixed(1)} MB`
        : `no gateway pid from system.status (state ${status.state})`,
    },
    {
      what: 'logging cost, requests/s at c=32',
      value: `${(loggingCost.median * 100).toFixed(1)} %`,
      goal: '≤ 10 %',
      met: loggingHonoured ? loggingCost.median <= 0.1 : null,
      unsure: straddles(loggingCost, 0.1),
      note: loggingHonoured
        ? `${rounds({ min: loggingCost.min * 100, max: loggingCost.max * 100 }, 1, ' %')}; ${status.requestsLogged} rows logged with logging on, 0 with SWITCHYARD_DISABLE_REQUEST_LOG=1`
        : `SWITCHYARD_DISABLE_REQUEST_LOG=1 was not honoured: the "off" gateway still logged ${noLogStatus.requestsLogged} rows, so this compares two logged runs`,
    },
    {
      what: 'logging cost, gateway CPU per request at c=32',
      value: `${(loggingCpu.median * 100).toFixed(1)} %`,
      goal: '≤ 10 %',
      met: loggingHonoured ? loggingCpu.median <= 0.1 : null,
      unsure: straddles(loggingCpu, 0.1),
      note:
        `${rounds({ min: loggingCpu.min * 100, max: loggingCpu.max * 100 }, 1, ' %')}; ` +
        `${Math.round(cpu('switchyard', 32))} µs with logging, ${Math.round(cpu('switchyard-nolog', 32))} µs without (medians)`,
    },
    ...captureTargets(captureCpu, captureRps, captured, cpu, rounds),
    // Issue 16's goals, against the bare node:http + undici proxy: the runtime's own limit.
    {
      what: 'Switchyard / bare Node proxy, CPU per request at c=32',
      value: cpuVsNode && `${cpuVsNode.median.toFixed(2)}×`,
      goal: '≤ 1.25×',
      met: cpuVsNode && cpuVsNode.median <= 1.25,
      unsure: straddles(cpuVsNode, 1.25),
      note: cpuVsNode ? rounds(cpuVsNode, 2, '×') + cpuNote('node-proxy') : 'skipped',
    },
    {
      what: 'added p50 at c=1 minus the bare Node proxy’s',
      value: addedVsNode && `${addedVsNode.median.toFixed(3)} ms`,
      goal: '≤ 0.08 ms',
      met: addedVsNode && addedVsNode.median <= 0.08,
      unsure: straddles(addedVsNode, 0.08),
      note: addedVsNode ? rounds(addedVsNode, 3, ' ms') : 'skipped',
    },
    {
      what: 'Switchyard / bare Node proxy, requests/s at c=32',
      value: vsNode && `${vsNode.median.toFixed(2)}×`,
      goal: '≥ 0.85×',
      met: vsNode && vsNode.median >= 0.85,
      unsure: straddles(vsNode, 0.85),
      note: vsNode
        ? rounds(vsNode, 2, '×') +
          cpuNote('node-proxy') +
          `; the bare Node proxy / nginx: ${nodeVsNginx ? nodeVsNginx.median.toFixed(2) : '?'}×`
        : 'skipped',
    },
    {
      what: 'streaming TTFT added p50 vs direct at c=1',
      value: `${ttftAdded.median.toFixed(3)} ms`,
      goal: '(reported)',
      met: null,
      note: rounds(ttftAdded, 3, ' ms'),
    },
  ];
  log(targetsTable(targets));
  const errors = errorNotes(results.summaries(() => true));
  if (errors.length) {
    log();
    log('errors:');
    errors.forEach((e) => log(`  ${e}`));
  }
}

type Spread = { median: number; min: number; max: number } | null;

/** Issue 15's lines: what body capture costs, against plain Switchyard (logging on in both). */
function captureTargets(
  captureCpu: Spread,
  captureRps: Spread,
  captured: boolean,
  cpu: (path: string, c: number) => number,
  rounds: (r: { min: number; max: number }, digits: number, unit?: string) => string,
): Target[] {
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const checked = captured
    ? 'bodies stored (the latest request’s, read back with logs.trace)'
    : 'NO bodies were stored: capture did not take effect, so this compares two runs without it';
  return [
    {
      what: 'capture cost, CPU per request at c=32',
      value: captureCpu && pct(captureCpu.median),
      goal: '(reported)',
      met: null,
      note: captureCpu
        ? `${rounds({ min: captureCpu.min * 100, max: captureCpu.max * 100 }, 1, ' %')}; ` +
          `${Math.round(cpu('switchyard-capture', 32))} µs with body capture on, ${Math.round(cpu('switchyard', 32))} µs off (medians); ${checked}`
        : 'switchyard-capture was not run',
    },
    {
      what: 'capture cost, requests/s at c=32',
      value: captureRps && pct(captureRps.median),
      goal: '(reported)',
      met: null,
      note: captureRps
        ? rounds({ min: captureRps.min * 100, max: captureRps.max * 100 }, 1, ' %')
        : 'switchyard-capture was not run',
    },
  ];
}
