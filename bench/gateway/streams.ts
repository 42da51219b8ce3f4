// The bench's streaming sections: long streams (64 and 256 concurrent streams of 512 tokens each)
// through every path, and /v1/messages and /v1/responses beside chat through Switchyard.
// Long streams: the simulator is in instant mode, so it writes tokens as fast as it can and the
// relay is the bottleneck. What the client sees is chunks/s (SSE events), the CPU each server
// spends per chunk, and the gaps between consecutive events' arrival. In instant mode a gap is
// not a model's pace but the relay's: how long the client waits for the next event of a stream
// that the upstream has already written. A gap is taken per read that brings events (events that
// come together in one read are not counted as gaps of 0, which would make every percentile 0).
import { groupCpuSeconds, groupRssMb } from './cpu';
import type { LoadGenerator } from './load';
import type { LoadResult, LoadSpec } from './load-spec';
import { type BenchPath, originOf, SIM_MODEL, type SwitchyardPath } from './peers';
import { fmtMs, table } from './report';
import { median } from './rounds';

export const STREAM_TOKENS = 512;
export const STREAM_CONCURRENCIES = [64, 256];

interface StreamRun extends LoadResult {
  cpuUsPerChunk: number;
  rssMb: number;
}

export interface StreamSummary {
  path: string;
  concurrency: number;
  chunksPerS: number;
  minChunksPerS: number;
  maxChunksPerS: number;
  cpuUsPerChunk: number;
  gapP50Ms: number;
  gapP99Ms: number;
  rssMb: number;
  ok: number;
  errors: number;
  firstError: string | null;
}

const LONG_STREAM = JSON.stringify({
  model: SIM_MODEL,
  messages: [{ role: 'user', content: 'Tell me a long story.' }],
  max_tokens: STREAM_TOKENS,
  // Every stream is exactly 512 tokens: no early end of sequence.
  ignore_eos: true,
  stream: true,
});

/** Long-stream cells, `rounds` times each in the same order; medians over rounds. */
export async function longStreams(
  paths: BenchPath[],
  load: LoadGenerator,
  o: { rounds: number; warmupS: number; durationS: number; log: (line?: string) => void },
): Promise<StreamSummary[]> {
  const runs = new Map<string, StreamRun[]>();
  for (let round = 1; round <= o.rounds; round++) {
    for (const concurrency of STREAM_CONCURRENCIES)
      for (const p of paths) {
        const pgid = p.child.proc.pid!;
        const cpuBefore = groupCpuSeconds(pgid);
        const spec: LoadSpec = {
          url: p.url,
          headers: p.headers,
          body: LONG_STREAM,
          concurrency,
          warmupS: o.warmupS,
          durationS: o.durationS,
          measure: 'chunks',
        };
        const r = await load.measure(spec);
        const cpuUsPerChunk = ((groupCpuSeconds(pgid) - cpuBefore) * 1e6) / Math.max(1, r.chunksTotal ?? 0);
        const key = `${p.name}|${concurrency}`;
        runs.set(key, [...(runs.get(key) ?? []), { ...r, cpuUsPerChunk, rssMb: groupRssMb(pgid) }]);
      }
    o.log(`  long streams: round ${round}/${o.rounds} done`);
  }
  return [...runs].map(([key, r]) => {
    const [path, c] = key.split('|');
    const cps = r.map((x) => (x.chunks ?? 0) / x.windowS);
    return {
      path,
      concurrency: Number(c),
      chunksPerS: median(cps),
      minChunksPerS: Math.min(...cps),
      maxChunksPerS: Math.max(...cps),
      cpuUsPerChunk: median(r.map((x) => x.cpuUsPerChunk)),
      gapP50Ms: median(r.map((x) => x.gapP50Ms ?? NaN)),
      gapP99Ms: median(r.map((x) => x.gapP99Ms ?? NaN)),
      rssMb: Math.max(...r.map((x) => x.rssMb)),
      ok: r.reduce((s, x) => s + x.ok, 0),
      errors: r.reduce((s, x) => s + x.errors, 0),
      firstError: r.find((x) => x.firstError)?.firstError ?? null,
    };
  });
}

