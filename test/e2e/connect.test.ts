// End to end in Chromium against `switchyard serve --demo` (the built CLI and renderer): the Connect
// page lists every client, fills the snippets with this gateway's URL and the chosen key, copies a
// snippet exactly, creates a key shown once, and "Test it" has the core send one request the way
// the OpenAI SDK, Claude Code (/v1/messages) and Codex (/v1/responses) send theirs, each answered
// by a demo engine. Screenshots in dark and light go to test-results/screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_INFO, CONNECT_CLIENTS } from '../../shared/connect-snippets';
import { CHROMIUM_PATH, hasChromium, CHROMIUM_ARGS } from '../support/requirements';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

const SCREENSHOTS = join('test-results', 'screenshots');
const DEMO_ENGINE = /^demo-(qwen3-0\.6b-[ab]|llama-3\.1-8b)$/;

describe.skipIf(!hasChromium())('the Connect page in Chromium', () => {
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    serve = await startServeProcess(['--demo']);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
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
    await page.getByTestId('nav-connect').click();
    await page.getByTestId('page-connect').waitFor();
    await page.getByTestId('connect-clients').waitFor();
    return { page, problems };
  };
  const clipboard = (page: Page) =>
    page.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
  const testClient = async (page: Page, client: string) => {
    await page.getByTestId(`connect-client-${client}`).click();
    await page.getByTestId(`connect-test-${client}`).click();
    const result = page.getByTestId(`connect-result-${client}`);
    await result.waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId(`connect-test-${client}`).getAttribute('aria-busy')).toBeNull();
    return result;
  };

  it('lists every client, fills and copies the setup, and tests the OpenAI SDK, Claude Code and Codex against the demo', async () => {
    const { page, problems } = await open('dark');
    for (const id of CONNECT_CLIENTS)
      expect(await page.getByTestId(`connect-client-${id}`).textContent()).toContain(CLIENT_INFO[id].name);
    expect(await page.getByTestId('connect-gateway-url').textContent()).toBe(serve.gatewayUrl);

    // Claude Code first (the default): its environment with this gateway, copied exactly.
    const claude = page.getByTestId('connect-snippet-claude-code-0-text');
    expect(await claude.textContent()).toContain(`export ANTHROPIC_BASE_URL=${serve.gatewayUrl}\n`);
    expect(await claude.textContent()).toContain("export ANTHROPIC_AUTH_TOKEN='sk-…'\n");
    await page.getByTestId('connect-snippet-claude-code-0-copy').click();
    expect(await clipboard(page)).toBe(await claude.textContent());
    // The demo's engines are servers Switchyard did not start: the agent is told it cannot be seen.
    expect(await page.getByTestId('connect-tools-warning').textContent()).toMatch(
      /cannot tell whether chat does tool calls/,
    );

    // The demo key by its prefix: the snippet carries the prefix and says to paste the key.
    const demo = await page.getByTestId('connect-key').locator('option', { hasText: 'demo' }).getAttribute('value');
    await page.getByTestId('connect-key').selectOption(demo!);
    expect(await claude.textContent()).toMatch(/export ANTHROPIC_AUTH_TOKEN='sk-[\w-]{3}…[\w-]{4}'\n/);
    expect(await page.getByTestId('connect-note-0').textContent()).toMatch(/^Paste your key in place of sk-/);

    // Codex: the provider block for ~/.codex/config.toml on the group chosen.
    await page.getByTestId('connect-group').selectOption('chat-large');
    await page.getByTestId('connect-client-codex').click();
    const toml = (await page.getByTestId('connect-snippet-codex-0-text').textContent())!;
    expect(toml).toContain('model = "chat-large"\n');
    expect(toml).toContain(`base_url = "${serve.gatewayUrl}/v1"\n`);
    expect(toml).toContain('wire_api = "responses"');

    // Test it: the OpenAI SDK's chat completion is served by a demo engine, and the chosen key is fine.
    await page.getByTestId('connect-group').selectOption('chat');
    const openai = await testClient(page, 'openai-python');
    expect(await openai.getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('connect-result-openai-python-status').textContent()).toBe('HTTP 200');
    expect(await page.getByTestId('connect-result-openai-python-deployment').textContent()).toMatch(DEMO_ENGINE);
    expect(await page.getByTestId('connect-result-openai-python-answer').textContent()).toMatch(/\S/);
    expect(await openai.textContent()).toContain('POST /v1/chat/completions');

    // Claude Code's request (/v1/messages?beta=true, streamed, with a tool) and Codex's (/v1/responses).
    for (const [client, route] of [
      ['claude-code', 'POST /v1/messages?beta=true (stream)'],
      ['codex', 'POST /v1/responses (stream)'],
    ] as const) {
      const result = await testClient(page, client);
      expect(await result.textContent()).toContain(route);
      const error = await page.getByTestId(`connect-result-${client}-error`).count();
      expect(error ? await page.getByTestId(`connect-result-${client}-error`).textContent() : '').toBe('');
      expect(await result.getAttribute('data-ok')).toBe('true');
      expect(await page.getByTestId(`connect-result-${client}-deployment`).textContent()).toMatch(DEMO_ENGINE);
      expect(await page.getByTestId(`connect-result-${client}-answer`).textContent()).toMatch(/\S/);
    }
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOTS, 'connect-dark.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('creates a key for a client, shows it once in the snippets, and forgets it when hidden', async () => {
    const { page, problems } = await open('light');
    await page.getByTestId('connect-client-continue').click();
    await page.getByTestId('connect-create-key').click();
    const shown = (await page.getByTestId('connect-new-key-value').textContent())!;
    expect(shown).toMatch(/^sk-[\w-]{40,}$/);
    const yaml = page.getByTestId('connect-snippet-continue-0-text');
    expect(await yaml.textContent()).toContain(`    apiKey: "${shown}"\n`);
    expect(await page.getByTestId('connect-key').inputValue()).not.toBe('');
    expect(await page.getByTestId('connect-key').locator('option:checked').textContent()).toMatch(/^continue · sk-/);
    await page.getByTestId('connect-snippet-continue-0-copy').click();
    expect(await clipboard(page)).toContain(shown);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOTS, 'connect-light.png'), fullPage: true });

    await page.getByTestId('connect-new-key-dismiss').click();
    expect(await page.content()).not.toContain(shown);
    expect(await yaml.textContent()).toMatch(/apiKey: "sk-[\w-]{3}…[\w-]{4}"/);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 30_000);
});
