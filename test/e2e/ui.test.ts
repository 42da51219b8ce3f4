// End to end: `switchyard serve` (the built CLI) + the built UI in real headless Chromium.
// Visits every page from the sidebar, fails on any console error, saves a screenshot per page.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, hasChromium, CHROMIUM_ARGS } from '../support/requirements';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

const SCREENSHOTS = join('test-results', 'screenshots');
const PAGES = [
  'overview',
  'deploy',
  'deployments',
  'routing',
  'providers',
  'keys',
  'spend',
  'performance',
  'hosts',
  'settings',
] as const;

describe.skipIf(!hasChromium())('the UI in Chromium', () => {
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    serve = await startServeProcess();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('opens with the token and shows every page without console errors', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, colorScheme: 'dark' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));

    await page.goto(serve.uiUrl);
    await page.getByTestId('page-overview').waitFor();
    // The token leaves the address bar once read.
    expect(page.url()).not.toContain('token=');
    await expect.poll(() => page.getByTestId('overview-gateway').textContent(), { timeout: 10_000 }).toMatch(/up/i);
    await expect.poll(() => page.getByTestId('overview-data-dir').textContent()).toContain(serve.dataDir);

    for (const name of PAGES) {
      await page.getByTestId(`nav-${name}`).click();
      await page.getByTestId(`page-${name}`).waitFor();
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    }
    expect(problems).toEqual([]);
    for (const name of PAGES) expect(existsSync(join(SCREENSHOTS, `${name}.png`))).toBe(true);
    await context.close();
  });

  it('saves settings from the Settings page and shows a bad value next to its field', async () => {
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(serve.uiUrl);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-retention-days').fill('45');
    await page.getByTestId('settings-save').click();
    await expect
      .poll(async () => {
        const res = await fetch(`${serve.adminUrl}/api/settings.get`, {
          method: 'POST',
          headers: { authorization: `Bearer ${new URL(serve.uiUrl).hash.slice(7)}` },
          body: '{}',
        });
        return ((await res.json()) as { result: { retentionDays: number } }).result.retentionDays;
      })
      .toBe(45);
    await page.getByTestId('settings-gateway-port').fill('70000');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-gateway-port-error').waitFor();
    expect(await page.getByTestId('settings-gateway-port-error').textContent()).toMatch(/65535|port/i);
    await page.screenshot({ path: join(SCREENSHOTS, 'settings-light.png'), fullPage: true });
    await context.close();
  });

  it('without the token the API refuses (401) and the UI says how to get in', async () => {
    const res = await fetch(`${serve.adminUrl}/api/system.status`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(serve.adminUrl + '/');
    await page.getByTestId('auth-required').waitFor();
    expect(await page.getByTestId('auth-required').textContent()).toMatch(/token/i);
    await page.screenshot({ path: join(SCREENSHOTS, 'auth-required.png') });
    await context.close();
  });

  it('stops cleanly on SIGTERM and removes instance.json', async () => {
    expect(existsSync(join(serve.dataDir, 'instance.json'))).toBe(true);
    const started = Date.now();
    expect(await serve.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(existsSync(join(serve.dataDir, 'instance.json'))).toBe(false);
  });
});
