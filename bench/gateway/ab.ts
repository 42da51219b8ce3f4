// `--ab`: two builds of Switchyard side by side, for a change's before and after on a shared
// machine. The current out/cli (B) and an older copy of it (A, `BENCH_AB_BASE_CLI`, the path of
// its switchyard.cjs) each serve the same simulator beside the bare Node proxy; every round starts
// both on fresh data dirs and runs the short chat at c=1 and c=32 through the three, in a random
// order each round, so that a busy spell of the machine favours neither build. BENCH_AB_CASE
// (dialects.ts's dialectCase: `responses`, `messages-stream`, …) sends the two builds that request
// instead; the bare proxy, which has no such route, still relays the chat.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChildRegistry } from './children';
import { DURATION_S, REQUEST, WARMUP_S } from './core';
import { caseLabel, dialectCase, dialectHeaders } from './dialects';
import { groupCpuSeconds } from './cpu';
import { LoadGenerator } from './load';
import { type BenchPath, benchMasterKey, originOf, startNodeProxy, startSimulator, startSwitchyard } from './peers';
import { log, table } from './report';
import { type CellKey, type Measured, RoundResults } from './rounds';
import { envNumber } from './settings';

const load1 = () => loadavg()[0].toFixed(2);
/** `NAME=value,NAME=value` (BENCH_AB_A_ENV, BENCH_AB_B_ENV): what one side's gateway gets besides. */
const envList = (list = '') =>
  Object.fromEntries(
    list
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );

