// The load generator: its own process, so it never shares an event loop with a server under test.
// Closed loop: `concurrency` keep-alive connections, each sending its next request as soon as the
// previous answer is complete. Latencies are taken with the monotonic clock at sub-millisecond
// resolution (autocannon's histogram rounds to whole milliseconds, too coarse for a 0.3 ms target).
// Driven over Node's IPC channel: each message is a LoadSpec, each answer a LoadResult.
import { performance } from 'node:perf_hooks';
import { Client } from 'undici';
import type { LoadResult, LoadSpec } from './load-spec';

/** The first SSE event carrying generated text: `"content":"` followed by at least one character. */
const FIRST_TOKEN = /"content":"[^"]/;

type Outcome = { ok: true; ms: number } | { ok: false; error: string };

async function once(client: Client, path: string, spec: LoadSpec): Promise<Outcome> {
  const started = performance.now();
  const response = await client.request({ path, method: 'POST', headers: spec.headers, body: spec.body });
  if (response.statusCode !== 200) {
    const text = await response.body.text();
    return { ok: false, error: `HTTP ${response.statusCode}: ${text.slice(0, 200)}` };
  }
  if (spec.measure === 'complete') {
    const text = await response.body.text();
    const ms = performance.now() - started;
    return text.includes('"choices"')
      ? { ok: true, ms }
      : { ok: false, error: `answer without choices: ${text.slice(0, 200)}` };
  }
  let firstTokenMs: number | null = null;
  let seen = '';
  for await (const chunk of response.body) {
    if (firstTokenMs === null) {
      seen += (chunk as Buffer).toString('utf8');
      if (FIRST_TOKEN.test(seen)) firstTokenMs = performance.now() - started;
    } else if (seen.length < 64 * 1024) {
      seen += (chunk as Buffer).toString('utf8');
    }
  }
  if (firstTokenMs === null) return { ok: false, error: `stream without a token: ${seen.slice(0, 200)}` };
  if (!seen.includes('data: [DONE]')) return { ok: false, error: 'stream ended without data: [DONE]' };
  return { ok: true, ms: firstTokenMs };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const path = url.pathname + url.search;
  const clients = Array.from(
    { length: spec.concurrency },
    () => new Client(url.origin, { pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 }),
  );
  const t0 = performance.now();
  const measureFrom = t0 + spec.warmupS * 1000;
  const measureUntil = measureFrom + spec.durationS * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let completed = 0;
  let firstError: string | null = null;

  const worker = async (client: Client) => {
    while (performance.now() < measureUntil) {
      const started = performance.now();
      let outcome: Outcome;
      try {
        outcome = await once(client, path, spec);
      } catch (err) {
        outcome = { ok: false, error: `${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}` };
      }
      const finished = performance.now();
      completed++;
      if (started < measureFrom || finished > measureUntil) continue;
      if (outcome.ok) latencies.push(outcome.ms);
      else {
        errors++;
        firstError ??= outcome.error;
      }
    }
  };
  await Promise.all(clients.map(worker));
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));

  const sorted = Float64Array.from(latencies).sort();
  return {
    ok: sorted.length,
    errors,
    completed,
    windowS: spec.durationS,
    requestsPerS: sorted.length / spec.durationS,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    firstError,
  };
}

if (require.main === module) {
  // One cell per message from the bench; the answer goes back on the same channel.
  process.on('message', (spec: LoadSpec) => {
    runLoad(spec).then(
      (result) => process.send?.({ ok: true, result }),
      (err: unknown) => process.send?.({ ok: false, error: (err as Error).stack ?? String(err) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
