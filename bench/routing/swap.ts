// The on-demand swap, with simulator processes directly: the app's on-demand machinery starts and
// stops Docker containers, so it is not in this measurement. Two deployments share one simulated
// GPU: A serves, B sleeps (vLLM's sleep mode, level 1: weights offloaded, KV cache freed). A request
// for B: A is put to sleep to free the memory, B is woken, and B's first token is the end of the
// swap. Against it, a cold start: a fresh engine process whose start-up takes BENCH_COLD_START_S
// (the simulator's --startup-s, printing vLLM's start-up phases over it), until its first token.
// The simulator's sleep and wake are immediate (it logs vLLM's "It took 0.87 seconds to wake up"
// but does not wait), so the swap figure is the HTTP and scheduling mechanics plus TTFT, and the
// ratio compares those to the configured cold start.
import { performance } from 'node:perf_hooks';
import type { ChildRegistry } from '../gateway/children';
import { MODEL, startReplica, type Replica, type ReplicaSpec } from './replicas';

const SPEC: ReplicaSpec = { name: 'swap', maxNumSeqs: 16, itlMs: 10, ttftMs: 20, gpuBlocks: 1024 };

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

export async function measureSwap(reg: ChildRegistry, coldStartS: number) {
  const sleepArgs = ['--enable-sleep-mode'];
  process.env.VLLM_SERVER_DEV_MODE = '1'; // the simulator, as vLLM, serves /sleep only in dev mode
  const a = await startReplica(reg, { ...SPEC, name: 'swap-a' }, sleepArgs);
  const b = await startReplica(reg, { ...SPEC, name: 'swap-b' }, sleepArgs);
  await post(b, '/sleep?level=1');
  await firstTokenMs(a, performance.now()); // A serves
  const started = performance.now();
  await post(a, '/sleep?level=1');
  await post(b, '/wake_up');
  const swapMs = await firstTokenMs(b, started);

  const coldStarted = performance.now();
  const cold = await startReplica(reg, { ...SPEC, name: 'cold' }, ['--startup-s', String(coldStartS)]);
  const coldMs = await firstTokenMs(cold, coldStarted);
  for (const r of [a, b, cold]) await reg.stop(r.child);
  return { swapS: swapMs / 1000, coldS: coldMs / 1000 };
}
