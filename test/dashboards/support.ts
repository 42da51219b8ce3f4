// Shared by the dashboards' tests: request rows from a seeded generator, written through the real
// request-log repo, and sums computed from those same rows in plain JS (independent of the SQL).
import type { NewRequestLog } from '../../electron/core/store/request-log';
import { Prng } from 'vllm-sim';

/** Deterministic randomness: the simulator's mulberry32, as a function (the same rows every run). */
export function seeded(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}

export interface Dims {
  keyId: string | null;
  teamId: string | null;
  modelGroup: string | null;
  deployment: string | null;
}

let seq = 0;
export function requestRow(at: number, dims: Dims, over: Partial<NewRequestLog> = {}): NewRequestLog {
  return {
    id: `r${seq++}`,
    at,
    ...dims,
    status: 200,
    promptTokens: 100,
    completionTokens: 20,
    costUsd: 0.001,
    latencyMs: 50,
    ttftMs: 10,
    attempts: 1,
    errorClass: null,
    ...over,
  };
}

/** `n` rows spread at random over [fromMs, toMs), dimensions drawn from the lists (null among them). */
export function randomRows(
  n: number,
  fromMs: number,
  toMs: number,
  choices: { [K in keyof Dims]: Array<string | null> },
  seed = 1,
): NewRequestLog[] {
  const rnd = seeded(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const rows: NewRequestLog[] = [];
  for (let i = 0; i < n; i++) {
    const failed = rnd() < 0.1;
    rows.push(
      requestRow(
        fromMs + Math.floor(rnd() * (toMs - fromMs)),
        {
          keyId: pick(choices.keyId),
          teamId: pick(choices.teamId),
          modelGroup: pick(choices.modelGroup),
          deployment: pick(choices.deployment),
        },
        {
          status: failed ? 502 : 200,
          promptTokens: failed ? 0 : 1 + Math.floor(rnd() * 2000),
          completionTokens: failed ? 0 : Math.floor(rnd() * 500),
          costUsd: failed ? 0 : Math.round(rnd() * 1e6) / 1e9,
        },
      ),
    );
  }
  return rows.sort((a, b) => a.at - b.at);
}

export const FIELD: Record<'key' | 'team' | 'modelGroup' | 'deployment', keyof Dims> = {
  key: 'keyId',
  team: 'teamId',
  modelGroup: 'modelGroup',
  deployment: 'deployment',
};

/** Per series id ('' for none): the rows' figures in [fromMs, toMs). */
export function expectedTotals(rows: NewRequestLog[], by: keyof Dims, fromMs: number, toMs: number) {
  const out = new Map<
    string,
    { requests: number; errors: number; promptTokens: number; completionTokens: number; costUsd: number }
  >();
  for (const r of rows) {
    if (r.at < fromMs || r.at >= toMs) continue;
    const id = (r[by] as string | null) ?? '';
    const t = out.get(id) ?? { requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
    t.requests += 1;
    t.errors += r.status >= 400 ? 1 : 0;
    t.promptTokens += r.promptTokens;
    t.completionTokens += r.completionTokens;
    t.costUsd += r.costUsd;
    out.set(id, t);
  }
  return out;
}
