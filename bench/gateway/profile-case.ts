// The load the two profile modes (`--cpu-prof`, `--alloc-prof`) run the gateway under:
// BENCH_PROFILE_CASE picks the request, BENCH_PROFILE_CONCURRENCY and BENCH_PROFILE_S its
// concurrency and length; a simulator and a Switchyard started with the mode's Node flags and
// BENCH_PROFILE_NODE_ARGS (`--no-turbo-inlining`, say, so a callee is not counted to its caller).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChildRegistry } from './children';
import { caseLabel, type DialectCase, dialectCase, dialectHeaders } from './dialects';
import { LoadGenerator } from './load';
import { PACE, PACED_STREAMS } from './paced';
import { benchMasterKey, originOf, startSimulator, startSwitchyard, switchyardStatus } from './peers';
import { LONG_STREAM, STREAM_TOKENS } from './streams';
import { envNumber } from './settings';

export interface ProfiledCase {
  /** The gateway process (serve's child), whose profile is taken. */
  pid: number;
  /** Runs the case's load for `seconds` (after `warmupS` unmeasured): what was answered, per unit. */
  load(warmupS: number, seconds: number): Promise<{ requestsPerS: number; errors: number; per: number }>;
  /** Per request, or per chunk for the paced streams (a 512-token stream outlasts a short run). */
  unit: 'request' | 'chunk';
  seconds: number;
  /** The case in words, for the report's first line. */
  described: string;
}

/** Where a profile run's files go: BENCH_OUT_DIR, or out/bench/gateway/profiles/<time>/. */
export function profileDir(): string {
  const out = resolve(
    process.env.BENCH_OUT_DIR ??
      join('out', 'bench', 'gateway', 'profiles', new Date().toISOString().replace(/:/g, '-')),
  );
  mkdirSync(out, { recursive: true });
  return out;
}

/**
 * Starts the case's simulator and a Switchyard whose serve runs with `nodeArgs` (the gateway child
 * it forks inherits them). Which request: `chat` (default), `chat-stream`, `messages`,
 * `messages-stream`, `responses`, `responses-stream` (each responses case also with `-nostore`:
 * `store: false`), or `paced`: the paced long streams (512
 * tokens from a simulator at the paced section's TTFT and ITL, c=64 unless
 * BENCH_PROFILE_CONCURRENCY), one event per read.
 */
export async function startProfiledCase(
  reg: ChildRegistry,
  tmp: string,
  nodeArgs: string[],
  extraEnv?: Record<string, string>,
): Promise<ProfiledCase> {
  const seconds = envNumber('BENCH_PROFILE_S', 20);
  const caseName = process.env.BENCH_PROFILE_CASE ?? 'chat';
  const paced = caseName === 'paced';
  const concurrency = envNumber('BENCH_PROFILE_CONCURRENCY', paced ? PACED_STREAMS : 32);
  const d: DialectCase = paced
    ? { route: '/v1/chat/completions', stream: true, body: JSON.parse(LONG_STREAM) }
    : dialectCase(caseName);
  const sim = await startSimulator(reg, paced ? { pace: PACE } : {});
  const sy = await startSwitchyard(reg, {
    name: 'switchyard',
    tmp,
    upstreamPort: sim.port,
    masterKey: benchMasterKey(),
    nodeArgs: [...nodeArgs, ...(process.env.BENCH_PROFILE_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    extraEnv,
  });
  const { pid } = await switchyardStatus(sy);
  if (!pid) throw new Error('no gateway pid from system.status');
  const generator = LoadGenerator.start(reg);
  return {
    pid,
    unit: paced ? 'chunk' : 'request',
    seconds,
    described: `${caseLabel(d)}, ${paced ? `${STREAM_TOKENS} tokens at TTFT ${PACE.ttftMs} ms, ITL ${PACE.itlMs} ms` : 'max_tokens 16'}, at c=${concurrency} for ${seconds} s (BENCH_PROFILE_S, BENCH_PROFILE_CASE=${caseName}, BENCH_PROFILE_CONCURRENCY)`,
    async load(warmupS, durationS) {
      const r = await generator.measure({
        url: `${originOf(sy)}${d.route}`,
        headers: dialectHeaders(sy),
        body: JSON.stringify(d.body),
        concurrency,
        warmupS,
        durationS,
        measure: d.stream ? 'chunks' : 'complete',
        streamEnd: d.streamEnd,
      });
      return { requestsPerS: r.requestsPerS, errors: r.errors, per: paced ? (r.chunksTotal ?? 0) : r.completed };
    },
  };
}
