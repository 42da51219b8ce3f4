// End to end, the Playground and the Logs page: `switchyard serve --demo` (the built CLI: simulated
// engines, demo traffic) + the built UI in headless Chromium. A chat streams and is stopped; three
// targets compared side by side each answer with their figures; a tool call renders as a card; a
// Playground answer's request id leads to its row on the Logs page and its drawer; a bucket click
// on the Performance and Spend charts opens the Logs page filtered to it; screenshots in both
// themes. No console errors or warnings allowed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, hasChromium, CHROMIUM_ARGS } from '../support/requirements';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

const SCREENSHOTS = join('test-results', 'screenshots');
// As in ui.test.ts (not imported from there: importing a test file would run its suite here too).

/** The Logs page has loaded the rows of the filter in its URL. */
async function logsLoaded(page: Page): Promise<void> {
  const query = new URL(page.url().replace('#/', '')).search.slice(1);
  const body = page.getByTestId('logs-body');
  await expect
    .poll(
      async () =>
        (await body.getAttribute('data-filter')) === query && (await body.getAttribute('data-loading')) === 'false',
    )
    .toBe(true);
}

const answers = (page: Page) => page.getByTestId('pg-turn').last().getByTestId('pg-answer');

describe.skipIf(!hasChromium())('the Playground and the Logs page in Chromium against serve --demo', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let dark: { context: BrowserContext; page: Page };
  const problems: string[] = [];

  const openContext = async (colorScheme: 'dark' | 'light') => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme });
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
    page.screenshot({ path: join(SCREENSHOTS, `playground-logs-${name}.png`), fullPage: false });
  const visit = async (page: Page, name: string) => {
    await page.getByTestId(`nav-${name}`).click();
    await page.getByTestId(`page-${name}`).waitFor();
  };
  const send = async (page: Page, text: string) => {
    await page.getByTestId('pg-input').fill(text);
    await page.getByTestId('pg-send').click();
  };

  beforeAll(async () => {
    serve = await startServeProcess(['--demo']);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
    dark = await openContext('dark');
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('a chat streams, stops on Stop, and shows its figures', async () => {
    const { page } = dark;
    await visit(page, 'playground');
    await expect.poll(() => page.getByTestId('pg-target-0').inputValue(), { timeout: 10_000 }).toBe('chat');
    // The slowest engine (25 ms a token) and room for a long answer, so Stop lands mid-stream.
    await page.getByTestId('pg-target-0').selectOption('chat-large');
    await page.getByTestId('pg-toggle-settings').click();
    await page.getByTestId('pg-maxTokens').fill('2000');
    await send(page, 'Tell me a long story about a railway switchyard.');
    const answer = answers(page).first();
    await expect
      .poll(async () => (await answer.getByTestId('pg-answer-content').textContent())?.length ?? 0)
      .toBeGreaterThan(0);
    expect(await answer.getAttribute('data-state')).toBe('streaming');
    await page.getByTestId('pg-stop-button').click();
    await expect.poll(() => answer.getAttribute('data-state'), { timeout: 10_000 }).toBe('stopped');
    const streamed = (await answer.getByTestId('pg-answer-content').textContent()) ?? '';
    await page.waitForTimeout(300);
    expect((await answer.getByTestId('pg-answer-content').textContent()) ?? '').toBe(streamed);
    await expect.poll(() => answer.getByTestId('pg-fig-served').textContent()).toBe('demo-llama-3.1-8b');
    expect(await answer.getByTestId('pg-fig-ttft').textContent()).toMatch(/\d+ ms|\d s/);
    await expect
      .poll(() => answer.getByTestId('pg-request-link').getAttribute('data-request-id'))
      .toMatch(/^playground-/);
    expect(await page.getByTestId('pg-send').isVisible()).toBe(true);
  });

  it('compares three targets side by side, each with its figures', async () => {
    const { page } = dark;
    await page.getByTestId('pg-maxTokens').fill('48');
    await page.getByTestId('pg-target-add').click();
    await page.getByTestId('pg-target-1').selectOption('chat');
    await page.getByTestId('pg-target-add').click();
    await page.getByTestId('pg-target-2').selectOption('chat');
    await send(page, 'Say hello in three languages.');
    await expect.poll(() => answers(page).count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const a = answers(page).nth(i);
      await expect.poll(() => a.getAttribute('data-state'), { timeout: 20_000 }).toBe('finished');
      expect(((await a.getByTestId('pg-answer-content').textContent()) ?? '').length).toBeGreaterThan(0);
      expect(await a.getByTestId('pg-fig-served').textContent()).toMatch(i === 0 ? /^demo-llama/ : /^demo-qwen3/);
      expect(await a.getByTestId('pg-fig-tokens').textContent()).toMatch(/\d+ in · \d+ out/);
      expect(await a.getByTestId('pg-fig-cost').textContent()).toMatch(/^\$/);
      expect(await a.getByTestId('pg-fig-attempts').textContent()).toMatch(/^\d+$/);
      expect(await a.getByTestId('pg-fig-tps').textContent()).toMatch(/^\d+(\.\d)?$/);
    }
    await page.getByTestId('pg-toggle-settings').click();
    await answers(page).first().scrollIntoViewIfNeeded();
    await shot(page, 'compare-dark');
    // The conversation is kept: it is listed, with the title of its first message.
    await expect
      .poll(() => page.getByTestId('pg-conversation').first().textContent())
      .toContain('Tell me a long story');
  });

  it('a tool call renders as a card', async () => {
    const { page } = dark;
    await page.getByTestId('pg-new-conversation').click();
    for (const i of [2, 1]) await page.getByTestId(`pg-target-remove-${i}`).click();
    await page.getByTestId('pg-target-0').selectOption('chat');
    await page.getByTestId('pg-toggle-settings').click();
    await page.getByTestId('pg-tools-example').click();
    await page.getByTestId('pg-toggle-settings').click();
    await send(page, 'What is the weather in Paris?');
    const answer = answers(page).first();
    await expect.poll(() => answer.getAttribute('data-state'), { timeout: 15_000 }).toBe('finished');
    const card = answer.getByTestId('pg-tool-call');
    expect(await card.getAttribute('data-tool')).toBe('get_weather');
    expect(JSON.parse((await card.locator('pre').textContent()) ?? '')).toHaveProperty('city');
    await page.getByTestId('pg-toggle-code').click();
    expect(await page.getByTestId('pg-code-text').textContent()).toContain('/v1/chat/completions');
    await shot(page, 'tool-call-dark');
  });

  it('an answer links to its row on the Logs page, whose drawer opens', async () => {
    const { page } = dark;
    const link = answers(page).first().getByTestId('pg-request-link');
    const id = (await link.getAttribute('data-request-id'))!;
    await link.click();
    await page.getByTestId('page-logs').waitFor();
    const row = page.locator(`[data-testid="logs-row"][data-request-id="${id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('logs-row').count()).toBe(1);
    await page.getByTestId('logs-drawer').waitFor();
    await expect.poll(() => page.getByTestId('logs-drawer-id').textContent()).toBe(id);
    expect(await page.getByTestId('logs-drawer-attempts').textContent()).toMatch(/^\d+/);
    expect(await page.getByTestId('logs-drawer-served').textContent()).toMatch(/^demo-qwen3/);
    expect(await page.getByTestId('logs-drawer-route').textContent()).toBe('chat/completions');
    // The recorded attempt chain (test/e2e/log-detail.test.ts looks at it, the bodies and the replay in full).
    await expect.poll(() => page.getByTestId('logs-drawer-attempt').count()).toBeGreaterThan(0);
    // Clearing the search lists every request, demo traffic included.
    await page.getByTestId('logs-filter-clear').click();
    await expect.poll(() => page.getByTestId('logs-row').count()).toBeGreaterThan(5);
    await shot(page, 'logs-drawer-dark');
  });

  it('a bucket click on the Performance and Spend charts opens the Logs page filtered to it', async () => {
    const { page } = dark;
    await visit(page, 'performance');
    await page.getByTestId('performance-target').selectOption('demo-qwen3-0.6b-a');
    const chart = page.getByTestId('chart-requests');
    await expect
      .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 20_000 })
      .toBeGreaterThan(0);
    const box = (await chart.locator('.recharts-surface').boundingBox())!;
    // The middle of the drawn span: a bucket that has passed (the newest may have just begun).
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.getByTestId('page-logs').waitFor();
    const params = new URL(page.url().replace('#/', '')).searchParams;
    expect(params.get('deployment')).toBe('demo-qwen3-0.6b-a');
    const [from, to] = [Number(params.get('fromMs')), Number(params.get('toMs'))];
    expect(to).toBeGreaterThan(from);
    await logsLoaded(page);
    await expect.poll(() => page.getByTestId('logs-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    for (const r of await page.getByTestId('logs-row').all()) {
      expect(await r.getAttribute('data-deployment')).toBe('demo-qwen3-0.6b-a');
      const at = Number(await r.getAttribute('data-at'));
      expect(at >= from && at < to, `${at} in [${from}, ${to})`).toBe(true);
    }

    await visit(page, 'spend');
    // Hour buckets, the newest under the right edge.
    await page.getByTestId('spend-range-preset-24h').click();
    const spend = page.getByTestId('chart-spend');
    await expect
      .poll(async () => Number(await spend.getAttribute('data-points')), { timeout: 20_000 })
      .toBeGreaterThan(0);
    const spendBox = (await spend.locator('.recharts-surface').boundingBox())!;
    await page.mouse.click(spendBox.x + spendBox.width * 0.99, spendBox.y + spendBox.height * 0.5);
    await page.getByTestId('page-logs').waitFor();
    const spendParams = new URL(page.url().replace('#/', '')).searchParams;
    const [spendFrom, spendTo] = [Number(spendParams.get('fromMs')), Number(spendParams.get('toMs'))];
    expect(spendTo - spendFrom).toBe(3_600_000);
    // The bucket is the one the chart's tooltip shows under the pointer (near the right edge it may be the
    // hour before this run): every row listed must lie in it.
    await logsLoaded(page);
    for (const r of await page.getByTestId('logs-row').all()) {
      const at = Number(await r.getAttribute('data-at'));
      expect(at >= spendFrom && at < spendTo, `${at} in [${spendFrom}, ${spendTo})`).toBe(true);
    }
  });

  it('looks right in the light theme too, with no console errors', async () => {
    const light = await openContext('light');
    await visit(light.page, 'playground');
    await light.page.getByTestId('pg-conversation-open').first().click();
    await expect.poll(() => light.page.getByTestId('pg-answer').count()).toBeGreaterThan(0);
    await shot(light.page, 'playground-light');
    await visit(light.page, 'logs');
    await light.page.getByTestId('logs-row').first().click();
    await light.page.getByTestId('logs-drawer-id').waitFor();
    await shot(light.page, 'logs-light');
    await light.context.close();
    expect(problems).toEqual([]);
  });
});
