// MetricsScraper against small HTTP servers that misbehave on purpose: which targets it finds in
// the store, timeouts on an engine that accepts and hangs, backoff that doubles to its cap, and
// every way a target can fail reported without a throw.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../electron/core/store';
import type { TargetLoadReport } from '../../electron/core/gateway/supervisor';
import { MetricsScraper, scrapeTargetsOf, type ScrapeTarget } from '../../electron/core/telemetry/scraper';
import { DeploymentSpec } from '../../shared/deployment-schemas';

const PAGE_13 = readFileSync(join(__dirname, 'fixtures', 'vllm-0.13.0.prom'), 'utf8');

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const openStore = () => {
  const store = Store.open(mkdtempSync(join(tmpdir(), 'switchyard-scraper-')));
  cleanup.push(() => store.close());
  return store;
};

/** A server whose /metrics answer is decided per request; counts the requests. */
async function metricsServer(
  answer: (res: import('node:http').ServerResponse) => void,
): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    if (req.url === '/metrics') answer(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, hits: () => hits };
}

/** A URL nothing listens on: a port just freed. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/metrics`;
}

const target = (name: string, metricsUrl: string): ScrapeTarget => ({ key: `endpoint:${name}`, name, metricsUrl });

describe('scrapeTargetsOf', () => {
  it('finds ready deployments at their host address and port, and hosted_vllm endpoints without /v1', () => {
    const store = openStore();
    const deploy = (name: string, port: number, state: string, hostId = 'local') => {
      store.deployments.insert(DeploymentSpec.parse({ name, model: 'Qwen/Qwen3-0.6B', hostId }), name, port, 0);
      store.db.prepare(`UPDATE deployments SET state = ? WHERE name = ?`).run(state, name);
    };
    const remote = store.hosts.add('gpu-box', 'ssh://me@10.0.0.7');
    deploy('local-ready', 18001, 'ready');
    deploy('remote-ready', 18002, 'ready', remote.id);
    deploy('loading', 18003, 'loading');
    const endpoint = (name: string, provider: 'hosted_vllm' | 'openai-compatible', baseUrl: string) =>
      store.endpoints.upsert({
        name,
        provider,
        baseUrl,
        model: 'm',
        apiKeyCipher: null,
        maxModelLen: null,
        inputCostPerToken: null,
        outputCostPerToken: null,
        rpmLimit: null,
        tpmLimit: null,
        timeoutMs: null,
      });
    endpoint('lab', 'hosted_vllm', 'http://lab.internal:8000/v1/');
    endpoint('root', 'hosted_vllm', 'https://vllm.example.com');
    endpoint('ollama', 'openai-compatible', 'http://127.0.0.1:11434/v1');
    expect(scrapeTargetsOf(store).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'deployment:local-ready', name: 'local-ready', metricsUrl: 'http://127.0.0.1:18001/metrics' },
      { key: 'deployment:remote-ready', name: 'remote-ready', metricsUrl: 'http://10.0.0.7:18002/metrics' },
      { key: 'endpoint:lab', name: 'lab', metricsUrl: 'http://lab.internal:8000/metrics' },
      { key: 'endpoint:root', name: 'root', metricsUrl: 'https://vllm.example.com/metrics' },
    ]);
  });
});

describe('MetricsScraper', () => {
  it('stores a sample per answering target and reports load, with nulls for one that is down', async () => {
    const store = openStore();
    const good = await metricsServer((res) =>
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(PAGE_13),
    );
    const loads: TargetLoadReport[][] = [];
    const pushed: string[][] = [];
    const gone = await deadUrl();
    const scraper = new MetricsScraper({
      store,
      targets: () => [target('good', good.url), target('gone', gone)],
      onLoad: (t) => loads.push(t),
      onSamples: (s) => pushed.push(s.map((x) => x.target)),
    });
    const samples = await scraper.scrapeOnce();
    expect(samples.map((s) => s.target)).toEqual(['good']);
    expect(samples[0]).toMatchObject({ running: 8, waiting: 1, generationTps: null });
    expect(store.deploymentSamples.latest().map((s) => s.target)).toEqual(['good']);
    expect(pushed).toEqual([['good']]);
    expect(loads[0]).toEqual([
      { key: 'endpoint:good', kvCacheUsage: expect.closeTo(0.3, 12), waiting: 1, running: 8 },
      { key: 'endpoint:gone', kvCacheUsage: null, waiting: null, running: null },
    ]);
    const health = scraper.health();
    expect(health.get('endpoint:good')).toMatchObject({ ok: true, lastError: null });
    expect(health.get('endpoint:gone')).toMatchObject({ ok: false, lastError: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('gives up on an engine that accepts and never answers, after the timeout', async () => {
    const store = openStore();
    const hang = await metricsServer(() => {});
    const scraper = new MetricsScraper({ store, timeoutMs: 200, targets: () => [target('hang', hang.url)] });
    const started = Date.now();
    expect(await scraper.scrapeOnce()).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(scraper.health().get('endpoint:hang')!.lastError).toMatch(/no answer within 200 ms/);
  });

  it.each([
    [
      'an HTTP error',
      (res: import('node:http').ServerResponse) => res.writeHead(503).end('loading'),
      /answered HTTP 503/,
    ],
    [
      'a page that is not Prometheus text',
      (res: import('node:http').ServerResponse) => res.writeHead(200).end('<html>hi</html>'),
      /not Prometheus text: Prometheus text, line 1/,
    ],
    [
      'a Prometheus page without vLLM metrics',
      (res: import('node:http').ServerResponse) => res.writeHead(200).end('# TYPE up gauge\nup 1\n'),
      /has no vLLM metrics/,
    ],
  ])('marks down a target that sends %s', async (_, answer, message) => {
    const store = openStore();
    const server = await metricsServer(answer);
    const scraper = new MetricsScraper({ store, targets: () => [target('t', server.url)] });
    await scraper.scrapeOnce();
    expect(scraper.health().get('endpoint:t')).toMatchObject({ ok: false, lastError: expect.stringMatching(message) });
  });

  it('backs off a failing target, doubling to the cap, and scrapes it every round again once it answers', async () => {
    const store = openStore();
    let up = false;
    const server = await metricsServer((res) => (up ? res.writeHead(200).end(PAGE_13) : res.writeHead(500).end()));
    // Interval 1 s, cap 4 s: tries in rounds 1, 3 (after 2 s), 7 (after 4 s), 11 (capped), …
    const scraper = new MetricsScraper({
      store,
      intervalMs: 1_000,
      maxBackoffMs: 4_000,
      targets: () => [target('t', server.url)],
    });
    const triedIn: number[] = [];
    for (let round = 1; round <= 11; round++) {
      const before = server.hits();
      await scraper.scrapeOnce();
      if (server.hits() > before) triedIn.push(round);
    }
    expect(triedIn).toEqual([1, 2, 4, 8]);
    const downSince = scraper.health().get('endpoint:t')!.since;
    expect(scraper.health().get('endpoint:t')!.ok).toBe(false);
    up = true;
    for (let round = 12; round <= 15; round++) {
      const before = server.hits();
      await scraper.scrapeOnce();
      if (server.hits() > before) triedIn.push(round);
    }
    expect(triedIn).toEqual([1, 2, 4, 8, 12, 13, 14, 15]);
    const health = scraper.health().get('endpoint:t')!;
    expect(health).toMatchObject({ ok: true, lastError: null });
    expect(health.since).toBeGreaterThanOrEqual(downSince);
  });

  it('forgets a target that is no longer listed', async () => {
    const store = openStore();
    let listed = [target('a', await deadUrl())];
    const scraper = new MetricsScraper({ store, targets: () => listed });
    await scraper.scrapeOnce();
    expect([...scraper.health().keys()]).toEqual(['endpoint:a']);
    listed = [];
    await scraper.scrapeOnce();
    expect(scraper.health().size).toBe(0);
  });

  it('survives a target list that throws and a listener that throws', async () => {
    const store = openStore();
    const logs: string[] = [];
    const good = await metricsServer((res) => res.writeHead(200).end(PAGE_13));
    let fail = true;
    const scraper = new MetricsScraper({
      store,
      log: (l) => logs.push(l),
      targets: () => {
        if (fail) throw new Error('database is locked');
        return [target('g', good.url)];
      },
      onLoad: () => {
        throw new Error('gateway gone');
      },
    });
    expect(await scraper.scrapeOnce()).toEqual([]);
    fail = false;
    expect(await scraper.scrapeOnce()).toHaveLength(1);
    expect(logs).toEqual([
      'telemetry: could not list scrape targets: database is locked',
      'telemetry: a listener failed: gateway gone',
    ]);
  });

  it('runs rounds on its own once started, and stops when closed', async () => {
    const store = openStore();
    const server = await metricsServer((res) => res.writeHead(200).end(PAGE_13));
    const scraper = new MetricsScraper({ store, intervalMs: 50, targets: () => [target('t', server.url)] });
    scraper.start();
    await new Promise((r) => setTimeout(r, 400));
    scraper.close();
    const hits = server.hits();
    expect(hits).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.hits()).toBeLessThanOrEqual(hits + 1); // at most the round already in flight
    expect(store.deploymentSamples.range('t', 0, Date.now() + 1).length).toBeGreaterThanOrEqual(3);
  });
});
