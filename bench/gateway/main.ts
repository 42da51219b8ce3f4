// bench/gateway: what the gateway costs. One simulator in instant mode is the upstream; the same
// short chat completion goes to it directly, through nginx (a plain reverse proxy), through
// Portkey's gateway and through Switchyard, at concurrency 1 and 32, in one run. Also: streaming
// time to first token through Switchyard against direct, the gateway's RSS after the load, and
// the cost of request logging; long streams through every path, in instant mode and at a model's
// pace (paced.ts, a simulator of its own); /v1/messages and /v1/responses
// beside chat; a realistic mix of keys, streams and embeddings. `--soak` and `--cpu-prof`
// (modes.ts), `--alloc-prof` (alloc-profile.ts), `--ab` (ab.ts), `--store-probe`
// (store-probe.ts) and `--syscalls` (syscalls.ts) are modes of their own. Run it
// with `npm run bench:gateway` (builds first).
// Every server and the load generator are separate processes; everything is on loopback. Cells
// run in rounds (see rounds.ts) so that a busy spell of a shared machine hits every path alike.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { VERSION } from '../../electron/core/version';
import { enableBodyCapture } from './capture';
import { ChildRegistry } from './children';
import { LoadGenerator } from './load';
import {
  BASE_CLI,
  benchMasterKey,
  NGINX_BIN,
  nginxVersion,
  PORTKEY_ENTRY,
  portkeyVersion,
  startNginx,
  startNodeProxy,
  startPortkey,
  startSimulator,
  startSwitchyard,
  type BenchPath,
} from './peers';
import { directMix, mixKeys, runMix, switchyardMix } from './mix';
import { runAb } from './ab';
import { runStoreProbe } from './store-probe';
import { runSyscalls } from './syscalls';
import { runAllocProfile } from './alloc-profile';
import { runCpuProfile, runSoak } from './modes';
import { fmtMs, log, table } from './report';
import { runCore, DURATION_S, NGINX_WORKERS, PRIME_S, REQUEST, ROUNDS, WARMUP_S } from './core';
import { DIALECT_DURATION_S, DIALECT_ROUNDS, DIALECT_WARMUP_S, dialectRows, dialectTable } from './dialects';
import { runPaced } from './paced';
import { longStreams, longStreamTable, STREAM_CONCURRENCIES, STREAM_TOKENS, type StreamSummary } from './streams';
import { envNumber } from './settings';

/** Long streams, the dialect rows and the mix: rounds and seconds per cell (they are longer cells). */
const STREAM_ROUNDS = envNumber('BENCH_STREAM_ROUNDS', 2);
const STREAM_DURATION_S = envNumber('BENCH_STREAM_DURATION_S', 5);
const STREAM_WARMUP_S = envNumber('BENCH_STREAM_WARMUP_S', 1);
/** Which parts of the run: core (the original tables), streams, paced, dialects, mix. */
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'core,streams,paced,dialects,mix').split(','));
/** The whole run is stopped past this, whatever it is doing (ms); a soak gets its own length on top. */
const RUN_LIMIT_MS = 15 * 60_000 + envNumber('BENCH_SOAK_S', 600) * 1000;

const COMMAND = 'npm run bench:gateway';

/** Set when a signal stops the run: what fails after that is the stopping, not the bench. */
let interrupted = false;

const loadAverage = () =>
  loadavg()
    .slice(0, 2)
    .map((v) => v.toFixed(2))
    .join(' (1 min), ') + ' (5 min)';

function machineFacts(): string[] {
  return [
    `machine: ${availableParallelism()} CPU cores (nproc), ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${release()}`,
    `node ${process.version}; load average before the run ${loadAverage()}` +
      (loadavg()[0] > 0.5 ? ' — other work is running on this machine and skews these figures' : ''),
  ];
}

