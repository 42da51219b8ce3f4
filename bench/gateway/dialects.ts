// The bench's dialect rows: /v1/messages and /v1/responses beside plain chat through Switchyard,
// stream and not, CPU per request of serve and its gateway. A round runs every route once, in an
// order turned by one place each round (the request log grows through the run, so a route that
// always ran last would always write to the largest log); each route's ratio to chat is taken
// within its round, then the median over rounds. `/v1/responses` also runs with `store: false`,
// which shows what keeping the response costs beside its translation (reported, not a goal).
import { groupCpuSeconds } from './cpu';
import type { LoadGenerator } from './load';
import { originOf, SIM_MODEL, type SwitchyardPath } from './peers';
import { fmtMs, table } from './report';
import { median } from './rounds';

const envNumber = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
/** Rounds and seconds per cell of the dialect rows: more, shorter rounds than the long streams, for a steadier median ratio. */
export const DIALECT_ROUNDS = envNumber('BENCH_DIALECT_ROUNDS', 6);
export const DIALECT_DURATION_S = envNumber('BENCH_DIALECT_DURATION_S', 3);

const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');

/** One dialect row's request: where it goes, what it sends, how its stream ends. */
export interface DialectCase {
  route: string;
  stream: boolean;
  /** What the row is called when it is not the route's default request. */
  variant?: string;
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
  {
    route: '/v1/responses',
    variant: 'store: false',
    stream: false,
    body: { model: SIM_MODEL, input: 'Say hello in a few words.', max_output_tokens: 16, store: false },
  },
  {
    route: '/v1/responses',
    variant: 'store: false',
    stream: true,
    streamEnd: ['response.completed', 'response.incomplete'],
    body: { model: SIM_MODEL, input: 'Say hello in a few words.', max_output_tokens: 16, stream: true, store: false },
  },
];

export interface DialectRow {
  route: string;
  stream: boolean;
  variant?: string;
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
      variant: d.variant,
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
    for (const d of [...live.slice(round % live.length), ...live.slice(0, round % live.length)]) {
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
    if (r.variant) return 'INFO';
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
          r.variant ? `${r.route} (${r.variant})` : r.route,
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
      .map(
        (r) => `\nSKIPPED ${r.route}${r.variant ? ` (${r.variant})` : ''}${r.stream ? ' (stream)' : ''}: ${r.skipped}`,
      )
      .join('')
  );
}
