// The load generator: its own process, so it never shares an event loop with a server under test.
// Closed loop: `concurrency` keep-alive connections, each sending its next request as soon as the
// previous answer is complete. Latencies are taken with the monotonic clock at sub-millisecond
// resolution (autocannon's histogram rounds to whole milliseconds, too coarse for a 0.3 ms target).
// Driven over Node's IPC channel: each message is a LoadSpec, each answer a LoadResult.
import { performance } from 'node:perf_hooks';
import { Client } from 'undici';
import { Http1Connection, postRequest } from './http1-connection';
import { DEFAULT_STREAM_END, type LoadResult, type LoadSpec, type MixRequest } from './load-spec';

/** The first SSE event carrying generated text: `"content":"` followed by at least one character. */
const FIRST_TOKEN = /"content":"[^"]/;
const LF = 10;

type Outcome = { ok: true; ms: number; events?: number } | { ok: false; error: string };

/** Where `chunks` mode records: shared by every connection of one cell. */
interface ChunkLog {
  /** Gaps before events that arrived inside the measured window, ms. */
  gaps: number[];
  /** Events that arrived inside the measured window, whichever stream they belong to. */
  measured: number;
  /** Every event received, warm-up included (for CPU per chunk). */
  total: number;
  from: number;
  until: number;
}

/** Events in one read: each SSE event ends with a blank line ("\n\n"), which may straddle reads. */
function countEvents(chunk: Buffer, endsWithLf: boolean): number {
  let n = endsWithLf && chunk[0] === LF ? 1 : 0;
  for (let i = chunk.indexOf('\n\n'); i !== -1; i = chunk.indexOf('\n\n', i + 2)) n++;
  return n;
}

/**
 * Reads a stream to its last event (`end`). With a `chunks` log, counts events by arrival time and
 * stops reading once the window is over (a 512-token stream may outlast it).
 */
async function readEvents(body: AsyncIterable<Buffer>, log: ChunkLog | null, end: string | string[]): Promise<Outcome> {
  const ends = typeof end === 'string' ? [end] : end;
  let events = 0;
  let endsWithLf = false;
  let last = -1;
  let tail = '';
  // The last event may be long (Responses' response.completed carries the whole response after
  // its name), so the marker is looked for in every read, across read boundaries.
  let ended = false;
  for await (const chunk of body) {
    const now = performance.now();
    const n = countEvents(chunk, endsWithLf);
    endsWithLf = chunk[chunk.length - 1] === LF;
    if (log && n > 0) {
      log.total += n;
      if (now >= log.from && now <= log.until) {
        log.measured += n;
        // One gap per read that brings events: how long the stream waited since the previous one.
        // (Events that come in the same read have no gap between them worth recording: in
        // instant mode most do, and their zeros would make every percentile 0.)
        if (last >= 0) log.gaps.push(now - last);
      }
      last = now;
      if (now > log.until) return { ok: true, ms: 0, events };
    }
    events += n;
    const seen = tail + chunk.toString('latin1');
    ended ||= ends.some((e) => seen.includes(e));
    tail = seen.slice(-256);
  }
  if (!ended) return { ok: false, error: `stream ended without ${ends.join(' or ')}: …${tail.slice(-80)}` };
  // OpenAI's [DONE] is no token.
  return { ok: true, ms: 0, events: end === DEFAULT_STREAM_END ? events - 1 : events };
}

/** A whole answer of any route: a chat's choices, embeddings' data, a message's content, a response's output. */
function completeAnswer(text: string, started: number): Outcome {
  const ms = performance.now() - started;
  return text.includes('"choices"') ||
    text.includes('"data"') ||
    text.includes('"content"') ||
    text.includes('"output"')
    ? { ok: true, ms }
    : { ok: false, error: `answer without choices: ${text.slice(0, 200)}` };
}

/** A non-streamed request on the light connection (http1-connection.ts). */
async function onceComplete(connection: Http1Connection, request: Buffer): Promise<Outcome> {
  const started = performance.now();
  const answer = await connection.request(request);
  if (answer.status !== 200)
    return { ok: false, error: `HTTP ${answer.status}: ${answer.body.toString('utf8', 0, 200)}` };
  return completeAnswer(answer.body.toString('latin1'), started);
}

