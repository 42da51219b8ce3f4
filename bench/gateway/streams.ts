// The bench's streaming sections: long streams (64 and 256 concurrent streams of 512 tokens each)
// through every path in instant mode (the dialect rows beside chat are in dialects.ts; the paced
// long streams, a model's pace upstream, in paced.ts).
// Long streams: the simulator is in instant mode, so it writes tokens as fast as it can and the
// relay is the bottleneck. What the client sees is chunks/s (SSE events), the CPU each server
// spends per chunk, and the gaps between consecutive events' arrival. In instant mode a gap is
// not a model's pace but the relay's: how long the client waits for the next event of a stream
// that the upstream has already written. A gap is taken per read that brings events (events that
// come together in one read are not counted as gaps of 0, which would make every percentile 0).
import { groupCpuSeconds, groupRssMb } from './cpu';
import type { LoadGenerator } from './load';
import type { LoadResult, LoadSpec } from './load-spec';
import { type BenchPath, SIM_MODEL } from './peers';
import { fmtMs, table } from './report';
import { median } from './rounds';

export const STREAM_TOKENS = 512;
export const STREAM_CONCURRENCIES = [64, 256];

export interface StreamRun extends LoadResult {
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
  /** Set by a section that pairs paths within rounds: the median of the per-round differences from direct. */
  addedP50Ms?: number;
  addedP99Ms?: number;
  rssMb: number;
  ok: number;
  errors: number;
  firstError: string | null;
}

export const LONG_STREAM = JSON.stringify({
  model: SIM_MODEL,
  messages: [{ role: 'user', content: 'Tell me a long story.' }],
  max_tokens: STREAM_TOKENS,
  // Every stream is exactly 512 tokens: no early end of sequence.
  ignore_eos: true,
  stream: true,
});

/** One long-stream cell: `concurrency` streams of LONG_STREAM through `p`, and its server's CPU and RSS. */
export async function streamCell(
  p: BenchPath,
  load: LoadGenerator,
  concurrency: number,
  o: { warmupS: number; durationS: number },
): Promise<StreamRun> {
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
  return { ...r, cpuUsPerChunk, rssMb: groupRssMb(pgid) };
}

/** Medians over rounds of each path's runs at one concurrency. */
export function summarizeStreams(path: string, concurrency: number, r: StreamRun[]): StreamSummary {
  const cps = r.map((x) => (x.chunks ?? 0) / x.windowS);
  return {
    path,
    concurrency,
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
}

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
        const key = `${p.name}|${concurrency}`;
        runs.set(key, [...(runs.get(key) ?? []), await streamCell(p, load, concurrency, o)]);
      }
    o.log(`  long streams: round ${round}/${o.rounds} done`);
  }
  return [...runs].map(([key, r]) => {
    const [path, c] = key.split('|');
    return summarizeStreams(path, Number(c), r);
  });
}

const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');

/** `withP50`: an added p50 column too (the paced section's, where the p50 gap is the model's pace). */
export function longStreamTable(cells: StreamSummary[], o: { withP50?: boolean } = {}): string {
  const direct = (c: number) => cells.find((x) => x.path === 'direct' && x.concurrency === c);
  const added = (c: StreamSummary, p: 'P50' | 'P99') => {
    if (c.path === 'direct') return '—';
    const own = c[`added${p}Ms`];
    if (own !== undefined) return fmtMs(own);
    const base = direct(c.concurrency)?.[`gap${p}Ms`];
    const v = c[`gap${p}Ms`];
    return base === undefined || !Number.isFinite(v) || !Number.isFinite(base) ? 'n/a' : fmtMs(v - base);
  };
  return table(
    [
      `path (${STREAM_TOKENS}-token streams)`,
      'streams',
      'chunks/s',
      '(min–max)',
      'CPU µs/chunk',
      'gap p50 ms',
      'gap p99 ms',
      ...(o.withP50 ? ['added p50 ms'] : []),
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
      ...(o.withP50 ? [added(c, 'P50')] : []),
      added(c, 'P99'),
      c.rssMb.toFixed(1),
      int(c.ok),
      String(c.errors),
    ]),
  );
}
