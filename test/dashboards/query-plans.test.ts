// Every query the dashboards make reads a rollup through its primary key (or an index on the raw
// rows' time), never a whole table: checked with EXPLAIN QUERY PLAN on a real SQLite file.
import { describe, expect, it } from 'vitest';
import { useTempStores } from '../support/temp-store';

const { openStore } = useTempStores('dashboards-plans');

const QUERIES: Array<[string, string, RegExp]> = [
  [
    'spend buckets',
    `SELECT bucket, json_group_object(value, cost_usd) FROM spend_rollups WHERE granularity = 'hour' AND dimension = 'key' AND bucket >= 0 AND bucket < 1 GROUP BY bucket ORDER BY bucket`,
    /SEARCH spend_rollups USING PRIMARY KEY \(granularity=\? AND dimension=\? AND bucket>\? AND bucket<\?\)/,
  ],
  [
    'spend totals by value',
    `SELECT value, sum(cost_usd) FROM spend_rollups WHERE granularity = 'day' AND dimension = 'key' AND bucket >= 0 AND bucket < 1 GROUP BY value`,
    /SEARCH spend_rollups USING PRIMARY KEY \(granularity=\? AND dimension=\? AND bucket>\? AND bucket<\?\)/,
  ],
  [
    'spend total',
    `SELECT sum(cost_usd) FROM spend_rollups WHERE granularity = 'day' AND dimension = 'deployment' AND bucket >= 0 AND bucket < 1`,
    /SEARCH spend_rollups USING PRIMARY KEY \(granularity=\? AND dimension=\? AND bucket>\? AND bucket<\?\)/,
  ],
  [
    'sample minutes',
    `SELECT * FROM deployment_sample_minutes WHERE target = 'a' AND minute >= 0 AND minute < 1 ORDER BY minute`,
    /SEARCH deployment_sample_minutes USING PRIMARY KEY \(target=\? AND minute>\? AND minute<\?\)/,
  ],
  [
    'sample hours',
    `SELECT * FROM deployment_sample_rollups WHERE granularity = 'hour' AND target = 'a' AND bucket >= 0 AND bucket < 1 ORDER BY bucket`,
    /SEARCH deployment_sample_rollups USING PRIMARY KEY \(granularity=\? AND target=\? AND bucket>\? AND bucket<\?\)/,
  ],
  [
    'sample targets',
    `SELECT DISTINCT target FROM deployment_sample_rollups WHERE granularity = 'day' AND bucket >= 0 AND bucket < 1`,
    /SEARCH deployment_sample_rollups USING PRIMARY KEY \(granularity=\?\)/,
  ],
  [
    'GPUs of a host',
    `SELECT DISTINCT gpu_index FROM gpu_sample_rollups WHERE granularity = 'day' AND host_id = 'local' AND bucket >= 0 AND bucket < 1`,
    /SEARCH gpu_sample_rollups USING PRIMARY KEY \(granularity=\? AND host_id=\?\)/,
  ],
  [
    'GPU buckets',
    `SELECT * FROM gpu_sample_rollups WHERE granularity = 'hour' AND host_id = 'local' AND gpu_index = 0 AND bucket >= 0 AND bucket < 1 ORDER BY bucket`,
    /SEARCH gpu_sample_rollups USING PRIMARY KEY \(granularity=\? AND host_id=\? AND gpu_index=\? AND bucket>\? AND bucket<\?\)/,
  ],
  [
    'samples of the last minute',
    `SELECT * FROM deployment_samples WHERE at >= 0 ORDER BY at`,
    /SEARCH deployment_samples USING INDEX deployment_samples_at \(at>\?\)/,
  ],
  [
    'newest sample of a target',
    `SELECT * FROM deployment_samples WHERE target = 'a' ORDER BY at DESC LIMIT 1`,
    /SEARCH deployment_samples USING INDEX deployment_samples_target_at \(target=\?\)/,
  ],
  [
    'latest GPU pass',
    `SELECT * FROM gpu_samples WHERE host_id = 'local' AND at = (SELECT max(at) FROM gpu_samples WHERE host_id = 'local')`,
    /SEARCH gpu_samples USING INDEX gpu_samples_host_at \(host_id=\? AND at=\?\)/,
  ],
];

describe('dashboard query plans', () => {
  it.each(QUERIES)('%s reads by key, never a whole table', (_name, sql, expected) => {
    const store = openStore();
    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(expected);
    expect(plan).not.toMatch(/\bSCAN (spend_rollups|deployment_sample|gpu_sample|request_)/);
    // Totals by value group a few hundred rows in a temp B-tree (one entry per value); the rest come in key order.
    if (!/by value/.test(_name))
      expect(plan, 'no sort: rows come in key order').not.toMatch(/TEMP B-TREE FOR (ORDER|GROUP) BY/);
  });
});
