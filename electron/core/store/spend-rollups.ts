// Spend rollups: request_rollups keyed by one dimension at a time (key, team, model group or
// deployment) per minute, hour and day. A Spend chart grouped by one dimension then reads at most
// buckets × that dimension's values rows, however many key × team × group × deployment
// combinations the traffic has (request_rollups holds one row per combination per bucket, which at
// a year of traffic is millions of rows per month). Folded in by RequestLogRepo as rows land, in the
// same transaction and from the same rows as request_rollups, so both stay exact across crashes.
import type Database from 'better-sqlite3';
import { GRANULARITIES, GRANULARITY_MS, type Granularity } from '../../../shared/granularity';

export type SpendDimension = 'key' | 'team' | 'modelGroup' | 'deployment';

const COLUMN: Record<SpendDimension, string> = {
  key: 'key_id',
  team: 'team_id',
  modelGroup: 'model_group',
  deployment: 'deployment',
};
const DIMENSIONS = Object.keys(COLUMN) as SpendDimension[];

/** What foldRows reads of a request-log row. */
export interface SpendRow {
  at: number;
  keyId: string | null;
  teamId?: string | null;
  modelGroup: string | null;
  deployment: string | null;
  status: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}
const FIELD = {
  key: 'keyId',
  team: 'teamId',
  modelGroup: 'modelGroup',
  deployment: 'deployment',
} as const satisfies Record<SpendDimension, keyof SpendRow>;

/** Traffic figures of one bucket or span. */
export interface SpendFigures {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/**
 * The reads of the Overview and Spend pages, by name. Each is one contiguous stretch of the primary
 * key (granularity, dimension, bucket, value); test/dashboards/query-plans.test.ts checks each
 * one's plan with EXPLAIN QUERY PLAN.
 */
export const SPEND_READS = {
  totals: `
      SELECT coalesce(sum(requests), 0), coalesce(sum(errors), 0), coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0),
        coalesce(sum(cost_usd), 0)
      FROM spend_rollups WHERE granularity = @granularity AND dimension = 'deployment' AND bucket >= @fromMs AND bucket < @toMs`,
  costs: `
      SELECT bucket, json_group_object(value, cost_usd) FROM spend_rollups
      WHERE granularity = @granularity AND dimension = @dimension AND bucket >= @fromMs AND bucket < @toMs
      GROUP BY bucket ORDER BY bucket`,
  figures: `
      SELECT bucket, json_group_object(value, json_array(requests, errors, prompt_tokens, completion_tokens, cost_usd)) FROM spend_rollups
      WHERE granularity = @granularity AND dimension = @dimension AND bucket >= @fromMs AND bucket < @toMs
      GROUP BY bucket ORDER BY bucket`,
  totalsByValue: `
      SELECT value, sum(requests), sum(errors), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd) FROM spend_rollups
      WHERE granularity = @granularity AND dimension = @dimension AND bucket >= @fromMs AND bucket < @toMs
      GROUP BY value`,
} as const;

export class SpendRollupsRepo {
  private readonly folds: Database.Statement[];
  private readonly add: Database.Statement;
  private readonly totalsOf: Database.Statement;
  private readonly costsOf: Database.Statement;
  private readonly figuresOf: Database.Statement;
  private readonly byValueOf: Database.Statement;

  constructor(db: Database.Database) {
    this.folds = GRANULARITIES.flatMap((granularity) =>
      DIMENSIONS.map((dimension) =>
        db.prepare(`
      INSERT INTO spend_rollups (granularity, dimension, bucket, value, requests, errors, prompt_tokens, completion_tokens, cost_usd)
      SELECT '${granularity}', '${dimension}', (at / ${GRANULARITY_MS[granularity]}) * ${GRANULARITY_MS[granularity]}, coalesce(${COLUMN[dimension]}, ''),
        count(*), sum(status >= 400), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd)
      FROM request_logs WHERE seq > @from AND seq <= @to
      GROUP BY 3, 4
      ON CONFLICT (granularity, dimension, bucket, value) DO UPDATE SET
        requests = requests + excluded.requests, errors = errors + excluded.errors, prompt_tokens = prompt_tokens + excluded.prompt_tokens,
        completion_tokens = completion_tokens + excluded.completion_tokens, cost_usd = cost_usd + excluded.cost_usd`),
      ),
    );
    this.add = db.prepare(`
      INSERT INTO spend_rollups (granularity, dimension, bucket, value, requests, errors, prompt_tokens, completion_tokens, cost_usd)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (granularity, dimension, bucket, value) DO UPDATE SET
        requests = requests + excluded.requests, errors = errors + excluded.errors, prompt_tokens = prompt_tokens + excluded.prompt_tokens,
        completion_tokens = completion_tokens + excluded.completion_tokens, cost_usd = cost_usd + excluded.cost_usd`);
    this.totalsOf = db.prepare(SPEND_READS.totals).raw();
    this.costsOf = db.prepare(SPEND_READS.costs).raw();
    this.figuresOf = db.prepare(SPEND_READS.figures).raw();
    this.byValueOf = db.prepare(SPEND_READS.totalsByValue).raw();
  }

