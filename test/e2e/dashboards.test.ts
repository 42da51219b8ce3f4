// End to end, the dashboards: `switchyard serve --demo` (the built CLI: four simulated engines,
// background traffic through the gateway, the scraper every 5 s) + the built UI in headless
// Chromium. Watches the Overview tiles move without a reload, then, after a minute of demo
// traffic, checks that every chart on Overview, Spend (each grouping, each range, a custom range)
// and Performance (each engine with samples) has points and drawn SVG, exports the Spend CSV, and
// saves screenshots in both themes. No console errors or warnings allowed.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../electron/core/store';
import { CHROMIUM_PATH, hasChromium, CHROMIUM_ARGS } from '../support/requirements';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

const SCREENSHOTS = join('test-results', 'screenshots');
// As in ui.test.ts (not imported from there: importing a test file would run its suite here too).
/** Demo traffic before the charts are judged: a request every ~1.2 s, a scrape every 5 s. */
const TRAFFIC_MS = 65_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GROUPINGS = ['modelGroup', 'key', 'team', 'deployment'] as const;
const PRESETS = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY, '1h': HOUR } as const;
const ENGINE_CHARTS = ['tokens', 'requests', 'latency', 'ttft', 'kv', 'queue', 'preemptions', 'prefix'];
/** SVG a chart draws for its data: line curves, areas or bars. */
const DRAWN =
  '.recharts-line-curve, .recharts-area-area, .recharts-bar-rectangle path, .recharts-bar-rectangle rect, .kv-bar-fill';

const points = async (page: Page, chart: string) =>
  Number(await page.getByTestId(`chart-${chart}`).getAttribute('data-points'));
const drawn = (page: Page, chart: string) => page.getByTestId(`chart-${chart}`).locator(DRAWN).count();

/** Asserts a chart has points and drew them (polling: a live refresh may be re-rendering it). */
async function expectChartData(page: Page, chart: string): Promise<void> {
  await page.getByTestId(`chart-${chart}`).waitFor();
  await expect
    .poll(() => points(page, chart), { message: `chart-${chart} has points`, timeout: 10_000 })
    .toBeGreaterThan(0);
  await expect
    .poll(() => drawn(page, chart), { message: `chart-${chart} drew SVG`, timeout: 5_000 })
    .toBeGreaterThan(0);
}

/** The span the report on screen covers (the core widens the asked range to whole buckets). */
const reportSpan = async (page: Page, testId: string) => {
  const report = page.getByTestId(testId);
  return Number(await report.getAttribute('data-to')) - Number(await report.getAttribute('data-from'));
};

