// bench/sim: how many requests a second the simulator serves in instant mode (--ttft-ms 0
// --itl-ms 0), so it is never what a gateway benchmark measures. Run it with:
//
//   npm run bench:sim   (scripts/bundle.mjs bundles it, with the vllm-sim package bundled in, then runs it)
//
// The simulator runs in a child process (this file forked with SIM_BENCH_ROLE=server), the load
// generator here: closed loop, `concurrency` keep-alive connections, each sending its next request
// when the previous answer is complete. The request is the gateway bench's: a short chat
// completion (max_tokens 16). Env: BENCH_DURATION_S (5), BENCH_WARMUP_S (1), SIM_BENCH_PROF=1
// (writes a CPU profile of the simulator process to /tmp/prof).
import { fork } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'undici';
import { startSimulator } from 'vllm-sim';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 1);
const MODEL = 'Qwen/Qwen3-0.6B';
const REQUEST = { model: MODEL, messages: [{ role: 'user', content: 'Say hello in a few words.' }], max_tokens: 16 };

async function serve(): Promise<void> {
  const sim = await startSimulator({
    model: MODEL,
    ttftMs: 0,
    itlMs: 0,
    maxNumSeqs: 1024,
    accessLog: false,
    statsIntervalS: 0,
  });
  await sim.ready;
  process.send!({ port: sim.port });
  process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
}

interface Cell {
  label: string;
  concurrency: number;
  stream: boolean;
}

interface Result {
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  tokens: number;
}

async function once(client: Client, stream: boolean): Promise<{ ok: boolean; tokens: number }> {
  const res = await client.request({
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(stream ? { ...REQUEST, stream: true, stream_options: { include_usage: true } } : REQUEST),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) return { ok: false, tokens: 0 };
  const usage = /"completion_tokens":(\d+)/.exec(text);
  return {
    ok: stream ? text.endsWith('data: [DONE]\n\n') : text.includes('"choices"'),
    tokens: usage ? Number(usage[1]) : 0,
  };
}

async function measure(origin: string, cell: Cell): Promise<Result> {
  const clients = Array.from({ length: cell.concurrency }, () => new Client(origin, { pipelining: 1 }));
  const measureFrom = performance.now() + WARMUP_S * 1000;
  const measureUntil = measureFrom + DURATION_S * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let tokens = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < measureUntil) {
        const started = performance.now();
        const outcome = await once(client, cell.stream).catch(() => ({ ok: false, tokens: 0 }));
        const finished = performance.now();
        if (started < measureFrom || finished > measureUntil) continue;
        if (!outcome.ok) errors++;
        else {
          latencies.push(finished - started);
          tokens += outcome.tokens;
        }
      }
    }),
  );
  await Promise.all(clients.map((c) => c.close()));
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
  return { requests: latencies.length, errors, seconds: DURATION_S, p50: at(50), p99: at(99), tokens };
}

async function main(): Promise<void> {
  const server = fork(process.argv[1], [], {
    env: { ...process.env, SIM_BENCH_ROLE: 'server' },
    execArgv: process.env.SIM_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [],
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('message', (m) => resolve((m as { port: number }).port));
    server.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before listening`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const cells: Cell[] = [
    { label: 'chat, max_tokens 16', concurrency: 1, stream: false },
    { label: 'chat, max_tokens 16', concurrency: 32, stream: false },
    { label: 'chat, max_tokens 16, streamed', concurrency: 32, stream: true },
  ];
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(
    `bench/sim — simulator in instant mode (--ttft-ms 0 --itl-ms 0), ${DURATION_S} s per cell after ${WARMUP_S} s warm-up`,
  );
  out(
    `machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), node ${process.version}; simulator and load generator are separate processes`,
  );
  out();
  out('| request | concurrency | requests/s | p50 ms | p99 ms | output tokens/s | errors |');
  out('|---|---:|---:|---:|---:|---:|---:|');
  try {
    for (const cell of cells) {
      const r = await measure(origin, cell);
      out(
        `| ${cell.label} | ${cell.concurrency} | ${Math.round(r.requests / r.seconds).toLocaleString('en-US')} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${Math.round(r.tokens / r.seconds).toLocaleString('en-US')} | ${r.errors} |`,
      );
    }
  } finally {
    server.disconnect();
  }
}

if (process.env.SIM_BENCH_ROLE === 'server') void serve();
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
