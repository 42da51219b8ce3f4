// Migrations of telemetry's tables: scraped deployment samples and the rollups the dashboards read.
// Never edit a shipped migration: add one (store/migrations.ts lists them all).
import type { Migration } from './migration';

export const telemetryMigrations: Migration[] = [
  {
    version: 8,
    name: 'telemetry: deployment samples scraped from vLLM /metrics, and their minute rollups',
    sql: `
      -- One row per target per scrape. Rates are per second over the interval since the previous
      -- scrape; percentiles in ms; kv_cache_usage and prefix_hit_rate are fractions 0–1. Null = unknown.
      CREATE TABLE deployment_samples (
        at              INTEGER NOT NULL,
        target          TEXT NOT NULL,                  -- deployment or endpoint name
        kv_cache_usage  REAL,
        running         REAL,
        waiting         REAL,
        prompt_tps      REAL,
        generation_tps  REAL,
        requests_ps     REAL,
        ttft_p50_ms     REAL,
        ttft_p95_ms     REAL,
        ttft_p99_ms     REAL,
        e2e_p50_ms      REAL,
        e2e_p95_ms      REAL,
        e2e_p99_ms      REAL,
        preemptions_ps  REAL,
        prefix_hit_rate REAL
      ) STRICT;
      CREATE INDEX deployment_samples_target_at ON deployment_samples(target, at);
      CREATE INDEX deployment_samples_at ON deployment_samples(at);

      -- Average and maximum of each figure per target per UTC minute (nulls left out), rewritten
      -- from the raw rows in the transaction that adds a sample; kept when raw rows age out.
      CREATE TABLE deployment_sample_minutes (
        target TEXT NOT NULL,
        minute INTEGER NOT NULL,                        -- bucket start, epoch ms
        samples INTEGER NOT NULL,
        kv_cache_usage_avg REAL,
        kv_cache_usage_max REAL,
        running_avg REAL,
        running_max REAL,
        waiting_avg REAL,
        waiting_max REAL,
        prompt_tps_avg REAL,
        prompt_tps_max REAL,
        generation_tps_avg REAL,
        generation_tps_max REAL,
        requests_ps_avg REAL,
        requests_ps_max REAL,
        ttft_p50_ms_avg REAL,
        ttft_p50_ms_max REAL,
        ttft_p95_ms_avg REAL,
        ttft_p95_ms_max REAL,
        ttft_p99_ms_avg REAL,
        ttft_p99_ms_max REAL,
        e2e_p50_ms_avg REAL,
        e2e_p50_ms_max REAL,
        e2e_p95_ms_avg REAL,
        e2e_p95_ms_max REAL,
        e2e_p99_ms_avg REAL,
        e2e_p99_ms_max REAL,
        preemptions_ps_avg REAL,
        preemptions_ps_max REAL,
        prefix_hit_rate_avg REAL,
        prefix_hit_rate_max REAL,
        PRIMARY KEY (target, minute)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 11,
    name: 'dashboards: spend rollups per single dimension; deployment sample hours and days; GPU sample minutes, hours and days',
    sql: `
      -- request_rollups keyed by one dimension at a time (key, team, model group, deployment), so a
      -- Spend chart reads at most (buckets × that dimension's values) rows however many key × team ×
      -- group × deployment combinations there are. Folded in with request_rollups (RequestLogRepo.insertMany).
      CREATE TABLE spend_rollups (
        granularity       TEXT NOT NULL,                -- minute | hour | day
        dimension         TEXT NOT NULL,                -- key | team | modelGroup | deployment
        bucket            INTEGER NOT NULL,             -- bucket start, epoch ms (UTC)
        value             TEXT NOT NULL,                -- key id, team id, group or deployment name; '' = none
        requests          INTEGER NOT NULL,
        errors            INTEGER NOT NULL,
        prompt_tokens     INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        cost_usd          REAL NOT NULL,
        PRIMARY KEY (granularity, dimension, bucket, value)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO spend_rollups (granularity, dimension, bucket, value, requests, errors, prompt_tokens, completion_tokens, cost_usd)
        SELECT granularity, 'key', bucket, key_id, sum(requests), sum(errors), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd)
        FROM request_rollups GROUP BY granularity, bucket, key_id;
      INSERT INTO spend_rollups (granularity, dimension, bucket, value, requests, errors, prompt_tokens, completion_tokens, cost_usd)
        SELECT granularity, 'team', bucket, team_id, sum(requests), sum(errors), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd)
        FROM request_rollups GROUP BY granularity, bucket, team_id;
      INSERT INTO spend_rollups (granularity, dimension, bucket, value, requests, errors, prompt_tokens, completion_tokens, cost_usd)
        SELECT granularity, 'modelGroup', bucket, model_group, sum(requests), sum(errors), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd)
        FROM request_rollups GROUP BY granularity, bucket, model_group;
      INSERT INTO spend_rollups (granularity, dimension, bucket, value, requests, errors, prompt_tokens, completion_tokens, cost_usd)
        SELECT granularity, 'deployment', bucket, deployment, sum(requests), sum(errors), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd)
        FROM request_rollups GROUP BY granularity, bucket, deployment;

      -- Hour and day buckets of deployment samples: per figure the sum and count of the samples
      -- that had it (nulls left out) and the maximum, added to as each sample lands (same
      -- transaction), so an average over any span of buckets is exact; kept when raw rows age out.
      -- Filled here from the minute rollups (average × samples) for samples stored before.
      CREATE TABLE deployment_sample_rollups (
        granularity TEXT NOT NULL,                      -- hour | day
        target TEXT NOT NULL,
        bucket INTEGER NOT NULL,                        -- bucket start, epoch ms (UTC)
        samples INTEGER NOT NULL,
        kv_cache_usage_sum REAL, kv_cache_usage_n INTEGER NOT NULL, kv_cache_usage_max REAL,
        running_sum REAL, running_n INTEGER NOT NULL, running_max REAL,
        waiting_sum REAL, waiting_n INTEGER NOT NULL, waiting_max REAL,
        prompt_tps_sum REAL, prompt_tps_n INTEGER NOT NULL, prompt_tps_max REAL,
        generation_tps_sum REAL, generation_tps_n INTEGER NOT NULL, generation_tps_max REAL,
        requests_ps_sum REAL, requests_ps_n INTEGER NOT NULL, requests_ps_max REAL,
        ttft_p50_ms_sum REAL, ttft_p50_ms_n INTEGER NOT NULL, ttft_p50_ms_max REAL,
        ttft_p95_ms_sum REAL, ttft_p95_ms_n INTEGER NOT NULL, ttft_p95_ms_max REAL,
        ttft_p99_ms_sum REAL, ttft_p99_ms_n INTEGER NOT NULL, ttft_p99_ms_max REAL,
        e2e_p50_ms_sum REAL, e2e_p50_ms_n INTEGER NOT NULL, e2e_p50_ms_max REAL,
        e2e_p95_ms_sum REAL, e2e_p95_ms_n INTEGER NOT NULL, e2e_p95_ms_max REAL,
        e2e_p99_ms_sum REAL, e2e_p99_ms_n INTEGER NOT NULL, e2e_p99_ms_max REAL,
        preemptions_ps_sum REAL, preemptions_ps_n INTEGER NOT NULL, preemptions_ps_max REAL,
        prefix_hit_rate_sum REAL, prefix_hit_rate_n INTEGER NOT NULL, prefix_hit_rate_max REAL,
        PRIMARY KEY (granularity, target, bucket)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO deployment_sample_rollups (granularity, target, bucket, samples, kv_cache_usage_sum, kv_cache_usage_n, kv_cache_usage_max, running_sum, running_n, running_max, waiting_sum, waiting_n, waiting_max, prompt_tps_sum, prompt_tps_n, prompt_tps_max, generation_tps_sum, generation_tps_n, generation_tps_max, requests_ps_sum, requests_ps_n, requests_ps_max, ttft_p50_ms_sum, ttft_p50_ms_n, ttft_p50_ms_max, ttft_p95_ms_sum, ttft_p95_ms_n, ttft_p95_ms_max, ttft_p99_ms_sum, ttft_p99_ms_n, ttft_p99_ms_max, e2e_p50_ms_sum, e2e_p50_ms_n, e2e_p50_ms_max, e2e_p95_ms_sum, e2e_p95_ms_n, e2e_p95_ms_max, e2e_p99_ms_sum, e2e_p99_ms_n, e2e_p99_ms_max, preemptions_ps_sum, preemptions_ps_n, preemptions_ps_max, prefix_hit_rate_sum, prefix_hit_rate_n, prefix_hit_rate_max)
        SELECT 'hour', target, (minute / 3600000) * 3600000, sum(samples),
          sum(kv_cache_usage_avg * samples), sum(CASE WHEN kv_cache_usage_avg IS NOT NULL THEN samples ELSE 0 END), max(kv_cache_usage_max),
          sum(running_avg * samples), sum(CASE WHEN running_avg IS NOT NULL THEN samples ELSE 0 END), max(running_max),
          sum(waiting_avg * samples), sum(CASE WHEN waiting_avg IS NOT NULL THEN samples ELSE 0 END), max(waiting_max),
          sum(prompt_tps_avg * samples), sum(CASE WHEN prompt_tps_avg IS NOT NULL THEN samples ELSE 0 END), max(prompt_tps_max),
          sum(generation_tps_avg * samples), sum(CASE WHEN generation_tps_avg IS NOT NULL THEN samples ELSE 0 END), max(generation_tps_max),
          sum(requests_ps_avg * samples), sum(CASE WHEN requests_ps_avg IS NOT NULL THEN samples ELSE 0 END), max(requests_ps_max),
          sum(ttft_p50_ms_avg * samples), sum(CASE WHEN ttft_p50_ms_avg IS NOT NULL THEN samples ELSE 0 END), max(ttft_p50_ms_max),
          sum(ttft_p95_ms_avg * samples), sum(CASE WHEN ttft_p95_ms_avg IS NOT NULL THEN samples ELSE 0 END), max(ttft_p95_ms_max),
          sum(ttft_p99_ms_avg * samples), sum(CASE WHEN ttft_p99_ms_avg IS NOT NULL THEN samples ELSE 0 END), max(ttft_p99_ms_max),
          sum(e2e_p50_ms_avg * samples), sum(CASE WHEN e2e_p50_ms_avg IS NOT NULL THEN samples ELSE 0 END), max(e2e_p50_ms_max),
          sum(e2e_p95_ms_avg * samples), sum(CASE WHEN e2e_p95_ms_avg IS NOT NULL THEN samples ELSE 0 END), max(e2e_p95_ms_max),
          sum(e2e_p99_ms_avg * samples), sum(CASE WHEN e2e_p99_ms_avg IS NOT NULL THEN samples ELSE 0 END), max(e2e_p99_ms_max),
          sum(preemptions_ps_avg * samples), sum(CASE WHEN preemptions_ps_avg IS NOT NULL THEN samples ELSE 0 END), max(preemptions_ps_max),
          sum(prefix_hit_rate_avg * samples), sum(CASE WHEN prefix_hit_rate_avg IS NOT NULL THEN samples ELSE 0 END), max(prefix_hit_rate_max)
        FROM deployment_sample_minutes GROUP BY target, 3;
      INSERT INTO deployment_sample_rollups (granularity, target, bucket, samples, kv_cache_usage_sum, kv_cache_usage_n, kv_cache_usage_max, running_sum, running_n, running_max, waiting_sum, waiting_n, waiting_max, prompt_tps_sum, prompt_tps_n, prompt_tps_max, generation_tps_sum, generation_tps_n, generation_tps_max, requests_ps_sum, requests_ps_n, requests_ps_max, ttft_p50_ms_sum, ttft_p50_ms_n, ttft_p50_ms_max, ttft_p95_ms_sum, ttft_p95_ms_n, ttft_p95_ms_max, ttft_p99_ms_sum, ttft_p99_ms_n, ttft_p99_ms_max, e2e_p50_ms_sum, e2e_p50_ms_n, e2e_p50_ms_max, e2e_p95_ms_sum, e2e_p95_ms_n, e2e_p95_ms_max, e2e_p99_ms_sum, e2e_p99_ms_n, e2e_p99_ms_max, preemptions_ps_sum, preemptions_ps_n, preemptions_ps_max, prefix_hit_rate_sum, prefix_hit_rate_n, prefix_hit_rate_max)
        SELECT 'day', target, (bucket / 86400000) * 86400000, sum(samples),
          sum(kv_cache_usage_sum), sum(kv_cache_usage_n), max(kv_cache_usage_max),
          sum(running_sum), sum(running_n), max(running_max),
          sum(waiting_sum), sum(waiting_n), max(waiting_max),
          sum(prompt_tps_sum), sum(prompt_tps_n), max(prompt_tps_max),
          sum(generation_tps_sum), sum(generation_tps_n), max(generation_tps_max),
          sum(requests_ps_sum), sum(requests_ps_n), max(requests_ps_max),
          sum(ttft_p50_ms_sum), sum(ttft_p50_ms_n), max(ttft_p50_ms_max),
          sum(ttft_p95_ms_sum), sum(ttft_p95_ms_n), max(ttft_p95_ms_max),
          sum(ttft_p99_ms_sum), sum(ttft_p99_ms_n), max(ttft_p99_ms_max),
          sum(e2e_p50_ms_sum), sum(e2e_p50_ms_n), max(e2e_p50_ms_max),
          sum(e2e_p95_ms_sum), sum(e2e_p95_ms_n), max(e2e_p95_ms_max),
          sum(e2e_p99_ms_sum), sum(e2e_p99_ms_n), max(e2e_p99_ms_max),
          sum(preemptions_ps_sum), sum(preemptions_ps_n), max(preemptions_ps_max),
          sum(prefix_hit_rate_sum), sum(prefix_hit_rate_n), max(prefix_hit_rate_max)
        FROM deployment_sample_rollups WHERE granularity = 'hour' GROUP BY target, 3;

      -- GPU samples per host, GPU and minute / hour / day: sums and counts of each figure (nulls
      -- left out) and peaks, added to as each pass lands.
      CREATE TABLE gpu_sample_rollups (
        granularity          TEXT NOT NULL,             -- minute | hour | day
        host_id              TEXT NOT NULL,
        gpu_index            INTEGER NOT NULL,
        bucket               INTEGER NOT NULL,          -- bucket start, epoch ms (UTC)
        samples              INTEGER NOT NULL,
        utilization_pct_sum  REAL, utilization_pct_n  INTEGER NOT NULL, utilization_pct_max REAL,
        memory_used_mib_sum  REAL, memory_used_mib_n  INTEGER NOT NULL,
        memory_total_mib_sum REAL, memory_total_mib_n INTEGER NOT NULL,
        power_w_sum          REAL, power_w_n          INTEGER NOT NULL, power_w_max         REAL,
        PRIMARY KEY (granularity, host_id, gpu_index, bucket)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO gpu_sample_rollups (granularity, host_id, gpu_index, bucket, samples, utilization_pct_sum, utilization_pct_n, utilization_pct_max, memory_used_mib_sum, memory_used_mib_n, memory_total_mib_sum, memory_total_mib_n, power_w_sum, power_w_n, power_w_max)
        SELECT 'minute', host_id, gpu_index, (at / 60000) * 60000, count(*), sum(utilization_pct), count(utilization_pct), max(utilization_pct),
          sum(memory_used_mib), count(memory_used_mib), sum(memory_total_mib), count(memory_total_mib), sum(power_w), count(power_w), max(power_w)
        FROM gpu_samples GROUP BY host_id, gpu_index, 4;
      INSERT INTO gpu_sample_rollups (granularity, host_id, gpu_index, bucket, samples, utilization_pct_sum, utilization_pct_n, utilization_pct_max, memory_used_mib_sum, memory_used_mib_n, memory_total_mib_sum, memory_total_mib_n, power_w_sum, power_w_n, power_w_max)
        SELECT 'hour', host_id, gpu_index, (at / 3600000) * 3600000, count(*), sum(utilization_pct), count(utilization_pct), max(utilization_pct),
          sum(memory_used_mib), count(memory_used_mib), sum(memory_total_mib), count(memory_total_mib), sum(power_w), count(power_w), max(power_w)
        FROM gpu_samples GROUP BY host_id, gpu_index, 4;
      INSERT INTO gpu_sample_rollups (granularity, host_id, gpu_index, bucket, samples, utilization_pct_sum, utilization_pct_n, utilization_pct_max, memory_used_mib_sum, memory_used_mib_n, memory_total_mib_sum, memory_total_mib_n, power_w_sum, power_w_n, power_w_max)
        SELECT 'day', host_id, gpu_index, (at / 86400000) * 86400000, count(*), sum(utilization_pct), count(utilization_pct), max(utilization_pct),
          sum(memory_used_mib), count(memory_used_mib), sum(memory_total_mib), count(memory_total_mib), sum(power_w), count(power_w), max(power_w)
        FROM gpu_samples GROUP BY host_id, gpu_index, 4;
    `,
  },
];
