// The on-demand swap, with simulator processes directly: the app's on-demand machinery starts and
// stops Docker containers, so it is not in this measurement. Two deployments share one simulated
// GPU whose VRAM budget holds one of them awake (vLLM's sleep mode, level 1: weights offloaded to
// CPU memory, KV cache freed, about half a GiB left on the GPU). A serves, B sleeps. A request for
// B arrives and waits in B's queue; A is put to sleep to free the memory, B is woken, and B's first
// token ends the swap: seconds from the request to its first token. The simulators take
// `--sleep-s` to fall asleep and `--wake-up-s` to wake (vLLM: 0.1–6 s to wake, about 0.4 s to fall
// asleep); the swap is measured for each wake time in BENCH_WAKE_S. Against it, a cold start: a
// fresh engine process whose start-up takes BENCH_COLD_START_S (the simulator's --startup-s,
// printing vLLM's start-up phases over it), from launch until its first token.
import { performance } from 'node:perf_hooks';
import type { ChildRegistry } from '../gateway/children';
import { MODEL, startReplica, type Replica, type ReplicaSpec } from './replicas';

const SPEC: ReplicaSpec = { name: 'swap', maxNumSeqs: 16, itlMs: 10, ttftMs: 20, gpuBlocks: 1024 };

/** The simulated GPU: room for one engine awake; an asleep one keeps what vLLM's log says it keeps. */
export const GPU = { budgetGib: 24, engineGib: 14, asleepGib: 0.52 };

async function firstTokenMs(r: Replica, started: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${r.port}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hello' }], max_tokens: 8, stream: true }),
  });
  if (!response.ok || !response.body) throw new Error(`${r.name} answered HTTP ${response.status}`);
  let at: number | null = null;
  for await (const chunk of response.body) {
    if (at === null && /"content":"[^"]/.test(Buffer.from(chunk).toString('utf8'))) at = performance.now();
  }
  if (at === null) throw new Error(`${r.name} streamed no token`);
  return at - started;
}

const post = async (r: Replica, path: string) => {
  const response = await fetch(`http://127.0.0.1:${r.port}${path}`, { method: 'POST' });
  if (!response.ok) throw new Error(`POST ${path} on ${r.name} answered HTTP ${response.status}`);
};
const sleeping = async (r: Replica) =>
  ((await (await fetch(`http://127.0.0.1:${r.port}/is_sleeping`)).json()) as { is_sleeping: boolean }).is_sleeping;

/** GiB the two engines hold on the GPU now. */
async function vramUsed(engines: Replica[]): Promise<number> {
  const states = await Promise.all(engines.map(sleeping));
  return states.reduce((sum, asleep) => sum + (asleep ? GPU.asleepGib : GPU.engineGib), 0);
}

export interface SwapResult {
  wakeS: number;
  sleepS: number;
  /** From the request for the asleep engine to its first token. */
  swapS: number;
  /** GiB in use at the peak of the swap, against GPU.budgetGib. */
  peakGib: number;
}

/** One swap: A serving, B asleep; a request for B; A to sleep, B awake, B's first token. */
async function swapOnce(reg: ChildRegistry, wakeS: number, sleepS: number): Promise<SwapResult> {
  const timings = ['--enable-sleep-mode', '--sleep-s', String(sleepS), '--wake-up-s', String(wakeS)];
  const a = await startReplica(reg, { ...SPEC, name: 'swap-a' }, timings);
  const b = await startReplica(reg, { ...SPEC, name: 'swap-b' }, timings);
  try {
    await post(b, '/sleep?level=1');
    await firstTokenMs(a, performance.now()); // A serves
    const started = performance.now();
    const answer = firstTokenMs(b, started); // waits in B's queue while B sleeps
    let peakGib = await vramUsed([a, b]);
    await post(a, '/sleep?level=1');
    const beforeWake = await vramUsed([a, b]);
    if (beforeWake + GPU.engineGib - GPU.asleepGib > GPU.budgetGib)
      throw new Error(`waking B would need more than the GPU's ${GPU.budgetGib} GiB`);
    await post(b, '/wake_up');
    peakGib = Math.max(peakGib, await vramUsed([a, b]));
    return { wakeS, sleepS, swapS: (await answer) / 1000, peakGib };
  } finally {
    for (const r of [a, b]) await reg.stop(r.child);
  }
}

export async function measureSwap(reg: ChildRegistry, coldStartS: number, wakeS: number[], sleepS: number) {
  process.env.VLLM_SERVER_DEV_MODE = '1'; // the simulator, as vLLM, serves /sleep only in dev mode
  const swaps: SwapResult[] = [];
  for (const w of wakeS) swaps.push(await swapOnce(reg, w, sleepS));
  const coldStarted = performance.now();
  const cold = await startReplica(
    reg,
    { ...SPEC, name: 'cold' },
    ['--startup-s', String(coldStartS)],
    (coldStartS + 60) * 1000,
  );
  const coldMs = await firstTokenMs(cold, coldStarted);
  await reg.stop(cold.child);
  return { swaps, coldS: coldMs / 1000 };
}