  /**
   * Per bucket of one width and dimension starting in [fromMs, toMs), oldest first: each value's
   * cost, `{ value: USD }` — the chart's data. One row per bucket with a JSON object built by
   * SQLite, because turning rows into JS values is most of a read's cost (a month by key is 720
   * rows this way instead of 36,000).
   */
  costs(
    granularity: Granularity,
    dimension: SpendDimension,
    fromMs: number,
    toMs: number,
  ): Array<[number, Record<string, number>]> {
    return (this.costsOf.all({ granularity, dimension, fromMs, toMs }) as Array<[number, string]>).map(
      ([bucket, json]) => [bucket, JSON.parse(json)],
    );
  }

  /** As `costs`, with every figure: `{ value: [requests, errors, promptTokens, completionTokens, costUsd] }` per bucket (the CSV's data). */
  figures(
    granularity: Granularity,
    dimension: SpendDimension,
    fromMs: number,
    toMs: number,
  ): Array<[number, Record<string, [number, number, number, number, number]>]> {
    return (this.figuresOf.all({ granularity, dimension, fromMs, toMs }) as Array<[number, string]>).map(
      ([bucket, json]) => [bucket, JSON.parse(json)],
    );
  }

  /** Per value of a dimension: its figures summed over the buckets of one width starting in [fromMs, toMs). */
  totalsByValue(
    granularity: Granularity,
    dimension: SpendDimension,
    fromMs: number,
    toMs: number,
  ): Array<SpendFigures & { value: string }> {
    return (
      this.byValueOf.all({ granularity, dimension, fromMs, toMs }) as [string, number, number, number, number, number][]
    ).map(([value, requests, errors, promptTokens, completionTokens, costUsd]) => ({
      value,
      requests,
      errors,
      promptTokens,
      completionTokens,
      costUsd,
    }));
  }

  /**
   * Adds rows just written to request_logs, summed per bucket and value first (a value and bucket
   * the same as the row before's adds to the same sums). Inside RequestLogRepo's write transaction only.
   */
  foldRows(rows: readonly SpendRow[]): void {
    const sums = new Map<string, unknown[]>();
    const last: Array<unknown[] | null> = new Array(GRANULARITIES.length * DIMENSIONS.length).fill(null);
    for (const r of rows) {
      for (let g = 0; g < GRANULARITIES.length; g++) {
        const granularity = GRANULARITIES[g];
        const ms = GRANULARITY_MS[granularity];
        const bucket = Math.floor(r.at / ms) * ms;
        for (let d = 0; d < DIMENSIONS.length; d++) {
          const dimension = DIMENSIONS[d];
          const value = r[FIELD[dimension]] ?? '';
          let s = last[g * DIMENSIONS.length + d];
          if (s === null || s[2] !== bucket || s[3] !== value) {
            const id = `${granularity}\u0000${dimension}\u0000${bucket}\u0000${value}`;
            s = sums.get(id) ?? null;
            if (!s) {
              s = [granularity, dimension, bucket, value, 0, 0, 0, 0, 0];
              sums.set(id, s);
            }
            last[g * DIMENSIONS.length + d] = s;
          }
          (s[4] as number)++;
          if (r.status >= 400) (s[5] as number)++;
          (s[6] as number) += r.promptTokens;
          (s[7] as number) += r.completionTokens;
          (s[8] as number) += r.costUsd;
        }
      }
    }
    for (const s of sums.values()) this.add.run(s);
  }

  /** Folds request_logs rows with seq in (from, to] in. Inside RequestLogRepo's write transaction only. */
  fold(from: number, to: number): void {
    for (const s of this.folds) s.run({ from, to });
  }

  /** All traffic in the buckets of one width starting in [fromMs, toMs) (every request has exactly one deployment value, '' included). */
  total(granularity: Granularity, fromMs: number, toMs: number): SpendFigures {
    const [requests, errors, promptTokens, completionTokens, costUsd] = this.totalsOf.get({
      granularity,
      fromMs,
      toMs,
    }) as number[];
    return { requests, errors, promptTokens, completionTokens, costUsd };
  }
}