async function once(
  client: Client,
  path: string,
  headers: Record<string, string>,
  body: string,
  measure: 'complete' | 'first-token' | 'chunks',
  chunkLog: ChunkLog | null,
  streamEnd: string | string[] = DEFAULT_STREAM_END,
): Promise<Outcome> {
  const started = performance.now();
  const response = await client.request({ path, method: 'POST', headers, body });
  if (response.statusCode !== 200) {
    const text = await response.body.text();
    return { ok: false, error: `HTTP ${response.statusCode}: ${text.slice(0, 200)}` };
  }
  if (measure === 'complete') return completeAnswer(await response.body.text(), started);
  if (measure === 'chunks') {
    const outcome = await readEvents(response.body, chunkLog, streamEnd);
    return outcome.ok ? { ...outcome, ms: performance.now() - started } : outcome;
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

/** A small seeded generator (mulberry32): every path gets the same sequence of mixed requests. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const newClient = (origin: string) =>
  new Client(origin, { pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const path = url.pathname + url.search;
  const opened: Client[] = [];
  const t0 = performance.now();
  const measureFrom = t0 + spec.warmupS * 1000;
  const measureUntil = measureFrom + spec.durationS * 1000;
  const latencies: number[] = [];
  const chunkLog: ChunkLog | null =
    spec.measure === 'chunks' ? { gaps: [], measured: 0, total: 0, from: measureFrom, until: measureUntil } : null;
  let errors = 0;
  let completed = 0;
  let firstError: string | null = null;

  const worker = async (index: number) => {
    // One keep-alive connection per origin this worker talks to (a mix may name several).
    const clients = new Map<string, Client>();
    const clientFor = (origin: string) => {
      let c = clients.get(origin);
      if (!c) {
        c = newClient(origin);
        clients.set(origin, c);
        opened.push(c);
      }
      return c;
    };
    const random = seeded(1_000 + index);
    // Non-streamed cells go on a light connection of their own, remade if the server closes it.
    const request = spec.measure === 'complete' ? postRequest(url, spec.headers, spec.body) : null;
    let connection: Http1Connection | null = null;
    while (performance.now() < measureUntil) {
      const started = performance.now();
      const inWindow = started >= measureFrom;
      let outcome: Outcome;
      try {
        if (spec.measure === 'mix') {
          const mix = spec.mix!;
          const r: MixRequest = mix[Math.floor(random() * mix.length)];
          const u = new URL(r.url);
          outcome = await once(
            clientFor(u.origin),
            u.pathname,
            r.headers,
            r.body,
            r.stream ? 'chunks' : 'complete',
            null,
          );
        } else if (request) {
          if (!connection?.usable) {
            connection?.destroy();
            connection = new Http1Connection(url.hostname, Number(url.port || 80));
          }
          outcome = await onceComplete(connection, request);
        } else {
          outcome = await once(
            clientFor(url.origin),
            path,
            spec.headers,
            spec.body,
            spec.measure,
            chunkLog,
            spec.streamEnd,
          );
        }
      } catch (err) {
        outcome = { ok: false, error: `${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}` };
      }
      const finished = performance.now();
      completed++;
      if (!inWindow || finished > measureUntil) continue;
      if (outcome.ok) {
        latencies.push(outcome.ms);
      } else {
        errors++;
        firstError ??= outcome.error;
      }
    }
    connection?.destroy();
  };
  await Promise.all(Array.from({ length: spec.concurrency }, (_, i) => worker(i)));
  await Promise.all(opened.map((c) => c.close().catch(() => undefined)));

  const sorted = Float64Array.from(latencies).sort();
  const result: LoadResult = {
    ok: sorted.length,
    errors,
    completed,
    windowS: spec.durationS,
    requestsPerS: sorted.length / spec.durationS,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    firstError,
  };
  if (chunkLog) {
    const gaps = Float64Array.from(chunkLog.gaps).sort();
    Object.assign(result, {
      chunks: chunkLog.measured,
      chunksTotal: chunkLog.total,
      gapP50Ms: percentile(gaps, 50),
      gapP99Ms: percentile(gaps, 99),
    });
  }
  return result;
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
