// insertMany sums each batch into the rollups itself: the rollups must equal what grouping the
// raw rows gives, for batches of any size (several INSERT chunks), across bucket edges, with rows
// another writer left past the fold mark.
import { describe, expect, it } from 'vitest';
import { useTempStores } from '../../../test/support/temp-store';
import type { NewRequestLog } from './request-log';

const { openStore } = useTempStores('request-log');

const T0 = Date.UTC(2026, 10, 21, 23, 58, 30); // two minutes before a new hour and a new day

/** `run`: rows in runs of this many with the same key, team, group and target (as a batch mostly is). */
function rows(count: number, seed: number, run = 1): NewRequestLog[] {
  return Array.from({ length: count }, (_, i) => {
    const n = seed * 1000 + Math.floor(i / run) * run;
    return {
      id: `req-${seed}-${i}`,
      at: T0 + (((seed * 1000 + i) * 7_919) % 240_000),
      keyId: n % 3 === 0 ? null : `key-${n % 2}`,
      teamId: n % 4 === 0 ? 'team-a' : null,
      modelGroup: n % 5 === 0 ? null : `group-${n % 2}`,
      deployment: n % 6 === 0 ? null : `dep-${n % 3}`,
      status: n % 7 === 0 ? 503 : 200,
      promptTokens: n % 11,
      completionTokens: n % 13,
      costUsd: (n % 17) * 0.000125,
      latencyMs: (n % 19) + 0.5,
      ttftMs: n % 2 === 0 ? (n % 23) + 0.25 : null,
      attempts: 1,
      errorClass: n % 7 === 0 ? 'all_targets_failed' : null,
    };
  });
}

const MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

describe('request log batches and their rollups', () => {
  it('sums every batch exactly as grouping the raw rows does, in both rollup tables', () => {
    const store = openStore();
    // Another writer's row past the fold mark, written without folding.
    store.db
      .prepare(
        `INSERT INTO request_logs (id, at, status, prompt_tokens, completion_tokens, cost_usd, latency_ms, attempts, model_group)
         VALUES ('left', ?, 200, 4, 2, 0.5, 3, 1, 'group-0')`,
      )
      .run(T0);
    const batches = [rows(1, 1), rows(64, 2), rows(150, 3), rows(7, 4), rows(90, 5, 10), rows(40, 6, 40)];
    for (const b of batches) store.requestLog.insertMany(b);

    const logged = store.db.prepare(`SELECT id FROM request_logs ORDER BY seq`).pluck().all();
    expect(logged).toEqual(['left', ...batches.flat().map((r) => r.id)]);
    const mark = store.db.prepare(`SELECT value FROM settings WHERE key = 'private.requestRollupSeq'`).pluck().get();
    expect(Number(JSON.parse(String(mark)))).toBe(logged.length);

    for (const [granularity, ms] of Object.entries(MS)) {
      const expected = store.db
        .prepare(`
          SELECT (at / ${ms}) * ${ms} AS bucket, coalesce(key_id, '') AS k, coalesce(team_id, '') AS t, coalesce(model_group, '') AS g,
            coalesce(deployment, '') AS d, count(*) AS requests, sum(status >= 400) AS errors, sum(prompt_tokens) AS p,
            sum(completion_tokens) AS c, sum(cost_usd) AS cost, sum(latency_ms) AS lat, sum(coalesce(ttft_ms, 0)) AS ttft, count(ttft_ms) AS tn
          FROM request_logs GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`)
        .all();
      const actual = store.db
        .prepare(`
          SELECT bucket, key_id AS k, team_id AS t, model_group AS g, deployment AS d, requests, errors, prompt_tokens AS p,
            completion_tokens AS c, cost_usd AS cost, latency_ms_sum AS lat, ttft_ms_sum AS ttft, ttft_count AS tn
          FROM request_rollups WHERE granularity = ? ORDER BY 1, 2, 3, 4, 5`)
        .all(granularity);
      expect(actual.length).toBeGreaterThan(1);
      expect(round(actual)).toEqual(round(expected));

      for (const [dimension, column] of [
        ['key', 'key_id'],
        ['team', 'team_id'],
        ['modelGroup', 'model_group'],
        ['deployment', 'deployment'],
      ]) {
        const spendExpected = store.db
          .prepare(`
            SELECT (at / ${ms}) * ${ms} AS bucket, coalesce(${column}, '') AS value, count(*) AS requests, sum(status >= 400) AS errors,
              sum(prompt_tokens) AS p, sum(completion_tokens) AS c, sum(cost_usd) AS cost
            FROM request_logs GROUP BY 1, 2 ORDER BY 1, 2`)
          .all();
        const spendActual = store.db
          .prepare(`
            SELECT bucket, value, requests, errors, prompt_tokens AS p, completion_tokens AS c, cost_usd AS cost
            FROM spend_rollups WHERE granularity = ? AND dimension = ? ORDER BY 1, 2`)
          .all(granularity, dimension);
        expect(round(spendActual)).toEqual(round(spendExpected));
      }
    }
  });
});

/** Sums of REALs taken in another order differ in their last bits: compared at 9 digits. */
function round(list: unknown[]): unknown[] {
  return list.map((row) =>
    Object.fromEntries(
      Object.entries(row as Record<string, unknown>).map(([k, v]) => [
        k,
        typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v,
      ]),
    ),
  );
}
