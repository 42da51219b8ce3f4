// The three replicas of uneven capacity behind the gateway: simulator processes (the CLI's `sim`),
// and Switchyard with one model group per strategy, all over the same three endpoints.
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ModelGroup } from '../../shared/schemas';
import { Store } from '../../electron/core/store';
import { parsePrometheusText } from '../../electron/core/telemetry/prom-parse';
import { readVllmMetrics } from '../../electron/core/telemetry/vllm-reading';
import { freePort, waitUntil, type Child, type ChildRegistry } from '../gateway/children';
import { serveArgs } from '../gateway/peers';

const CLI = 'out/cli/switchyard.cjs';
export const MODEL = 'routed';

export interface ReplicaSpec {
  name: string;
  maxNumSeqs: number;
  itlMs: number;
  ttftMs: number;
  gpuBlocks: number;
}

/** One slow replica and two fast ones, with KV pools of different sizes (fast-a's is tight enough to preempt when full). */
export const REPLICAS: ReplicaSpec[] = [
  { name: 'slow', maxNumSeqs: 4, itlMs: 30, ttftMs: 80, gpuBlocks: 128 },
  { name: 'fast-a', maxNumSeqs: 16, itlMs: 10, ttftMs: 20, gpuBlocks: 384 },
  { name: 'fast-b', maxNumSeqs: 16, itlMs: 10, ttftMs: 20, gpuBlocks: 1024 },
];

export interface Replica extends ReplicaSpec {
  port: number;
  child: Child;
}

/**
 * Requests per second a replica completes when full: max_num_seqs at a time, each taking TTFT +
 * ITL × mean output length (the simulators run with --itl-batch-factor 0, so a step does not
 * slow as the batch grows and this is exact but for prefill and queueing).
 */
export const capacityPerS = (r: ReplicaSpec, meanOutputTokens: number) =>
  r.maxNumSeqs / ((r.ttftMs + r.itlMs * meanOutputTokens) / 1000);

/** `readyWithinMs`: how long it may take to answer /health (a cold start's --startup-s, and then some). */
export async function startReplica(
  reg: ChildRegistry,
  spec: ReplicaSpec,
  extra: string[] = [],
  readyWithinMs = 30_000,
): Promise<Replica> {
  const port = await freePort();
  const child = reg.start(`sim-${spec.name}`, process.execPath, [
    CLI,
    'sim',
    MODEL,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--max-num-seqs',
    String(spec.maxNumSeqs),
    '--itl-ms',
    String(spec.itlMs),
    '--ttft-ms',
    String(spec.ttftMs),
    '--itl-batch-factor',
    '0',
    '--num-gpu-blocks-override',
    String(spec.gpuBlocks),
    '--block-size',
    '16',
    '--max-model-len',
    '2048',
    '--stats-interval-s',
    '0',
    '--disable-uvicorn-access-log',
    ...extra,
  ]);
  await waitUntil(
    `${spec.name} answers`,
    child,
    async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok,
    readyWithinMs,
  );
  return { ...spec, port, child };
}

/** A replica's engine figures from its /metrics, read with the same code telemetry uses. */
export async function engineReading(r: Replica) {
  const text = await (await fetch(`http://127.0.0.1:${r.port}/metrics`)).text();
  return readVllmMetrics(parsePrometheusText(text), Date.now());
}

export interface Gateway {
  url: string;
  headers: Record<string, string>;
  child: Child;
  /** serve's data directory: its request log is read after each cell. */
  dataDir: string;
}

/** The part of a request-log row's trace (shared/contract-capture.ts) the bench reads: when each attempt was sent. */
const TraceAttempts = z.object({
  attempts: z.array(z.object({ outcome: z.string(), startMs: z.number() })),
});

/**
 * The gateway's request-log rows for `group` since `sinceMs` (epoch ms), read-only while serve
 * keeps writing; waits until `expected` rows are there (the log is written in batches) or 10 s.
 * `sentMs`: when the gateway sent the request to the target that served it (its arrival plus the
 * served attempt's start in the row's trace), the moment it chose that target.
 */
