// End to end in Chromium against `switchyard serve --demo` (the built CLI): a key with a tiny
// budget is created in the UI and copied from its shown-once field, spent through the gateway with
// the official openai SDK until the gateway answers 429 budget_exceeded, and then the Keys page
// shows it exhausted and the banner appears on every page. Then Providers: an external server (a
// simulated vLLM started here) is added, its connection tested, its models listed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from 'vllm-sim';
import { freePort } from '../support/net';
import { CHROMIUM_PATH, hasChromium, CHROMIUM_ARGS } from '../support/requirements';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

const SCREENSHOTS = join('test-results', 'screenshots');

describe.skipIf(!hasChromium())('Keys & Budgets and Providers in Chromium', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let sim: RunningSimulator;

  beforeAll(async () => {
    serve = await startServeProcess(['--demo']);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    sim = await startSimulator({
      model: 'Qwen/Qwen3-0.6B',
      servedModelNames: ['lab-qwen', 'lab-qwen-instruct'],
      log: () => {},
    });
    await sim.ready;
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await sim?.close();
  });

  const open = async (colorScheme: 'dark' | 'light'): Promise<{ page: Page; problems: string[] }> => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.adminUrl });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(serve.uiUrl);
    await page.getByTestId('page-overview').waitFor();
    return { page, problems };
  };

  it('a key with a tiny budget: created and copied once, spent through the gateway to a 429, shown exhausted with the banner', async () => {
    const { page, problems } = await open('dark');
    await page.getByTestId('nav-keys').click();
    await page.getByTestId('page-keys').waitFor();
    expect(await page.getByTestId('budget-banner').count()).toBe(0);

    // A bad value is shown beside its field, and what was typed stays.
    await page.getByTestId('keys-create-alias').fill('e2e-tiny');
    await page.getByTestId('keys-create-budget-duration').fill('monthly');
    await page.getByTestId('keys-create-model-chat').click();
    await page.getByTestId('keys-create-budget').fill('0.0001');
    await page.getByTestId('keys-create-submit').click();
    await expect
      .poll(() => page.getByTestId('keys-create-budget-duration-error').textContent())
      .toMatch(/"monthly" is not a duration such as 30s, 15m, 1h, 1d/);
    expect(await page.getByTestId('keys-create-alias').inputValue()).toBe('e2e-tiny');
    await page.getByTestId('keys-create-budget-duration').fill('30d');
    await page.getByTestId('keys-create-submit').click();

    // Shown once, copied with its button.
    await page.getByTestId('new-key-value').waitFor();
    const shown = (await page.getByTestId('new-key-value').textContent())!;
    expect(shown).toMatch(/^sk-[\w-]{40,}$/);
    await page.getByTestId('new-key-copy').click();
    // Runs in the page, where `navigator` exists (this file is type-checked for Node).
    const key = await page.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
    expect(key).toBe(shown);
    await page.screenshot({ path: join(SCREENSHOTS, 'keys-created.png'), fullPage: true });
    await page.getByTestId('new-key-dismiss').click();
    expect(await page.content()).not.toContain(key);
    const row = page.locator('[data-testid^="key-row-"]', { hasText: 'e2e-tiny' });
    await expect
      .poll(() => row.locator('[data-testid^="key-prefix-"]').textContent())
      .toBe(`${key.slice(0, 6)}…${key.slice(-4)}`);
    expect(await row.getAttribute('data-status')).toBe('active');
    expect(await row.textContent()).toMatch(/\$0\.00 of \$0\.0001 \/ 30dResets on \d{4}-\d\d-\d\d/);

    // Spend it through the gateway with the official SDK until the budget refuses.
    const client = new OpenAI({ baseURL: `${serve.gatewayUrl}/v1`, apiKey: key, maxRetries: 0 });
    let served = 0;
    let refusal: { status?: number; error?: { type?: string; message?: string } } | null = null;
    while (!refusal && served < 300) {
      refusal = await client.chat.completions
        .create({ model: 'chat', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 16 })
        .then(
          () => (served++, null),
          (err) => err,
        );
    }
    expect(served).toBeGreaterThan(0);
    expect(refusal?.status).toBe(429);
    expect(refusal?.error?.type).toBe('budget_exceeded');
    expect(refusal?.error?.message).toMatch(/Budget exceeded for key .* remains and this request could cost up to \$/);
    // Another model group is not allowed for this key at all.
    const forbidden = await client.chat.completions
      .create({ model: 'chat-large', messages: [{ role: 'user', content: 'x' }], max_tokens: 4 })
      .catch((e) => e);
    expect(forbidden.status).toBe(403);

    // The page catches up by itself: the row is exhausted, the banner names the key.
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('over-budget');
    await row.locator('[data-testid$="-exhausted"]').waitFor();
    const banner = page.getByTestId('budget-banner');
    await expect.poll(() => banner.textContent(), { timeout: 20_000 }).toMatch(/Budget exhausted.*key “e2e-tiny”.*429/);
    expect(await banner.getAttribute('data-level')).toBe('exhausted');
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(SCREENSHOTS, 'keys-exhausted-dark.png'), fullPage: true });

    // The banner is on every page, with a link back to Keys & Budgets.
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('page-overview').waitFor();
    await page.getByTestId('budget-banner').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'keys-banner-overview.png') });
    await page.getByTestId('budget-banner-link').click();
    await page.getByTestId('page-keys').waitFor();
    // The one refused call is the deliberate bad budget period above.
    expect(problems).toEqual([
      'error: Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    await page.context().close();
  }, 120_000);

  it('a key blocked on the Keys page is refused by the gateway on its next request, and serves again once unblocked', async () => {
    const { page, problems } = await open('light');
    await page.getByTestId('nav-keys').click();
    await page.getByTestId('page-keys').waitFor();
    await page.getByTestId('keys-create-alias').fill('e2e-blockable');
    await page.getByTestId('keys-create-submit').click();
    await page.getByTestId('new-key-value').waitFor();
    const key = (await page.getByTestId('new-key-value').textContent())!;
    await page.getByTestId('new-key-dismiss').click();
    const row = page.locator('[data-testid^="key-row-"]', { hasText: 'e2e-blockable' });
    const client = new OpenAI({ baseURL: `${serve.gatewayUrl}/v1`, apiKey: key, maxRetries: 0 });
    const ask = () =>
      client.chat.completions
        .create({ model: 'chat', messages: [{ role: 'user', content: 'Hi.' }], max_tokens: 4 })
        .then(
          () => 200,
          (err: { status?: number; error?: { message?: string } }) => err,
        );
    expect(await ask()).toBe(200);

    await row.locator('[data-testid^="key-block-"]').click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('blocked');
    expect(await row.locator('[data-testid^="key-block-"]').textContent()).toBe('Unblock');
    const refused = await ask();
    expect(refused).toMatchObject({ status: 401 });
    expect((refused as { error?: { message?: string } }).error?.message).toMatch(/blocked/);
    await page.screenshot({ path: join(SCREENSHOTS, 'keys-blocked-light.png'), fullPage: true });

    await row.locator('[data-testid^="key-block-"]').click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('active');
    expect(await ask()).toBe(200);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('teams: created with a budget, a key joins it, and removing it while a key names it is refused', async () => {
    const { page, problems } = await open('light');
    await page.getByTestId('nav-keys').click();
    await page.getByTestId('teams-create-alias').fill('research');
    await page.getByTestId('teams-create-budget').fill('25');
    await page.getByTestId('teams-create-budget-duration').fill('7d');
    await page.getByTestId('teams-create-rpm').fill('600');
    await page.getByTestId('teams-create-submit').click();
    const teamRow = page.locator('[data-testid^="team-row-"]', { hasText: 'research' });
    await teamRow.waitFor();
    expect(await teamRow.textContent()).toMatch(
      /\$0\.00 of \$25\.00 \/ 7dResets (in [67] d|on \d{4}-\d\d-\d\d).*600 rpm/,
    );

    await page.getByTestId('keys-create-alias').fill('research-notebook');
    await page.getByTestId('keys-create-team').selectOption({ label: 'research' });
    await page.getByTestId('keys-create-submit').click();
    await page.getByTestId('new-key-dismiss').click();
    await expect
      .poll(() => page.locator('[data-testid^="key-row-"]', { hasText: 'research-notebook' }).textContent())
      .toContain('research');
    await expect.poll(() => teamRow.locator('td').nth(1).textContent()).toBe('1');

    await teamRow.locator('[data-testid^="team-remove-"]').first().click();
    await teamRow.locator('[data-testid$="-confirm"]').click();
    await expect
      .poll(() => page.getByTestId('teams-remove-error').textContent())
      .toMatch(/still has 1 key \(research-notebook\): revoke them first/);
    expect(await teamRow.count()).toBe(1);
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(SCREENSHOTS, 'keys-light.png'), fullPage: true });
    // The one refused call is the deliberate removal above.
    expect(problems).toEqual(['error: Failed to load resource: the server responded with a status of 409 (Conflict)']);
    await page.context().close();
  }, 60_000);

  for (const scheme of ['dark', 'light'] as const) {
    it(`providers (${scheme}): adds an external server, tests its connection and lists its models`, async () => {
      const { page, problems } = await open(scheme);
      const name = `lab-sim-${scheme}`;
      await page.getByTestId('nav-providers').click();
      await page.getByTestId('page-providers').waitFor();
      // The demo's own simulated engines are external endpoints too.
      await page.getByTestId('provider-row-demo-qwen3-0.6b-a').waitFor();

      // Nothing listens on this port: the test says so plainly.
      await page.getByTestId('providers-add-base-url').fill(`http://127.0.0.1:${await freePort()}/v1`);
      await page.getByTestId('providers-add-test').click();
      await expect
        .poll(() => page.getByTestId('providers-add-test-result').textContent(), { timeout: 15_000 })
        .toMatch(/connection refused/);

      await page.getByTestId('providers-add-kind').selectOption('hosted_vllm');
      await page.getByTestId('providers-add-name').fill(name);
      await page.getByTestId('providers-add-base-url').fill(`${sim.url}/v1`);
      await page.getByTestId('providers-add-test').click();
      await expect
        .poll(() => page.getByTestId('providers-add-test-result-models').textContent())
        .toBe('lab-qwenlab-qwen-instruct');
      await page.getByTestId('providers-add-model').fill('lab-qwen');
      await page.getByTestId('providers-add-input-price').fill('0.10');
      await page.getByTestId('providers-add-output-price').fill('0.40');
      await page.getByTestId('providers-add-submit').click();
      await page.getByTestId(`provider-row-${name}`).waitFor();
      expect(await page.getByTestId(`provider-prices-${name}`).textContent()).toBe('in $0.1out $0.4 · per 1M');

      await page.getByTestId(`provider-test-${name}`).click();
      await expect
        .poll(() => page.getByTestId(`provider-test-result-${name}-models`).textContent())
        .toBe('lab-qwenlab-qwen-instruct');
      await page.getByTestId(`provider-edit-${name}`).click();
      await page.getByTestId(`provider-input-price-${name}`).fill('0.25');
      await page.getByTestId(`provider-save-prices-${name}`).click();
      await expect
        .poll(() => page.getByTestId(`provider-prices-${name}`).textContent())
        .toBe('in $0.25out $0.4 · per 1M');
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(SCREENSHOTS, `providers-${scheme}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await page.context().close();
    }, 60_000);
  }
});
