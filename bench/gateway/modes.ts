// Two of the bench's other modes. `--soak`: the realistic mix at c=32 for 10 minutes
// (BENCH_SOAK_S), the gateway's RSS printed every 30 s; the run fails when the last reading is more
// than 10 % above the first one taken after warm-up. `--cpu-prof`: the gateway process runs with
// `--cpu-prof` under BENCH_PROFILE_CASE's load (profile-case.ts; chat at c=32 by default); its profile is kept and its top 15
// functions by self time printed beside it. (`--alloc-prof` is alloc-profile.ts, `--ab` ab.ts.)
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildRegistry } from './children';
import { topSelfTime } from './cpu-profile';
import { LoadGenerator } from './load';
import { mixKeys, switchyardMix } from './mix';
import { benchMasterKey, memoryMb, startSimulator, startSwitchyard, switchyardStatus } from './peers';
import { profileDir, startProfiledCase } from './profile-case';
import { log, table } from './report';
import { envNumber } from './settings';

export async function runSoak(reg: ChildRegistry, tmp: string): Promise<void> {
  const soakS = envNumber('BENCH_SOAK_S', 600);
  const everyS = envNumber('BENCH_SOAK_EVERY_S', 30);
  const warmupS = envNumber('BENCH_SOAK_WARMUP_S', 60);
  const concurrency = envNumber('BENCH_SOAK_CONCURRENCY', 32);
  log(
    `Switchyard gateway soak: the realistic mix at c=${concurrency} for ${soakS} s after ${warmupS} s of warm-up, the gateway's RSS every ${everyS} s`,
  );
  log('(BENCH_SOAK_S, BENCH_SOAK_EVERY_S, BENCH_SOAK_WARMUP_S, BENCH_SOAK_CONCURRENCY change the defaults)');
  const sim = await startSimulator(reg);
  const embed = await startSimulator(reg, { embeddings: true });
  const sy = await startSwitchyard(reg, {
    name: 'switchyard',
    tmp,
    upstreamPort: sim.port,
    embedPort: embed.port,
    priced: true,
    masterKey: benchMasterKey(),
  });
  const mix = switchyardMix(sy, await mixKeys(sy));
  const load = LoadGenerator.start(reg);
  const slice = (durationS: number) =>
    load.measure({ url: mix[0].url, headers: {}, body: '', concurrency, warmupS: 0, durationS, measure: 'mix', mix });
  const rss = async () => {
    const { pid } = await switchyardStatus(sy);
    const m = pid ? memoryMb(pid) : null;
    if (!m) throw new Error('no gateway pid from system.status: cannot read its RSS');
    return m.rssMb;
  };
  await slice(warmupS);
  const first = await rss();
  log(`  after warm-up: RSS ${first.toFixed(1)} MB (the reference)`);
  let last = first;
  let peak = first;
  let errors = 0;
  let requests = 0;
  for (let t = everyS; t <= soakS; t += everyS) {
    const r = await slice(everyS);
    errors += r.errors;
    requests += r.ok;
    last = await rss();
    peak = Math.max(peak, last);
    log(
      `  ${String(t).padStart(4)} s: RSS ${last.toFixed(1)} MB (${(((last - first) / first) * 100).toFixed(1)} %), ${Math.round(r.requestsPerS)} req/s, ${r.errors} errors`,
    );
  }
  const growth = (last - first) / first;
  log(
    `RSS ${first.toFixed(1)} → ${last.toFixed(1)} MB (${(growth * 100).toFixed(1)} %, goal ≤ 10 %), peak ${peak.toFixed(1)} MB; ${requests} requests, ${errors} errors`,
  );
  if (growth > 0.1) {
    log('FAIL: the gateway grew more than 10 % over the soak');
    process.exitCode = 1;
  } else log('PASS');
}

export async function runCpuProfile(reg: ChildRegistry, tmp: string): Promise<void> {
  const out = profileDir();
  // Node refuses --cpu-prof in NODE_OPTIONS; given to serve, the gateway child it forks inherits it
  // (serve writes a profile of its own too).
  const profiled = await startProfiledCase(reg, tmp, ['--cpu-prof', `--cpu-prof-dir=${out}`]);
  log(`Switchyard gateway CPU profile: ${profiled.described}`);
  const { pid, unit } = profiled;
  const paced = unit === 'chunk';
  // Per request or chunk, over every one answered in the run, warm-up included (the profile spans it too).
  const { requestsPerS, errors, per } = await profiled.load(2, profiled.seconds);
  log(`  ${Math.round(requestsPerS)} req/s, ${errors} errors${paced ? `, ${per} chunks` : ''}`);
  // The profile is written when the gateway exits: SIGTERM to it alone, and wait.
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (existsSync(`/proc/${pid}`) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
  await reg.stopAll();
  const file = readdirSync(out).find((f) => f.endsWith('.cpuprofile') && f.split('.').includes(String(pid)));
  if (!file) throw new Error(`the gateway (pid ${pid}) wrote no .cpuprofile in ${out}`);
  const summary = topSelfTime(join(out, file));
  const report = [
    `profile: ${join(out, file)} (${(summary.durationMs / 1000).toFixed(1)} s, ${summary.samples} samples, idle ${(summary.idle * 100).toFixed(1)} %); open it in Chrome DevTools › Performance`,
    'top 15 functions by self time (the function itself, not its callees):',
    `busy (not idle) ${((summary.durationMs * (1 - summary.idle) * 1000) / per).toFixed(1)} µs per ${unit} over ${per} ${unit}s`,
    table(
      ['self ms', `µs/${paced ? 'chunk' : 'req'}`, 'share', 'function (file:line)'],
      summary.top.map((t) => [
        t.selfMs.toFixed(0),
        ((t.selfMs * 1000) / per).toFixed(1),
        `${(t.share * 100).toFixed(1)} %`,
        t.where,
      ]),
    ),
  ].join('\n');
  writeFileSync(join(out, 'top-self-time.txt'), `${report}\n`);
  log(report);
}