export async function gatewayIntervals(gw: Gateway, group: string, sinceMs: number, expected: number) {
  const db = new Database(join(gw.dataDir, 'switchyard.db'), { readonly: true, fileMustExist: true });
  try {
    const query = db.prepare<
      [string, number],
      { at: number; latency_ms: number; deployment: string | null; trace: string | null }
    >('SELECT at, latency_ms, deployment, trace FROM request_logs WHERE model_group = ? AND at >= ?');
    const deadline = Date.now() + 10_000;
    let rows = query.all(group, sinceMs);
    while (rows.length < expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      rows = query.all(group, sinceMs);
    }
    return rows.map((r) => {
      const trace = r.trace ? TraceAttempts.safeParse(JSON.parse(r.trace)) : null;
      const served = trace?.success ? trace.data.attempts.filter((a) => a.outcome === 'ok').at(-1) : undefined;
      return { atMs: r.at, sentMs: r.at + (served?.startMs ?? 0), endMs: r.at + r.latency_ms, target: r.deployment };
    });
  } finally {
    db.close();
  }
}

/** The model group that routes to `r` alone. */
export const onlyGroup = (r: ReplicaSpec) => `${MODEL}-only-${r.name}`;

/** `switchyard serve` with one group per strategy, `routed-<strategy>`, each over every replica, and one per replica alone. */
export async function startGateway(
  reg: ChildRegistry,
  tmp: string,
  replicas: Replica[],
  strategies: ModelGroup['strategy'][],
  masterKey: string,
  /** Where the gateway appends its per-decision routing trace (SWITCHYARD_ROUTING_TRACE); null: no trace. */
  tracePath: string | null = null,
): Promise<Gateway> {
  const dataDir = join(tmp, 'switchyard');
  mkdirSync(dataDir, { recursive: true });
  const store = Store.open(dataDir);
  try {
    for (const r of replicas)
      store.endpoints.upsert({
        name: r.name,
        provider: 'hosted_vllm',
        baseUrl: `http://127.0.0.1:${r.port}/v1`,
        model: MODEL,
        apiKeyCipher: null,
        maxModelLen: 2048,
        inputCostPerToken: null,
        outputCostPerToken: null,
        rpmLimit: null,
        tpmLimit: null,
        timeoutMs: null,
      });
    store.modelGroups.replaceAll([
      ...strategies.map((strategy) => ({
        name: `${MODEL}-${strategy}`,
        strategy,
        targets: replicas.map((r) => ({ kind: 'endpoint' as const, ref: r.name, weight: 1, order: 0 })),
        fallbacks: [],
        contextWindowFallbacks: [],
      })),
      // One replica alone, for the warm-up (main.ts): it shows each replica a queue of its own.
      ...replicas.map((r) => ({
        name: onlyGroup(r),
        strategy: 'simple-shuffle' as const,
        targets: [{ kind: 'endpoint' as const, ref: r.name, weight: 1, order: 0 }],
        fallbacks: [],
        contextWindowFallbacks: [],
      })),
    ]);
  } finally {
    store.close();
  }
  const [port, uiPort] = [await freePort(), await freePort()];
  const child = reg.start(
    'switchyard',
    process.execPath,
    serveArgs({ dataDir, port, uiPort, masterKey }),
    tracePath ? { ...process.env, SWITCHYARD_ROUTING_TRACE: tracePath } : process.env,
  );
  await waitUntil('serve writes instance.json', child, async () => !!readFileSync(join(dataDir, 'instance.json')));
  const gw = {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${masterKey}` },
    child,
    dataDir,
  };
  await waitUntil('the gateway routes a request', child, async () => {
    const response = await fetch(gw.url, {
      method: 'POST',
      headers: gw.headers,
      body: JSON.stringify({
        model: `${MODEL}-${strategies[0]}`,
        messages: [{ role: 'user', content: 'ping' }],
        max_tokens: 1,
      }),
    });
    await response.arrayBuffer();
    return response.ok;
  });
  return gw;
}