const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');

export function longStreamTable(cells: StreamSummary[]): string {
  const direct = (c: number) => cells.find((x) => x.path === 'direct' && x.concurrency === c);
  const added = (v: number, base: number | undefined) =>
    base === undefined || !Number.isFinite(v) || !Number.isFinite(base) ? 'n/a' : fmtMs(v - base);
  return table(
    [
      `path (${STREAM_TOKENS}-token streams)`,
      'streams',
      'chunks/s',
      '(min–max)',
      'CPU µs/chunk',
      'gap p50 ms',
      'gap p99 ms',
      'added p99 ms',
      'RSS MB',
      'streams ok',
      'errors',
    ],
    cells.map((c) => [
      c.path,
      String(c.concurrency),
      int(c.chunksPerS),
      `${int(c.minChunksPerS)}–${int(c.maxChunksPerS)}`,
      Number.isFinite(c.cpuUsPerChunk) ? c.cpuUsPerChunk.toFixed(1) : 'n/a',
      fmtMs(c.gapP50Ms),
      fmtMs(c.gapP99Ms),
      c.path === 'direct' ? '—' : added(c.gapP99Ms, direct(c.concurrency)?.gapP99Ms),
      c.rssMb.toFixed(1),
      int(c.ok),
      String(c.errors),
    ]),
  );
}

/** One dialect row's request: where it goes, what it sends, how its stream ends. */
export interface DialectCase {
  route: string;
  stream: boolean;
  body: unknown;
  streamEnd?: string[];
}

export const DIALECTS: DialectCase[] = [
  {
    route: '/v1/chat/completions',
    stream: false,
    body: { model: SIM_MODEL, messages: [{ role: 'user', content: 'Say hello in a few words.' }], max_tokens: 16 },
  },
  {
    route: '/v1/chat/completions',
    stream: true,
    body: {
      model: SIM_MODEL,
      messages: [{ role: 'user', content: 'Say hello in a few words.' }],
      max_tokens: 16,
      stream: true,
    },
  },
  {
    route: '/v1/messages',
    stream: false,
    body: { model: SIM_MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'Say hello in a few words.' }] },
  },
  {
    route: '/v1/messages',
    stream: true,
    streamEnd: ['message_stop'],
    body: {
      model: SIM_MODEL,
      max_tokens: 16,
      messages: [{ role: 'user', content: 'Say hello in a few words.' }],
      stream: true,
    },
  },
  {
    route: '/v1/responses',
    stream: false,
    body: { model: SIM_MODEL, input: 'Say hello in a few words.', max_output_tokens: 16 },
  },
  {
    route: '/v1/responses',
    stream: true,
    streamEnd: ['response.completed', 'response.incomplete'],
    body: { model: SIM_MODEL, input: 'Say hello in a few words.', max_output_tokens: 16, stream: true },
  },
];

export interface DialectRow {
  route: string;
  stream: boolean;
  /** Why the row was not measured (the route answered 404), else null. */
  skipped: string | null;
  requestsPerS: number;
  cpuUsPerRequest: number;
  /** CPU µs per request of each round, in round order (a round runs every route once). */
  cpuRuns: number[];
  p50Ms: number;
  errors: number;
  firstError: string | null;
}

