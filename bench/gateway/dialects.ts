// The bench's dialect rows: /v1/messages and /v1/responses beside plain chat through Switchyard,
// stream and not, CPU per request of serve and its gateway. Each translated route's cell runs
// right beside a chat cell of its kind and its ratio is taken from that pair; the median over
// rounds is its figure. The machine's speed drifts by tens of percent over a minute (a shared
// VM), so cells far apart in the run are not compared. The order of the routes turns each round
// (the request log grows through the run, and a route that always ran last would always write
// to the largest log). `/v1/responses` also runs with `store: false`, which shows what keeping
// the response costs beside its translation (reported, not a goal).
import { groupCpuSeconds } from './cpu';
import type { LoadGenerator } from './load';
import { originOf, SIM_MODEL, type SwitchyardPath } from './peers';
import { fmtMs, table } from './report';
import { median } from './rounds';
import { envNumber } from './settings';

/** Rounds and seconds per cell of the dialect rows: more, shorter rounds than the long streams, for a steadier median ratio. */
export const DIALECT_ROUNDS = envNumber('BENCH_DIALECT_ROUNDS', 8);
export const DIALECT_DURATION_S = envNumber('BENCH_DIALECT_DURATION_S', 2);
export const DIALECT_WARMUP_S = envNumber('BENCH_DIALECT_WARMUP_S', 0.5);

const CHAT_ROUTE = '/v1/chat/completions';

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

/**
 * The dialect case a profile or A/B run names (BENCH_PROFILE_CASE, BENCH_AB_CASE): `chat`,
 * `messages` or `responses`, each also `-stream`; responses also `-nostore` (`store: false`).
 */
export function dialectCase(name: string): DialectCase {
  const [routeName, ...flags] = name.split('-');
  const found = DIALECTS.find(
    (x) =>
      x.route === `/v1/${routeName === 'chat' ? 'chat/completions' : routeName}` &&
      x.stream === flags.includes('stream') &&
      (x.variant === 'store: false') === flags.includes('nostore'),
  );
  if (!found)
    throw new Error(
      `${name}: not a case; one of chat, messages, responses (each also -stream; responses also -nostore or -stream-nostore)`,
    );
  return found;
}

/** A case in words: its route, then `(stream)` and its variant where it has them. */
export const caseLabel = (d: DialectCase) =>
  `${d.route}${d.stream ? ' (stream)' : ''}${d.variant ? ` (${d.variant})` : ''}`;

/** The headers a dialect case's request needs besides Switchyard's bearer key (the Messages route reads x-api-key). */
export function dialectHeaders(p: { headers: Record<string, string> }): Record<string, string> {
  return {
    ...p.headers,
    'x-api-key': p.headers.authorization.slice('Bearer '.length),
    'anthropic-version': '2023-06-01',
  };
}

export interface DialectRow {
  route: string;
  stream: boolean;
  variant?: string;
  /** Why the row was not measured (the route answered 404), else null. */
  skipped: string | null;
  requestsPerS: number;
  cpuUsPerRequest: number;
  /** CPU per request over chat's in the chat cell run beside it, one per pair (empty for chat). */
  ratios: number[];
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
  const headers = dialectHeaders(sy);
  const live: DialectCase[] = [];
  const rows = new Map<DialectCase, DialectRow & { runs: { rps: number; cpu: number; p50: number }[] }>();
  for (const d of DIALECTS) {
    const probe = await fetch(`${originOf(sy)}${d.route}`, {
      method: 'POST',
      headers,
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
      ratios: [],
      p50Ms: NaN,
      errors: 0,
      firstError: null,
      runs: [],
    };
    rows.set(d, row);
    if (!row.skipped) live.push(d);
  }
  const pgid = sy.child.proc.pid!;
  const cell = async (d: DialectCase) => {
    const before = groupCpuSeconds(pgid);
    const r = await load.measure({
      url: `${originOf(sy)}${d.route}`,
      headers,
      body: JSON.stringify(d.body),
      concurrency: o.concurrency,
      warmupS: o.warmupS,
      durationS: o.durationS,
      measure: d.stream ? 'chunks' : 'complete',
      streamEnd: d.streamEnd,
    });
    const row = rows.get(d)!;
    const run = {
      rps: r.requestsPerS,
      cpu: ((groupCpuSeconds(pgid) - before) * 1e6) / Math.max(1, r.completed),
      p50: r.p50Ms,
    };
    row.runs.push(run);
    row.errors += r.errors;
    row.firstError ??= r.firstError;
    return run.cpu;
  };
  // Each translated route runs right beside a chat cell of its own kind (stream or not), chat
  // first in even rounds and second in odd ones: the ratio is taken from the pair, seconds apart,
  // so the machine's drift between cells far apart in the run does not enter it.
  const translated = live.filter((d) => d.route !== CHAT_ROUTE);
  for (let round = 0; round < o.rounds; round++) {
    const turn = round % Math.max(1, translated.length);
    for (const d of [...translated.slice(turn), ...translated.slice(0, turn)]) {
      const chat = live.find((c) => c.route === CHAT_ROUTE && c.stream === d.stream);
      if (!chat) continue;
      const [first, second] = round % 2 === 0 ? [chat, d] : [d, chat];
      const a = await cell(first);
      const b = await cell(second);
      rows.get(d)!.ratios.push(first === d ? a / b : b / a);
    }
  }
  return [...rows.values()].map(({ runs, ...row }) => ({
    ...row,
    requestsPerS: median(runs.map((x) => x.rps)),
    cpuUsPerRequest: median(runs.map((x) => x.cpu)),
    p50Ms: median(runs.map((x) => x.p50)),
  }));
}

/** Goal of issue 13: a translated route costs at most this much CPU per request over plain chat. */
const DIALECT_GOAL = 1.2;

export function dialectTable(rows: DialectRow[], concurrency: number): string {
  // Within each pair of cells, then the median and spread over the pairs.
  const vsChat = (r: DialectRow) => {
    const ratios = r.route === CHAT_ROUTE ? [1] : r.ratios.filter(Number.isFinite);
    return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
  };
  const verdict = (r: DialectRow) => {
    if (r.route === CHAT_ROUTE) return '';
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
