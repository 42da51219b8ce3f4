// bench/dashboards: a year of traffic in a fresh data dir, then every query the dashboards make,
// timed. Not a test: it prints the figures the README quotes. Run it with `npm run bench:dashboards`.
//
// Data: BENCH_ROWS request rows (10,000,000) over 365 days across 50 keys, 10 teams, 8 model groups
// and 6 deployments, written through the real write path (RequestLogRepo.insertMany in group
// commits, each folding its rows into request_rollups and spend_rollups in the same transaction).
// The first BENCH_MEASURED_ROWS (1,000,000) go in gateway-sized commits (BENCH_COMMIT_ROWS = 1,000
// rows: the gateway commits every few ms) and give the rows/s figure; the rest go in 50,000-row
// commits through the same call. Then 30 days of 5-second samples
// for 4 deployments (one scrape round per insertMany, each folding minute/hour/day rollups) and 15 s
// GPU passes for 4 GPUs. Env: BENCH_ROWS, BENCH_MEASURED_ROWS, BENCH_SAMPLE_DAYS (30), BENCH_RUNS (7),
// BENCH_DIR (keep the data dir there instead of a temp one), BENCH_REUSE=1 (with BENCH_DIR: time the
// queries over the data a previous run left there, without writing it again), BENCH_ONLY (a regular
// expression: time only the queries whose names match). Then the Logs page (./log-explorer.ts): every
// filter, first, next and deep page, and the streamed export of BENCH_EXPORT_ROWS (1,000,000) rows;
// with BENCH_ONLY naming "logs index cost", first the write cost of the search's index (./log-index-cost.ts).
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchLogExport, timeLogExplorer, timeLogScans } from './log-explorer';
import { benchLogIndexCost } from './log-index-cost';
import { overviewTiles } from '../../electron/core/dashboards/overview';
import { performanceReport } from '../../electron/core/dashboards/performance';
import { spendReport } from '../../electron/core/dashboards/spend';
import { spendCsv } from '../../electron/core/dashboards/spend-csv';
import { Store } from '../../electron/core/store';
import type { GpuSample } from '../../electron/core/store/gpu-samples';
import type { NewRequestLog } from '../../electron/core/store/request-log';
import { DATABASE_FILE } from '../../electron/core/store/database';
import { DeploymentSpec } from '../../shared/deployment-schemas';
import type { SpendGroupBy } from '../../shared/contract-dashboards';
import type { DeploymentSample } from '../../shared/telemetry-schemas';
import { Prng } from 'vllm-sim';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const MEASURED_ROWS = Math.min(ROWS, Number(process.env.BENCH_MEASURED_ROWS ?? 1_000_000));
const COMMIT_ROWS = Number(process.env.BENCH_COMMIT_ROWS ?? 1_000);
const BULK_ROWS = 50_000;
const SAMPLE_DAYS = Number(process.env.BENCH_SAMPLE_DAYS ?? 30);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const LIMIT_MS = 50;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Deterministic randomness: the simulator's mulberry32, as a function (the same rows every run). */
function seeded(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function setUp(store: Store) {
  const teams = Array.from({ length: 10 }, (_, i) => store.teams.create({ alias: `team-${i}` }).id);
  const keys = Array.from({ length: 50 }, (_, i) => ({
    id: store.keys.create({ alias: `key-${i}`, models: [], teamId: teams[i % 10] }).info.id,
    team: teams[i % 10],
  }));
  const groups = ['chat', 'code', 'embed', 'rerank', 'vision', 'long', 'fast', 'batch'];
  const deployments = ['qwen-8b', 'qwen-32b', 'llama-70b', 'mistral-7b', 'gemma-27b', 'phi-4'];
  deployments.forEach((name, i) =>
    store.deployments.insert(
      DeploymentSpec.parse({
        name,
        model: 'Qwen/Qwen3-8B',
        cloudEquivalent: i % 2 ? 'openai/gpt-4o-mini' : 'anthropic/claude-haiku-4-5',
      }),
      name,
      8001 + i,
      Date.now(),
    ),
  );
  return { keys, groups, deployments };
}

/**
 * The trace of a failed row (shared/contract-capture.ts RequestTrace), with the error message the
 * Logs page's search finds: most 502s say the connection was reset, 1 in 100 that the GPU ran out of
 * memory; 429s name the limit. Its own randomness, so the rows' other columns are as before.
 */
function failureTrace(rnd: () => number, deployment: string, group: string, limited: boolean): string {
  const message = limited
    ? `Rate limit exceeded: ${100 + Math.floor(rnd() * 900)} requests per minute for this key`
    : rnd() < 0.01
      ? `upstream ${deployment} answered 500: CUDA out of memory. Tried to allocate ${Math.floor(rnd() * 4096)} MiB`
      : `upstream ${deployment} answered 502: Bad Gateway (connection reset by peer after ${Math.floor(rnd() * 3000)} ms)`;
  const attempt = {
    target: deployment,
    group,
    step: 'first',
    outcome: limited ? 'client' : 'status',
    status: limited ? 429 : 502,
  };
  return JSON.stringify({
    attempts: limited ? [] : [{ ...attempt, message, startMs: 1, durationMs: 40, cooldownMs: 5000 }],
    skipped: [],
    queuedMs: 1,
    upstreamTtftMs: null,
    generationMs: null,
    reservedUsd: 0,
    reservedTokens: 0,
    message,
    headers: {},
  });
}

function* requestRows(n: number, from: number, to: number, dims: ReturnType<typeof setUp>): Generator<NewRequestLog> {
  const rnd = seeded(42);
  const rndMessage = seeded(43);
  const step = (to - from) / n;
  for (let i = 0; i < n; i++) {
    // Skewed towards the first keys, as real traffic is.
    const key = dims.keys[Math.floor(rnd() ** 2 * dims.keys.length)];
    const g = Math.floor(rnd() * dims.groups.length);
    const failed = rnd() < 0.03;
    const limited = !failed && rnd() < 0.005;
    const r = rnd();
    const route =
      dims.groups[g] === 'embed'
        ? 'embeddings'
        : dims.groups[g] === 'rerank'
          ? 'rerank'
          : r < 0.15
            ? 'messages'
            : r < 0.2
              ? 'responses'
              : 'chat/completions';
    const promptTokens = failed || limited ? 0 : 50 + Math.floor(rnd() * 3000);
    const completionTokens = failed || limited ? 0 : Math.floor(rnd() * 800);
    yield {
      id: `req-${i}`,
      at: Math.floor(from + i * step + rnd() * step),
      keyId: key.id,
      teamId: key.team,
      modelGroup: dims.groups[g],
      deployment: dims.deployments[g % dims.deployments.length],
      route,
      status: failed ? 502 : limited ? 429 : 200,
      promptTokens,
      completionTokens,
      costUsd: (promptTokens * 0.15 + completionTokens * 0.6) / 1e6,
      latencyMs: 200 + rnd() * 3000,
      ttftMs: failed || limited ? null : 20 + rnd() * 200,
      attempts: 1,
      errorClass: failed ? 'upstream_error' : limited ? 'rate_limit_exceeded' : null,
      trace:
        failed || limited
          ? failureTrace(rndMessage, dims.deployments[g % dims.deployments.length], dims.groups[g], limited)
          : null,
    };
  }
}

function ingestRequests(store: Store, dims: ReturnType<typeof setUp>, now: number) {
  const rows = requestRows(ROWS, now - 365 * DAY, now, dims);
  const take = (n: number) => {
    const batch: NewRequestLog[] = [];
    while (batch.length < n) {
      const r = rows.next();
      if (r.done) break;
      batch.push(r.value);
    }
    return batch;
  };
  let written = 0;
  const t0 = performance.now();
  while (written < MEASURED_ROWS) {
    const batch = take(Math.min(COMMIT_ROWS, MEASURED_ROWS - written));
    store.requestLog.insertMany(batch);
    written += batch.length;
  }
  const measuredS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  while (written < ROWS) {
    const batch = take(Math.min(BULK_ROWS, ROWS - written));
    store.requestLog.insertMany(batch);
    written += batch.length;
    if (written % 1_000_000 === 0) process.stderr.write(`  ${fmt(written)} rows\n`);
  }
  const bulkS = (performance.now() - t1) / 1000;
  return { measuredS, bulkS };
}

function ingestSamples(store: Store, now: number, targets: string[]) {
  const rnd = seeded(7);
  const from = Math.floor((now - SAMPLE_DAYS * DAY) / 5_000) * 5_000;
  let samples = 0;
  let gpus = 0;
  const t0 = performance.now();
  for (let at = from; at < now; at += 5_000) {
    const round: DeploymentSample[] = targets.map((target) => ({
      at,
      target,
      kvCacheUsage: rnd(),
      running: Math.floor(rnd() * 32),
      waiting: Math.floor(rnd() * 4),
      promptTps: rnd() * 4000,
      generationTps: rnd() * 1200,
      requestsPs: rnd() * 12,
      ttftP50Ms: 30 + rnd() * 20,
      ttftP95Ms: 80 + rnd() * 40,
      ttftP99Ms: 150 + rnd() * 50,
      e2eP50Ms: 800 + rnd() * 200,
      e2eP95Ms: 2000 + rnd() * 500,
      e2eP99Ms: 3000 + rnd() * 800,
      preemptionsPs: rnd() < 0.02 ? 0.2 : 0,
      prefixHitRate: rnd(),
    }));
    store.deploymentSamples.insertMany(round);
    samples += round.length;
    if (at % 15_000 === 0) {
      const pass: GpuSample[] = [0, 1, 2, 3].map((gpuIndex) => ({
        at,
        hostId: 'local',
        gpuIndex,
        uuid: `GPU-${gpuIndex}`,
        utilizationPct: Math.round(rnd() * 100),
        memoryUsedMib: 70_000 + rnd() * 8000,
        memoryTotalMib: 81_559,
        powerW: 150 + rnd() * 500,
        temperatureC: 65,
      }));
      store.gpuSamples.insertMany(pass);
      gpus += pass.length;
    }
  }
  return { samples, gpus, seconds: (performance.now() - t0) / 1000 };
}

const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;

function time(name: string, fn: () => unknown): { name: string; medianMs: number; maxMs: number } {
  if (ONLY && !ONLY.test(name)) return { name, medianMs: NaN, maxMs: NaN };
  fn(); // warm the statement cache and the page cache once, as a page already open has
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { name, medianMs: ms[Math.floor(ms.length / 2)], maxMs: ms[ms.length - 1] };
}

async function main() {
  if (ONLY?.test('logs index cost')) benchLogIndexCost();
  const dir = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'switchyard-bench-dashboards-'));
  const reuse = Boolean(process.env.BENCH_REUSE && process.env.BENCH_DIR && existsSync(join(dir, DATABASE_FILE)));
  const store = Store.open(dir);
  if (reuse) {
    const now = store.requestLog.recent(1)[0] ? Date.parse(store.requestLog.recent(1)[0].at) + 1 : Date.now();
    console.log(
      `bench/dashboards: timing the queries over the data in ${dir} (${fmt(store.requestLog.count())} request rows)`,
    );
    timeQueries(store, now, store.deploymentSamples.targetsWithBuckets('day', now - 30 * DAY, now));
    if (!ONLY || ONLY.test('logs export')) await benchLogExport(store, dir);
    store.close();
    return;
  }
  const now = Date.now();
  const dims = setUp(store);
  console.log(
    `bench/dashboards: ${fmt(ROWS)} request rows over 365 days, ${SAMPLE_DAYS} days of 5 s samples for 4 deployments, in ${dir}`,
  );

  const req = ingestRequests(store, dims, now);
  console.log(
    `ingest (request rows, rollups on): ${fmt(MEASURED_ROWS / req.measuredS)} rows/s over the first ${fmt(MEASURED_ROWS)} rows in ${fmt(COMMIT_ROWS)}-row commits, each folding its rollups` +
      ` (${req.measuredS.toFixed(1)} s)`,
  );
  if (ROWS > MEASURED_ROWS) {
    console.log(
      `        then ${fmt((ROWS - MEASURED_ROWS) / req.bulkS)} rows/s for the other ${fmt(ROWS - MEASURED_ROWS)} in ${fmt(BULK_ROWS)}-row commits (${req.bulkS.toFixed(1)} s)`,
    );
  }
  const targets = dims.deployments.slice(0, 4);
  const s = ingestSamples(store, now, targets);
  console.log(
    `ingest (samples, rollups on): ${fmt(s.samples)} deployment samples (one scrape round of 4 per commit) + ${fmt(s.gpus)} GPU samples` +
      ` in ${s.seconds.toFixed(1)} s: ${fmt((s.samples + s.gpus) / s.seconds)} samples/s`,
  );

  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const file = join(dir, DATABASE_FILE);
  console.log(`database: ${mib(statSync(file).size)} (${fmt(store.requestLog.count())} request rows)`);

  timeQueries(store, now, targets);
  if (!ONLY || ONLY.test('logs export')) await benchLogExport(store, dir);
  store.close();
  if (!process.env.BENCH_DIR && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}

