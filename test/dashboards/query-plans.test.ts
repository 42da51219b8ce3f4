// Every read the dashboards make goes through a rollup's primary key (or an index on the raw rows'
// time), never a whole table: checked with EXPLAIN QUERY PLAN, on a real SQLite file, on the very
// SQL the store prepares (each repository exports its reads by name). Every exported read must
// have an expected plan here, so a read added to a repository without one fails this suite.
import { describe, expect, it } from 'vitest';
import { SAMPLE_READS } from '../../electron/core/store/deployment-samples';
import { GPU_READS } from '../../electron/core/store/gpu-samples';
import { SPEND_READS } from '../../electron/core/store/spend-rollups';
import { useTempStores } from '../support/temp-store';

const { openStore } = useTempStores('dashboards-plans');

const SPEND_ROLLUPS =
  /SEARCH spend_rollups USING PRIMARY KEY \(granularity=\? AND dimension=\? AND bucket>\? AND bucket<\?\)/;

const SPEND_PLANS = {
  totals: SPEND_ROLLUPS,
  costs: SPEND_ROLLUPS,
  figures: SPEND_ROLLUPS,
  totalsByValue: SPEND_ROLLUPS,
} satisfies Record<keyof typeof SPEND_READS, RegExp>;

const MINUTES = /SEARCH deployment_sample_minutes USING PRIMARY KEY \(target=\? AND minute>\? AND minute<\?\)/;
const SAMPLE_ROLLUPS =
  /SEARCH deployment_sample_rollups USING PRIMARY KEY \(granularity=\? AND target=\? AND bucket>\? AND bucket<\?\)/;

const SAMPLE_PLANS = {
  range: /SEARCH deployment_samples USING INDEX deployment_samples_target_at \(target=\? AND at>\? AND at<\?\)/,
  minutes: MINUTES,
  minuteBuckets: MINUTES,
  minuteAverages: MINUTES,
  minuteExists: MINUTES,
  rollupBuckets: SAMPLE_ROLLUPS,
  hourAverages: SAMPLE_ROLLUPS,
  dayAverages: SAMPLE_ROLLUPS,
  hourExists: SAMPLE_ROLLUPS,
  dayExists: SAMPLE_ROLLUPS,
  targetsOfDays: /SEARCH deployment_sample_rollups USING PRIMARY KEY \(granularity=\?\)/,
  since: /SEARCH deployment_samples USING INDEX deployment_samples_at \(at>\?\)/,
  latestOf: /SEARCH deployment_samples USING INDEX deployment_samples_target_at \(target=\?\)/,
} satisfies Record<keyof typeof SAMPLE_READS, RegExp>;

const GPU_PLANS = {
  gpusOfDays: /SEARCH gpu_sample_rollups USING PRIMARY KEY \(granularity=\? AND host_id=\?\)/,
  buckets:
    /SEARCH gpu_sample_rollups USING PRIMARY KEY \(granularity=\? AND host_id=\? AND gpu_index=\? AND bucket>\? AND bucket<\?\)/,
  latest: /SEARCH gpu_samples USING INDEX gpu_samples_host_at \(host_id=\? AND at=\?\)/,
} satisfies Record<keyof typeof GPU_READS, RegExp>;

/** Reads allowed to sort in a temp B-tree, and why that stays small; every other read comes in key order. */
const SMALL_SORTS: Record<string, string> = {
  'spend rollups: totalsByValue': 'one entry per key, team, group or deployment seen in the range (a few hundred)',
  'GPU samples: latest': 'one pass: a row per GPU of the host, sorted by GPU index',
};

const REPOS: Array<[string, Record<string, string>, Record<string, RegExp>]> = [
  ['spend rollups', SPEND_READS, SPEND_PLANS],
  ['deployment samples', SAMPLE_READS, SAMPLE_PLANS],
  ['GPU samples', GPU_READS, GPU_PLANS],
];

const CASES = REPOS.flatMap(([repo, reads, plans]) =>
  Object.entries(reads).map(([name, sql]) => ({ label: `${repo}: ${name}`, name, sql, expected: plans[name] })),
);

/** The plan of a read with every parameter bound (the values do not change a plan without statistics). */
function planOf(db: ReturnType<typeof openStore>['db'], sql: string): string {
  const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]))];
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = named.length
    ? statement.all(Object.fromEntries(named.map((n) => [n, 0])))
    : statement.all(...Array.from(sql.matchAll(/\?/g), () => 0));
  return (rows as { detail: string }[]).map((r) => r.detail).join('\n');
}

describe('dashboard query plans', () => {
  it('every read a repository exports has an expected plan', () => {
    for (const [repo, reads, plans] of REPOS)
      expect(Object.keys(plans).sort(), repo).toEqual(Object.keys(reads).sort());
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CASES)('$label reads by key, never a whole table', ({ label, sql, expected }) => {
    const store = openStore();
    const plan = planOf(store.db, sql);
    expect(plan).toMatch(expected);
    expect(plan).not.toMatch(/\bSCAN (spend_rollups|deployment_sample|gpu_sample|request_)/);
    if (!(label in SMALL_SORTS))
      expect(plan, 'no sort: rows come in key order').not.toMatch(/TEMP B-TREE FOR (ORDER|GROUP|DISTINCT)/);
  });
});