/** Each route through Switchyard at `concurrency`, `rounds` times; a route answering 404 is skipped with a line. */
export async function dialectRows(
  sy: SwitchyardPath,
  load: LoadGenerator,
  o: { rounds: number; concurrency: number; warmupS: number; durationS: number },
): Promise<DialectRow[]> {
  const headers = { ...sy.headers, 'x-api-key': sy.headers.authorization.slice('Bearer '.length) };
  const live: DialectCase[] = [];
  const rows = new Map<DialectCase, DialectRow & { runs: { rps: number; cpu: number; p50: number }[] }>();
  for (const d of DIALECTS) {
    const probe = await fetch(`${originOf(sy)}${d.route}`, {
      method: 'POST',
      headers: { ...headers, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(d.body),
    });
    await probe.arrayBuffer();
    const row = {
      route: d.route,
      stream: d.stream,
      skipped: probe.status === 404 ? `${d.route} answered 404: the gateway does not serve it yet` : null,
      requestsPerS: NaN,
      cpuUsPerRequest: NaN,
      cpuRuns: [],
      p50Ms: NaN,
      errors: 0,
      firstError: null,
      runs: [],
    };
    rows.set(d, row);
    if (!row.skipped) live.push(d);
  }
  const pgid = sy.child.proc.pid!;
  for (let round = 0; round < o.rounds; round++)
    for (const d of live) {
      const before = groupCpuSeconds(pgid);
      const r = await load.measure({
        url: `${originOf(sy)}${d.route}`,
        headers: { ...headers, 'anthropic-version': '2023-06-01' },
        body: JSON.stringify(d.body),
        concurrency: o.concurrency,
        warmupS: o.warmupS,
        durationS: o.durationS,
        measure: d.stream ? 'chunks' : 'complete',
        streamEnd: d.streamEnd,
      });
      const row = rows.get(d)!;
      row.runs.push({
        rps: r.requestsPerS,
        cpu: ((groupCpuSeconds(pgid) - before) * 1e6) / Math.max(1, r.completed),
        p50: r.p50Ms,
      });
      row.errors += r.errors;
      row.firstError ??= r.firstError;
    }
  return [...rows.values()].map(({ runs, ...row }) => ({
    ...row,
    cpuRuns: runs.map((x) => x.cpu),
    requestsPerS: median(runs.map((x) => x.rps)),
    cpuUsPerRequest: median(runs.map((x) => x.cpu)),
    p50Ms: median(runs.map((x) => x.p50)),
  }));
}

/** Goal of issue 13: a translated route costs at most this much CPU per request over plain chat. */
const DIALECT_GOAL = 1.2;

export function dialectTable(rows: DialectRow[], concurrency: number): string {
  const chat = (stream: boolean) => rows.find((r) => r.route === '/v1/chat/completions' && r.stream === stream);
  // Within each round (the routes ran one after another), then the median and spread over rounds.
  const vsChat = (r: DialectRow) => {
    const base = chat(r.stream)?.cpuRuns ?? [];
    const ratios = r.cpuRuns.map((cpu, i) => cpu / base[i]).filter(Number.isFinite);
    return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
  };
  const verdict = (r: DialectRow) => {
    if (r.route === '/v1/chat/completions') return '';
    const v = vsChat(r);
    return v.median <= DIALECT_GOAL
      ? v.max > DIALECT_GOAL
        ? 'PASS?'
        : 'PASS'
      : v.min <= DIALECT_GOAL
        ? 'MISS?'
        : 'MISS';
  };
  return (
    table(
      [
        'route (Switchyard)',
        'stream',
        'concurrency',
        'requests/s',
        'p50 ms',
        'CPU µs/req',
        'vs chat',
        '(rounds)',
        `≤ ${DIALECT_GOAL}×`,
        'errors',
      ],
      rows
        .filter((r) => !r.skipped)
        .map((r) => [
          r.route,
          r.stream ? 'yes' : 'no',
          String(concurrency),
          int(r.requestsPerS),
          fmtMs(r.p50Ms),
          int(r.cpuUsPerRequest),
          `${vsChat(r).median.toFixed(2)}×`,
          `${vsChat(r).min.toFixed(2)}–${vsChat(r).max.toFixed(2)}`,
          verdict(r),
          String(r.errors),
        ]),
    ) +
    rows
      .filter((r) => r.skipped)
      .map((r) => `\nSKIPPED ${r.route}${r.stream ? ' (stream)' : ''}: ${r.skipped}`)
      .join('')
  );
}
