// End to end, the Logs drawer's recorded detail and body capture: `switchyard serve --demo` (the
// built CLI) + the built UI in headless Chromium. Body capture is turned on in the Logs page's
// panel; a Playground chat's row shows its attempt, latency split, reservation, headers and stored
// bodies; a prompt longer than the first group's context shows the context-window fallback in the
// chain; Replay in Playground opens the Playground with the stored request; screenshots of the
// drawer in both themes. No console errors or warnings allowed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type ConsoleMessage, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, hasChromium, CHROMIUM_ARGS } from '../support/requirements';
import { type ServeProcess, startServeProcess } from '../support/serve-process';

const SCREENSHOTS = join('test-results', 'screenshots');
// As in ui.test.ts (not imported from there: importing a test file would run its suite here too).
const answers = (page: Page) => page.getByTestId('pg-turn').last().getByTestId('pg-answer');

describe.skipIf(!hasChromium())('the Logs drawer: attempts, latency split and stored bodies, in Chromium', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let dark: { context: BrowserContext; page: Page };
  const problems: string[] = [];

  const openContext = async (colorScheme: 'dark' | 'light') => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme });
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
    page.screenshot({ path: join(SCREENSHOTS, `log-detail-${name}.png`), fullPage: false });
  const visit = async (page: Page, name: string) => {
    await page.getByTestId(`nav-${name}`).click();
    await page.getByTestId(`page-${name}`).waitFor();
  };
  /** Sends `text` from the Playground and opens its row's drawer on the Logs page. */
  const chatAndOpen = async (page: Page, text: string) => {
    await visit(page, 'playground');
    await expect.poll(() => page.getByTestId('pg-target-0').inputValue(), { timeout: 10_000 }).toBe('chat');
    await page.getByTestId('pg-input').fill(text);
    await page.getByTestId('pg-send').click();
    const link = answers(page).first().getByTestId('pg-request-link');
    await expect.poll(() => link.getAttribute('data-request-id'), { timeout: 20_000 }).toMatch(/^playground-/);
    const id = (await link.getAttribute('data-request-id'))!;
    await link.click();
    await page.getByTestId('page-logs').waitFor();
    await page.locator(`[data-testid="logs-row"][data-request-id="${id}"]`).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('logs-drawer-id').textContent()).toBe(id);
    await page.getByTestId('logs-drawer-chain').waitFor();
    return id;
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

  it('body capture is off until turned on in the panel, with a redaction path', async () => {
    const { page } = dark;
    await visit(page, 'logs');
    await page.getByTestId('logs-capture').click();
    await page.getByTestId('capture-panel').waitFor();
    expect(await page.getByTestId('capture-enabled').isChecked()).toBe(false);
    await page.getByTestId('capture-enabled').check();
    await page.getByTestId('capture-paths').fill('api_key\nmessages[0].name');
    await page.getByTestId('capture-max').fill('64');
    await page.getByTestId('capture-save').click();
    await expect.poll(() => page.getByTestId('capture-error').count()).toBe(0);
    // Saved: the panel opened again reads it back.
    await page.getByTestId('capture-close').click();
    await page.getByTestId('logs-capture').click();
    await expect.poll(() => page.getByTestId('capture-enabled').isChecked()).toBe(true);
    expect(await page.getByTestId('capture-paths').inputValue()).toBe('api_key\nmessages[0].name');
    await page.getByTestId('capture-close').click();
  });

  it("a Playground chat's drawer: its attempt, the latency split, the reservation, headers and stored bodies", async () => {
    const { page } = dark;
    const message = 'Say hello to the request log, please.';
    await chatAndOpen(page, message);
    const attempts = page.getByTestId('logs-drawer-attempt');
    expect(await attempts.count()).toBe(1);
    expect(await attempts.first().getAttribute('data-outcome')).toBe('ok');
    expect(await attempts.first().textContent()).toMatch(/served.*demo-qwen3.*first try/);
    expect(await page.getByTestId('logs-drawer-split-queued').textContent()).toMatch(/queued in gateway \d/);
    expect(await page.getByTestId('logs-drawer-split-ttft').textContent()).toMatch(/upstream first token \d/);
    expect(await page.getByTestId('logs-drawer-split-gen').textContent()).toMatch(/generation \d/);
    expect(await page.getByTestId('logs-drawer-reservation').textContent()).toMatch(/Reserved \$.* settled \$/);
    const headers = (await page.getByTestId('logs-drawer-headers').textContent()) ?? '';
    expect(headers).toContain('x-switchyard-deployment');
    expect(headers).toContain('x-switchyard-reserved-usd');
    const request = (await page.getByTestId('logs-drawer-request-body').textContent()) ?? '';
    expect(request).toContain(message);
    expect(request).toContain('"stream": true');
    const response = (await page.getByTestId('logs-drawer-response-body').textContent()) ?? '';
    expect(response).toContain('data: [DONE]');
    expect(await page.getByTestId('logs-drawer-redacted').textContent()).toMatch(/header:authorization/);
    await shot(page, 'drawer-dark');
  });

  it('Replay in Playground opens the Playground with the stored request', async () => {
    const { page } = dark;
    await page.getByTestId('logs-drawer-replay').click();
    await page.getByTestId('page-playground').waitFor();
    expect(await page.getByTestId('pg-input').inputValue()).toBe('Say hello to the request log, please.');
    expect(await page.getByTestId('pg-target-0').inputValue()).toBe('chat');
  });

  it('a prompt longer than the first group’s context: the chain shows the context-window fallback', async () => {
    const { page } = dark;
    // ~12,000 tokens: past the 8,192 of chat's engines, within chat-large's 32,768.
    const long = `${'the switchyard sorts freight cars onto many tracks '.repeat(1000)}Summarise.`;
    await chatAndOpen(page, long);
    const attempts = page.getByTestId('logs-drawer-attempt');
    await expect
      .poll(() => attempts.last().textContent())
      .toMatch(/demo-llama-3\.1-8b.*context-window fallback → chat-large/);
    expect(await attempts.last().getAttribute('data-outcome')).toBe('ok');
    expect(await page.getByTestId('logs-drawer-skipped').textContent()).toMatch(
      /^chat: nothing sent — the prompt \(~\d+ tokens\) is longer than every target's context$/,
    );
    await shot(page, 'drawer-context-fallback-dark');
    await page.getByTestId('logs-drawer-bodies').scrollIntoViewIfNeeded();
    await shot(page, 'drawer-bodies-dark');
  });

  it('looks right in the light theme too, with no console errors', async () => {
    const light = await openContext('light');
    await visit(light.page, 'logs');
    // Only the Playground's rows (demo traffic keeps adding others), newest first: the long prompt's.
    // Runs in the page, where `location` exists (this file is type-checked for Node).
    await light.page.evaluate(() => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = '#/logs?search=playground-';
    });
    await light.page.locator('[data-testid="logs-row"][data-request-id^="playground-"]').first().click();
    await light.page.getByTestId('logs-drawer-bodies').waitFor({ timeout: 20_000 });
    await shot(light.page, 'drawer-light');
    await light.context.close();
    await dark.context.close();
    expect(problems).toEqual([]);
  }, 120_000);
});