/** Every query the pages make, as of `now` (the Overview reads the real clock: its "now" tiles are then empty on old data). */
function timeQueries(store: Store, now: number, targets: string[]) {
  const ranges: Array<[string, number]> = [
    ['1h', HOUR],
    ['24h', DAY],
    ['7d', 7 * DAY],
    ['30d', 30 * DAY],
    ['365d', 365 * DAY],
  ];
  const results = [time('overview', () => overviewTiles(store, { now: () => now }))];
  for (const groupBy of ['key', 'modelGroup', 'team', 'deployment'] as SpendGroupBy[]) {
    for (const [label, span] of ranges)
      results.push(time(`spend ${groupBy} ${label}`, () => spendReport(store, now - span, now, groupBy)));
    results.push(time(`spendCsv ${groupBy} 30d`, () => spendCsv(store, now - 30 * DAY, now, groupBy)));
  }
  for (const target of targets) {
    for (const [label, span] of ranges.slice(0, 4))
      results.push(time(`performance ${target} ${label}`, () => performanceReport(store, now - span, now, target)));
  }

  console.log(`\n${'query'.padEnd(32)} ${'median ms'.padStart(10)} ${'max ms'.padStart(10)}`);
  for (const r of results.filter((x) => !Number.isNaN(x.medianMs))) {
    console.log(
      `${r.name.padEnd(32)} ${r.medianMs.toFixed(2).padStart(10)} ${r.maxMs.toFixed(2).padStart(10)}${r.maxMs >= LIMIT_MS ? '  over 50 ms' : ''}`,
    );
  }
  results.splice(0, results.length, ...results.filter((x) => !Number.isNaN(x.medianMs)));
  const over = results.filter((r) => r.medianMs >= LIMIT_MS);
  if (results.length)
    console.log(
      `\n${results.length} queries, ${RUNS} runs each: slowest median ${Math.max(...results.map((r) => r.medianMs)).toFixed(2)} ms,` +
        ` slowest run ${Math.max(...results.map((r) => r.maxMs)).toFixed(2)} ms; ${over.length ? `${over.length} medians over ${LIMIT_MS} ms` : `every median under ${LIMIT_MS} ms`}`,
    );
  timeLogExplorer(store, now, time, LIMIT_MS);
  timeLogScans(store, ONLY);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
