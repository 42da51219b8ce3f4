// The case loop every HTTP fuzz suite shares: draw case i from its seed, send it over a raw
// socket, tally answers by kind and status class, and collect each case's problem with enough
// detail (seed, index, request) to replay it on its own.
import { type Draw, drawFor } from './fuzz-values';
import { type RawRequest, type RawResponse, rawRequest, runPool } from './raw-http';

export interface FuzzCase {
  kind: string;
  request: RawRequest;
  /** A request that must succeed (2xx): the positive controls. */
  mustSucceed?: boolean;
}

export interface FuzzOptions<C extends FuzzCase> {
  port: number;
  cases: number;
  concurrency: number;
  seed: number;
  makeCase: (d: Draw) => C;
  /** What is wrong with the answer to a case, or null. */
  problemOf: (c: C, res: RawResponse | null) => string | null;
}

export interface FuzzResult {
  failures: string[];
  /** Cases drawn, by kind. */
  counts: Record<string, number>;
  /** Answers by status class ("2xx", "4xx", …; "none" for a closed connection). */
  statuses: Record<string, number>;
  elapsedS: number;
}

/** JSON object text from fields whose values are already JSON texts (hostile ones included). */
export const objectText = (fields: Record<string, string>) =>
  `{${Object.entries(fields)
    .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
    .join(',')}}`;

export const describeCase = (seed: number, i: number, c: FuzzCase) =>
  `seed=${seed} case=${i} (${c.kind}) ${c.request.method} ${c.request.path.slice(0, 120)} headers=${JSON.stringify(
    (c.request.headers ?? []).map(([k, v]) => [k, v.slice(0, 40)]),
  ).slice(0, 300)} body=${String(c.request.body ?? '').slice(0, 160)}`;

export async function runFuzz<C extends FuzzCase>(o: FuzzOptions<C>): Promise<FuzzResult> {
  const failures: string[] = [];
  const counts: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  const started = Date.now();
  await runPool(o.cases, o.concurrency, async (i) => {
    const c = o.makeCase(drawFor(o.seed, i));
    counts[c.kind] = (counts[c.kind] ?? 0) + 1;
    const res = await rawRequest(o.port, c.request).catch((err: Error) => {
      failures.push(`${describeCase(o.seed, i, c)} → ${err.message}`);
      return undefined;
    });
    if (res === undefined) return;
    const status = res ? `${String(res.status).slice(0, 1)}xx` : 'none';
    statuses[status] = (statuses[status] ?? 0) + 1;
    const problem = o.problemOf(c, res);
    if (problem) failures.push(`${describeCase(o.seed, i, c)} → ${problem}`);
  });
  if (failures.length) console.log(failures.slice(0, 20).join('\n'));
  return { failures, counts, statuses, elapsedS: (Date.now() - started) / 1000 };
}
