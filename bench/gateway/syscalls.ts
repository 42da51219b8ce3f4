// `--syscalls`: the system calls one chat request costs, the gateway's against the bare Node
// proxy's, counted by `strace -c -f` attached to each server during the same c=32 load
// (BENCH_SYSCALLS_S seconds, after a warm-up). Counts per request hardly move with a busy
// machine, where CPU time does: what the gateway does beyond the bare proxy shows here as calls
// of its own (the request log's SQLite writes), and its socket reads and writes as the same count.
// strace slows both servers several times over: read the calls, not the requests/s.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { ChildRegistry } from './children';
import { REQUEST } from './core';
import { LoadGenerator } from './load';
import { benchMasterKey, startNodeProxy, startSimulator, startSwitchyard, switchyardStatus } from './peers';
import { log, table } from './report';
import { envNumber } from './settings';

/** Calls per syscall name, from `strace -c`'s summary table. */
function parseSummary(text: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const line of text.split('\n')) {
    // % time  seconds  usecs/call  calls  [errors]  syscall
    const f = line.trim().split(/\s+/);
    if (f.length < 5 || !/^[\d.]+$/.test(f[0]) || f[f.length - 1] === 'total') continue;
    calls.set(f[f.length - 1], Number(f[3]));
  }
  return calls;
}

/** Runs `load` with strace counting the calls of process `pid` and its threads. */
async function counted(
  pid: number,
  load: () => Promise<{ ok: number }>,
): Promise<{ ok: number; calls: Map<string, number> }> {
  const strace = spawn('strace', ['-c', '-f', '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let summary = '';
  strace.stderr.on('data', (d: Buffer) => {
    summary += d;
  });
  const exited = new Promise((r) => strace.once('exit', r));
  // strace prints "attached" once it holds every thread.
  const attachedBy = Date.now() + 5_000;
  while (!/attached/.test(summary) && Date.now() < attachedBy) await new Promise((r) => setTimeout(r, 50));
  const r = await load();
  strace.kill('SIGINT');
  await exited;
  if (!/calls/.test(summary)) throw new Error(`strace printed no summary for pid ${pid}:\n${summary.slice(-2_000)}`);
  return { ok: r.ok, calls: parseSummary(summary) };
}

export async function runSyscalls(reg: ChildRegistry, tmp: string): Promise<void> {
  if (spawnSync('strace', ['-V']).status !== 0) throw new Error('--syscalls needs strace (apt-get install strace)');
  const seconds = envNumber('BENCH_SYSCALLS_S', 5);
  log(
    `System calls per chat request at c=32, strace -c -f attached for ${seconds} s (BENCH_SYSCALLS_S) to each server`,
  );
  const sim = await startSimulator(reg);
  const sy = await startSwitchyard(reg, {
    name: 'switchyard',
    tmp,
    upstreamPort: sim.port,
    priced: true,
    masterKey: benchMasterKey(),
  });
  const bare = await startNodeProxy(reg, resolve('.'), sim.port);
  const gatewayPid = (await switchyardStatus(sy)).pid;
  if (!gatewayPid) throw new Error('no gateway pid from system.status');
  const load = LoadGenerator.start(reg);
  const body = JSON.stringify(REQUEST);
  const results: { name: string; ok: number; calls: Map<string, number> }[] = [];
  for (const [name, path, pid] of [
    ['switchyard', sy, gatewayPid],
    ['bare node proxy', bare, bare.child.proc.pid!],
  ] as const) {
    const spec = {
      url: path.url,
      headers: path.headers,
      body,
      concurrency: 32,
      warmupS: 0,
      measure: 'complete' as const,
    };
    await load.measure({ ...spec, durationS: 3 });
    const r = await counted(pid, () => load.measure({ ...spec, durationS: seconds }));
    if (r.ok === 0) throw new Error(`${name} answered nothing under strace`);
    results.push({ name, ...r });
    log(`  ${name}: ${r.ok} requests counted`);
  }
  const [gw, base] = results;
  const perReq = (r: (typeof results)[number], call: string) => (r.calls.get(call) ?? 0) / r.ok;
  const names = [...new Set([...gw.calls.keys(), ...base.calls.keys()])]
    .filter((c) => perReq(gw, c) >= 0.005 || perReq(base, c) >= 0.005)
    .sort((a, b) => perReq(gw, b) + perReq(base, b) - perReq(gw, a) - perReq(base, a));
  const total = (r: (typeof results)[number]) => [...r.calls.values()].reduce((s, n) => s + n, 0) / r.ok;
  const row = (call: string, g: number, b: number) => [
    call,
    g.toFixed(2),
    b.toFixed(2),
    (g - b >= 0 ? '+' : '') + (g - b).toFixed(2),
  ];
  log();
  log(
    table(
      ['system call', 'switchyard /req', 'bare proxy /req', 'difference'],
      [...names.map((c) => row(c, perReq(gw, c), perReq(base, c))), row('all', total(gw), total(base))],
    ),
  );
}