export async function runAb(reg: ChildRegistry, tmp: string): Promise<void> {
  const baseCli = resolve(process.env.BENCH_AB_BASE_CLI ?? join('out', 'cli-base', 'switchyard.cjs'));
  if (!existsSync(baseCli)) throw new Error(`BENCH_AB_BASE_CLI: no build at ${baseCli}`);
  const rounds = envNumber('BENCH_ROUNDS', 6);
  const primeS = envNumber('BENCH_PRIME_S', 2);
  log(
    `Switchyard A/B: A = ${baseCli}, B = out/cli; ${rounds} rounds (BENCH_ROUNDS), each with fresh data dirs, ${primeS} s priming, then c=1 and c=32 cells of ${WARMUP_S} s + ${DURATION_S} s in random order`,
  );
  for (const side of ['A', 'B']) {
    const env = process.env[`BENCH_AB_${side}_ENV`];
    if (env) log(`${side} runs with ${env} (BENCH_AB_${side}_ENV)`);
  }
  const abCase = process.env.BENCH_AB_CASE ? dialectCase(process.env.BENCH_AB_CASE) : null;
  log(
    abCase
      ? `request to A and B: ${caseLabel(abCase)} (BENCH_AB_CASE); to the bare proxy the chat completion, max_tokens ${REQUEST.max_tokens}, not streamed`
      : `request: chat completion, max_tokens ${REQUEST.max_tokens}, not streamed`,
  );
  log(`load average at start ${load1()}`);
  const sim = await startSimulator(reg);
  const node = await startNodeProxy(reg, process.cwd(), sim.port);
  const load = LoadGenerator.start(reg);
  const masterKey = benchMasterKey();
  const results = new RoundResults();
  const spec = (p: BenchPath, concurrency: number, warmupS: number, durationS: number) => {
    const own = abCase && p !== node ? abCase : null;
    return {
      url: own ? `${originOf(p)}${own.route}` : p.url,
      headers: own ? dialectHeaders(p) : p.headers,
      body: JSON.stringify(own ? own.body : REQUEST),
      concurrency,
      warmupS,
      durationS,
      measure: own?.stream ? ('chunks' as const) : ('complete' as const),
      streamEnd: own?.streamEnd,
    };
  };
  for (let round = 1; round <= rounds; round++) {
    const [a, b] = await Promise.all(
      (['A', 'B'] as const).map((name) =>
        startSwitchyard(reg, {
          name: `switchyard-${name}-${round}`,
          tmp,
          upstreamPort: sim.port,
          masterKey,
          cli: name === 'A' ? baseCli : undefined,
          extraEnv: envList(process.env[`BENCH_AB_${name}_ENV`]),
        }),
      ),
    );
    const targets: [string, BenchPath][] = [
      ['A', a],
      ['B', b],
      ['node-proxy', node],
    ];
    for (const [, p] of targets) await load.measure(spec(p, 32, 0, primeS));
    const cells = [1, 32].flatMap((c) => targets.map(([name, p]) => ({ name, p, c })));
    cells.sort(() => Math.random() - 0.5);
    for (const { name, p, c } of cells) {
      const pgid = p.child.proc.pid!;
      const before = groupCpuSeconds(pgid);
      const r = await load.measure(spec(p, c, WARMUP_S, DURATION_S));
      const m: Measured = { ...r, cpuUsPerRequest: ((groupCpuSeconds(pgid) - before) * 1e6) / r.completed };
      results.add({ path: name, concurrency: c, stream: false }, m);
    }
    await Promise.all([a, b].map((p) => reg.stop(p.child)));
    log(`  round ${round}/${rounds} done, load average ${load1()}`);
  }
  const key = (path: string, concurrency: number): CellKey => ({ path, concurrency, stream: false });
  const fmt = (r: { median: number; min: number; max: number } | null, d: number, u = '') =>
    r ? `${r.median.toFixed(d)}${u} (${r.min.toFixed(d)}–${r.max.toFixed(d)})` : '—';
  const rows = ['A', 'B'].map((name) => {
    const added = results.paired(key(name, 1), key('node-proxy', 1), (x, y) => x.p50Ms - y.p50Ms);
    const rps = results.paired(key(name, 32), key('node-proxy', 32), (x, y) => x.requestsPerS / y.requestsPerS);
    const cpu = results.paired(key(name, 32), key('node-proxy', 32), (x, y) => x.cpuUsPerRequest / y.cpuUsPerRequest);
    const s1 = results.summary(key(name, 1))!;
    const s32 = results.summary(key(name, 32))!;
    return [
      name,
      fmt(added, 3, ' ms'),
      fmt(rps, 2, '×'),
      fmt(cpu, 2, '×'),
      `${Math.round(s1.cpuUsPerRequest)} / ${Math.round(s32.cpuUsPerRequest)}`,
      `${Math.round(s1.requestsPerS)} / ${Math.round(s32.requestsPerS)}`,
    ];
  });
  const n1 = results.summary(key('node-proxy', 1))!;
  const n32 = results.summary(key('node-proxy', 32))!;
  log();
  log('medians over rounds of per-round figures against the bare Node proxy (min–max over rounds):');
  log(
    table(
      [
        'build',
        'added p50 c=1',
        'req/s vs node c=32',
        'CPU/req vs node c=32',
        'CPU µs/req c=1 / c=32',
        'req/s c=1 / c=32',
      ],
      [
        ...rows,
        [
          'node-proxy',
          `p50 ${n1.p50Ms.toFixed(3)} ms`,
          '',
          '',
          `${Math.round(n1.cpuUsPerRequest)} / ${Math.round(n32.cpuUsPerRequest)}`,
          `${Math.round(n1.requestsPerS)} / ${Math.round(n32.requestsPerS)}`,
        ],
      ],
    ),
  );
  const bVsA = results.paired(key('B', 32), key('A', 32), (x, y) => x.cpuUsPerRequest / y.cpuUsPerRequest);
  const p50BvsA = results.paired(key('B', 1), key('A', 1), (x, y) => x.p50Ms - y.p50Ms);
  log(`B / A CPU per request at c=32: ${fmt(bVsA, 3, '×')}; B − A p50 at c=1: ${fmt(p50BvsA, 3, ' ms')}`);
  log(`load average at the end ${load1()}`);
}