describe.skipIf(!hasChromium())('the dashboards in Chromium against serve --demo', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let startedAt: number;
  const problems: string[] = [];

  const openContext = async (colorScheme: 'dark' | 'light'): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({
      viewport: { width: 1360, height: 900 },
      colorScheme,
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${colorScheme} ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${colorScheme} pageerror: ${e.message}`));
    await page.goto(serve.uiUrl);
    await page.getByTestId('page-overview').waitFor();
    return { context, page };
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `dashboards-${name}.png`), fullPage: true });
  const visit = async (page: Page, name: string) => {
    await page.getByTestId(`nav-${name}`).click();
    await page.getByTestId(`page-${name}`).waitFor();
  };

  beforeAll(async () => {
    startedAt = Date.now();
    serve = await startServeProcess(['--demo']);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  let dark: { context: BrowserContext; page: Page };

  it('the Overview tiles move without a reload while demo traffic flows', async () => {
    dark = await openContext('dark');
    const { page } = dark;
    const requests = async () =>
      Number((await page.getByTestId('tile-requests-value').textContent())?.replace(/,/g, ''));
    await page.getByTestId('tile-requests-value').waitFor({ timeout: 15_000 });
    await expect.poll(requests, { timeout: 20_000 }).toBeGreaterThan(0);
    const first = await requests();
    // Only push events and the page's timer can change it now: nothing reloads the page.
    await expect.poll(requests, { timeout: 25_000, interval: 1_000 }).toBeGreaterThan(first);
    await expect
      .poll(async () => page.getByTestId('tile-spend-today').textContent(), { timeout: 15_000 })
      .not.toBe('$0.00');
  });

  it('after a minute of traffic every Overview chart has data, and tiles link to their pages', async () => {
    const { page } = dark;
    await page.waitForTimeout(Math.max(0, startedAt + TRAFFIC_MS - Date.now()));
    await expectChartData(page, 'overview-spend');
    await expectChartData(page, 'overview-kv');
    expect(await points(page, 'overview-kv')).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('tile-throughput-value').textContent()).toMatch(/tok\/s/);
    // No GPU in demo mode: the tile says what to do instead of drawing nothing.
    expect(await page.getByTestId('tile-gpu-empty').textContent()).toMatch(
      /No GPU samples — add a host with NVIDIA GPUs/,
    );
    await shot(page, 'overview');
    for (const [tile, target] of [
      ['spend', 'spend'],
      ['throughput', 'performance'],
      ['kv', 'performance'],
      ['gpu', 'hosts'],
    ] as const) {
      await page.getByTestId(`tile-${tile}`).click();
      await page.getByTestId(`page-${target}`).waitFor();
      await visit(page, 'overview');
    }
  });

  it('Spend: a stacked chart and totals for each grouping and range, a custom range, and the CSV export', async () => {
    const { page } = dark;
    await visit(page, 'spend');
    for (const groupBy of GROUPINGS) {
      await page.getByTestId(`spend-group-by-${groupBy}`).click();
      await page.locator(`[data-testid="spend-report"][data-group-by="${groupBy}"]`).waitFor();
      await expectChartData(page, 'spend');
      expect(await page.getByTestId('spend-table-row').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('spend-table-total').textContent()).toMatch(/^\$\d/);
    }
    for (const [preset, span] of Object.entries(PRESETS)) {
      await page.getByTestId(`spend-range-preset-${preset}`).click();
      await expect
        .poll(() => reportSpan(page, 'spend-report'), { message: `spend for ${preset}` })
        .toBeGreaterThanOrEqual(span);
      expect(await reportSpan(page, 'spend-report')).toBeLessThanOrEqual(span * 1.15 + HOUR);
      await expectChartData(page, 'spend');
    }
    // Custom: the last three hours, typed into the two datetime fields.
    await page.getByTestId('spend-range-preset-custom').click();
    const local = (ms: number) => {
      const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
      return d.toISOString().slice(0, 16);
    };
    await page.getByTestId('spend-range-from').fill(local(Date.now() - 3 * HOUR));
    await page.getByTestId('spend-range-to').fill(local(Date.now() + 2 * 60_000));
    await page
      .getByTestId('spend-toolbar')
      .screenshot({ path: join(SCREENSHOTS, 'dashboards-spend-custom-range.png') });
    await page.getByTestId('spend-range-apply').click();
    await expect
      .poll(() => reportSpan(page, 'spend-report'), { message: 'custom spend range' })
      .toBeGreaterThanOrEqual(3 * HOUR);
    expect(await reportSpan(page, 'spend-report')).toBeLessThan(4 * HOUR);
    await expectChartData(page, 'spend');

    await page.getByTestId('spend-range-preset-1h').click();
    await page.getByTestId('spend-group-by-modelGroup').click();
    await page.locator('[data-testid="spend-report"][data-group-by="modelGroup"]').waitFor();
    await expectChartData(page, 'spend');
    // Demo groups: chat, chat-large and embed all take traffic.
    expect(await page.getByTestId('chart-spend-legend').textContent()).toMatch(/chat/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('spend-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^switchyard-spend-modelGroup-.*\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(csv[0]).toBe('time,series_id,label,requests,errors,prompt_tokens,completion_tokens,tokens,cost_usd');
    expect(csv.length).toBeGreaterThan(1);
    expect(csv.slice(1).some((line) => line.includes('chat'))).toBe(true);

    // The demo's engines are self-hosted vLLM endpoints with energy-like prices and a cloud
    // equivalent each: the card sets their local cost beside the cloud price and shows a saving.
    await expectChartData(page, 'local-cost');
    await expect
      .poll(async () => (await page.getByTestId('spend-saving').textContent()) ?? '', { timeout: 10_000 })
      .toMatch(/^Saved \$[\d.,]+ \([\d.]+ % of the cloud price\) on [\d,]+ tokens\./);
    expect(await page.getByTestId('spend-saving').textContent()).not.toMatch(/Saved -|\$0\.00 /);

    await shot(page, 'spend');
    // The tooltip: hover the chart's right half, where the traffic is.
    const box = (await page.getByTestId('chart-spend').locator('.recharts-surface').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5);
    await page.getByTestId('chart-tooltip').waitFor();
    expect(await page.getByTestId('chart-tooltip').textContent()).toMatch(/\$/);
    await page.getByTestId('spend-chart-card').screenshot({ path: join(SCREENSHOTS, 'dashboards-spend-tooltip.png') });
  });

  it('Performance: every engine chart has data for each demo engine; GPUs say none are sampled', async () => {
    const { page } = dark;
    await visit(page, 'performance');
    await page.getByTestId('performance-report').waitFor();
    const targets = await page
      .getByTestId('performance-target')
      .locator('option')
      .evaluateAll((options) => options.map((o) => o.getAttribute('value') ?? ''));
    expect(targets).toEqual(expect.arrayContaining(['demo-qwen3-0.6b-a', 'demo-qwen3-0.6b-b', 'demo-llama-3.1-8b']));
    for (const target of targets) {
      await page.getByTestId('performance-target').selectOption(target);
      await page.locator(`[data-testid="performance-report"][data-target="${target}"]`).waitFor();
      for (const chart of ENGINE_CHARTS) await expectChartData(page, chart);
      if (target === 'demo-qwen3-0.6b-a') await shot(page, 'performance');
    }
    expect(await page.getByTestId('performance-gpu-empty').textContent()).toMatch(/add a host with NVIDIA GPUs/);
  });

  it('with GPU samples (as the GPU sampler writes them; no GPU here) the GPU tile and charts draw, in the light theme', async () => {
    // Two boards on the local host over the last three minutes, one pass every 5 s, written into
    // the running instance's database, as docker/gpu-sampler.ts does on a host with NVIDIA GPUs.
    const store = Store.open(serve.dataDir);
    try {
      const now = Date.now();
      const samples = [];
      for (let at = now - 180_000; at <= now; at += 5_000) {
        for (const gpuIndex of [0, 1]) {
          const wave = Math.sin(at / 60_000 + gpuIndex);
          samples.push({
            at,
            hostId: 'local',
            gpuIndex,
            uuid: `GPU-e2e-${gpuIndex}`,
            utilizationPct: 55 + 35 * wave,
            memoryUsedMib: 18_000 + 2_000 * wave,
            memoryTotalMib: 24_576,
            powerW: 180 + 90 * wave,
            temperatureC: 60,
          });
        }
      }
      store.gpuSamples.insertMany(samples);
    } finally {
      store.close();
    }

    const { context, page } = await openContext('light');
    await expectChartData(page, 'overview-kv');
    await expect.poll(() => page.getByTestId('tile-gpu-list').locator('li').count(), { timeout: 15_000 }).toBe(2);
    await shot(page, 'overview-light');
    await visit(page, 'spend');
    await expectChartData(page, 'spend');
    await shot(page, 'spend-light');
    await visit(page, 'performance');
    await expectChartData(page, 'tokens');
    for (const chart of ['gpu-util', 'gpu-memory', 'gpu-power']) {
      await expectChartData(page, chart);
      expect(await page.getByTestId(`chart-${chart}-legend`).textContent()).toMatch(/GPU 0.*GPU 1/);
    }
    await shot(page, 'performance-light');
    await context.close();
    await dark.context.close();
    expect(problems).toEqual([]);
  });
});