async function run(reg: ChildRegistry, tmp: string): Promise<void> {
  log('Switchyard gateway bench');
  machineFacts().forEach((l) => log(l));
  log(
    `${PRIME_S} s unrecorded priming per path, then ${ROUNDS} rounds; each cell per round: ${WARMUP_S} s warm-up, then ${DURATION_S} s measured;`,
  );
  log(
    'closed loop: each connection sends its next request when the previous answer is complete; keep-alive connections;',
  );
  log(
    `request: chat completion, max_tokens ${REQUEST.max_tokens}; upstream: one simulator in instant mode (its own process); load generator: its own process (streams read with undici, other requests on its own light HTTP/1.1 connections)`,
  );
  log(
    `command: ${COMMAND}   (BENCH_ROUNDS, BENCH_DURATION_S, BENCH_WARMUP_S, BENCH_PRIME_S, BENCH_NGINX_WORKERS, BENCH_STREAM_ROUNDS, BENCH_STREAM_DURATION_S, BENCH_STREAM_WARMUP_S, BENCH_PACED_ROUNDS, BENCH_PACED_DURATION_S, BENCH_PACED_WARMUP_S, BENCH_PACED_STREAMS, BENCH_SECTIONS change the defaults)`,
  );
  log();

  const skipped: string[] = [];
  const nginx = nginxVersion();
  if (!nginx)
    skipped.push(
      `nginx: not found at ${NGINX_BIN}; install it with \`apt-get install -y nginx\` (Debian/Ubuntu) and run again.`,
    );
  const portkey = portkeyVersion();
  if (!portkey)
    skipped.push(
      `Portkey's gateway: ${PORTKEY_ENTRY} is missing; install it with \`npm install\` (it is a devDependency: @portkey-ai/gateway) and run again.`,
    );
  log(
    `peers: ${nginx ? `${nginx} (${NGINX_WORKERS} worker process${NGINX_WORKERS === 1 ? '' : 'es'}, keepalive upstream, proxy_buffering off)` : 'nginx skipped'}; ` +
      `${portkey ? `@portkey-ai/gateway ${portkey}` : 'Portkey skipped'}; switchyard ${VERSION}`,
  );
  skipped.forEach((s) => log(`SKIPPED ${s}`));

  const sim = await startSimulator(reg);
  const embedSim = SECTIONS.has('mix') ? await startSimulator(reg, { embeddings: true }) : null;
  const masterKey = benchMasterKey();
  const [viaNginx, viaPortkey, switchyard, switchyardNoLog, viaNode, switchyardMixPath, switchyardCapture] =
    await Promise.all([
      nginx ? startNginx(reg, tmp, sim.port, NGINX_WORKERS) : null,
      portkey ? startPortkey(reg, sim.port) : null,
      startSwitchyard(reg, { name: 'switchyard', tmp, upstreamPort: sim.port, masterKey }),
      startSwitchyard(reg, {
        name: 'switchyard-nolog',
        tmp,
        upstreamPort: sim.port,
        masterKey,
        extraEnv: { SWITCHYARD_DISABLE_REQUEST_LOG: '1' },
      }),
      startNodeProxy(reg, process.cwd(), sim.port),
      embedSim
        ? startSwitchyard(reg, {
            name: 'switchyard-mix',
            tmp,
            upstreamPort: sim.port,
            embedPort: embedSim.port,
            priced: true,
            masterKey,
          })
        : null,
      SECTIONS.has('core')
        ? startSwitchyard(reg, { name: 'switchyard-capture', tmp, upstreamPort: sim.port, masterKey })
        : null,
    ]);
  if (switchyardCapture) await enableBodyCapture(switchyardCapture);
  const switchyardBase =
    BASE_CLI && SECTIONS.has('streams')
      ? {
          ...(await startSwitchyard(reg, {
            name: 'switchyard-base',
            tmp,
            upstreamPort: sim.port,
            masterKey,
            cli: BASE_CLI,
          })),
          name: 'switchyard-base',
        }
      : null;

  const paths = [sim, viaNginx, viaNode, viaPortkey, switchyard].filter((p): p is BenchPath => p !== null);
  const load = LoadGenerator.start(reg);
  if (SECTIONS.has('core'))
    await runCore({
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
    });
  let instantStreams: StreamSummary[] | null = null;
  if (SECTIONS.has('streams')) {
    log();
    log(
      `long streams: ${STREAM_CONCURRENCIES.join(' and ')} concurrent streams of ${STREAM_TOKENS} tokens (ignore_eos), the simulator in instant mode; ` +
        `${STREAM_ROUNDS} rounds, each cell ${STREAM_WARMUP_S} s warm-up then ${STREAM_DURATION_S} s measured…`,
    );
    const cells = await longStreams(switchyardBase ? [...paths, switchyardBase] : paths, load, {
      rounds: STREAM_ROUNDS,
      warmupS: STREAM_WARMUP_S,
      durationS: STREAM_DURATION_S,
      log,
    });
    log(
      'chunks/s: SSE events received per second, all streams together; CPU µs/chunk: the server under test (process group), warm-up included;',
    );
    log(
      'gap: time between consecutive reads of one stream that bring events, at the client; added p99: minus direct; RSS: the whole process group (serve and gateway for Switchyard), highest reading',
    );
    log(longStreamTable(cells));
    instantStreams = cells;
    const cell = (path: string, c: number) => cells.find((x) => x.path === path && x.concurrency === c);
    const sy256 = cell('switchyard', 256);
    const node256 = cell('node-proxy', 256);
    // The added p99 of these instant-mode streams is in the table and, beside the paced one, in the paced section's targets.
    log(
      `  Switchyard / bare Node pipe, chunks/s at 256 streams: ${sy256 && node256 ? (sy256.chunksPerS / node256.chunksPerS).toFixed(2) : 'n/a'}× (goal ≥ 0.85×)`,
    );
    for (const c of cells.filter((x) => x.errors > 0))
      log(`  errors: ${c.path} at ${c.concurrency} streams: ${c.errors}, the first: ${c.firstError}`);
  }
  if (SECTIONS.has('paced')) {
    log();
    await runPaced({
      reg,
      tmp,
      masterKey,
      nginxWorkers: NGINX_WORKERS,
      nginx: nginx !== null,
      portkey: portkey !== null,
      load,
      instant: instantStreams,
      log,
    });
  }
  if (SECTIONS.has('dialects')) {
    log();
    log(
      `dialects through Switchyard at c=32: ${DIALECT_ROUNDS} rounds (BENCH_DIALECT_ROUNDS), each route's cell of ${DIALECT_DURATION_S} s (BENCH_DIALECT_DURATION_S) beside a chat cell of its kind; vs chat: the median of those pairs' ratios; CPU µs/req: serve and its gateway`,
    );
    const rows = await dialectRows(switchyard, load, {
      rounds: DIALECT_ROUNDS,
      concurrency: 32,
      warmupS: DIALECT_WARMUP_S,
      durationS: DIALECT_DURATION_S,
    });
    log(dialectTable(rows, 32));
    for (const r of rows.filter((x) => x.errors > 0))
      log(`  errors: ${r.route}${r.stream ? ' (stream)' : ''}: ${r.errors}, the first: ${r.firstError}`);
  }
  if (SECTIONS.has('mix') && embedSim && switchyardMixPath) {
    log();
    const keys = await mixKeys(switchyardMixPath);
    // The older build (BENCH_BASE_CLI) beside it, priced and keyed alike, in the same rounds.
    const baseMixPath =
      BASE_CLI && embedSim
        ? await startSwitchyard(reg, {
            name: 'switchyard-base-mix',
            tmp,
            upstreamPort: sim.port,
            embedPort: embedSim.port,
            priced: true,
            masterKey,
            cli: BASE_CLI,
          })
        : null;
    const baseKeys = baseMixPath ? await mixKeys(baseMixPath) : [];
    const o = { concurrency: 32, warmupS: STREAM_WARMUP_S, durationS: STREAM_DURATION_S };
    log(
      `realistic mix at c=32: 70 % chat streams of 50–500 tokens, 20 % short chats, 10 % embeddings; ${keys.length} keys with budgets and rpm/tpm limits, priced endpoints, logging on; ${STREAM_ROUNDS} rounds of ${STREAM_DURATION_S} s`,
    );
    const runs: Awaited<ReturnType<typeof runMix>>[] = [];
    for (let round = 0; round < STREAM_ROUNDS; round++) {
      runs.push(await runMix(load, 'direct (both simulators)', directMix(sim, embedSim), [sim, embedSim], o));
      runs.push(await runMix(load, 'switchyard (mix)', switchyardMix(switchyardMixPath, keys), [switchyardMixPath], o));
      if (baseMixPath)
        runs.push(await runMix(load, 'switchyard-base (mix)', switchyardMix(baseMixPath, baseKeys), [baseMixPath], o));
    }
    const byPath = (name: string) => runs.filter((r) => r.path === name);
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    log(
      table(
        ['path', 'requests/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'ok', 'errors'],
        [...new Set(runs.map((r) => r.path))].map((name) => {
          const r = byPath(name);
          return [
            name,
            Math.round(med(r.map((x) => x.requestsPerS))).toLocaleString('en-US'),
            fmtMs(med(r.map((x) => x.p50Ms))),
            fmtMs(med(r.map((x) => x.p99Ms))),
            Math.round(med(r.map((x) => x.cpuUsPerRequest))).toLocaleString('en-US'),
            String(r.reduce((s, x) => s + x.ok, 0)),
            String(r.reduce((s, x) => s + x.errors, 0)),
          ];
        }),
      ),
    );
    for (const r of runs.filter((x) => x.errors > 0))
      log(`  errors: ${r.path}: ${r.errors}, the first: ${r.firstError}`);
  }
  log();
  log(`load average after the run ${loadAverage()}`);
  skipped.forEach((s) => log(`SKIPPED ${s}`));
}

async function main(): Promise<void> {
  // The bundle lives in out/bench/gateway: the repository root is three levels up.
  process.chdir(resolve(__dirname, '..', '..', '..'));
  if (!existsSync('out/cli/switchyard.cjs') || !existsSync('out/cli/gateway.cjs')) {
    throw new Error(
      'out/cli is not built: run `npm run bench:gateway`, which builds it, or `node scripts/build-cli.mjs` first.',
    );
  }
  const tmp = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const reg = new ChildRegistry(tmp);
  let cleaned = false;
  const cleanUp = async () => {
    if (cleaned) return;
    cleaned = true;
    await reg.stopAll();
    rmSync(tmp, { recursive: true, force: true });
  };
  // Last resort when the bench dies abruptly (a crash, a closed stdout): nothing async runs now.
  process.on('exit', () => {
    reg.killAllNow();
    rmSync(tmp, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      log(`\n${signal}: stopping the bench's processes…`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  const limit = setTimeout(() => {
    log(`\nthe bench ran past ${RUN_LIMIT_MS / 1000} s: stopping it.`);
    void cleanUp().finally(() => process.exit(1));
  }, RUN_LIMIT_MS);
  limit.unref();
  const started = Date.now();
  const modes: Record<string, (reg: ChildRegistry, tmp: string) => Promise<void>> = {
    '--soak': runSoak,
    '--cpu-prof': runCpuProfile,
    '--alloc-prof': runAllocProfile,
    '--ab': runAb,
    '--store-probe': runStoreProbe,
    '--syscalls': runSyscalls,
  };
  const flag = Object.keys(modes).find((f) => process.argv.includes(f));
  const mode = flag ? modes[flag] : run;
  try {
    await mode(reg, tmp);
  } finally {
    await cleanUp();
    clearTimeout(limit);
  }
  log(`\ndone in ${((Date.now() - started) / 1000).toFixed(0)} s; every process stopped, temporary files removed.`);
}

main().catch((err: unknown) => {
  if (interrupted) return;
  process.stderr.write(`bench/gateway failed: ${(err as Error).message ?? String(err)}\n`);
  process.exit(1);
});
