// End to end, the ways into the Playground and what it sends: `switchyard serve --demo` (the built
// CLI: simulated engines) + the built UI in headless Chromium. "Try it" on a routing group node
// opens the Playground on that group (the demo has no deployments, so the deployment card's button,
// the same component, is not driven here); a virtual key pasted into the key
// picker is the key the gateway sees (its model list refuses another group; its row in the log
// carries it); response_format json_schema makes the simulated engine answer with JSON of that
// schema; a pasted image goes with the message as an image_url part (the demo's text-only engines
// refuse it as vLLM does, naming the part); View code shows the Anthropic SDK sample.
// Screenshots dark and light; no console errors or warnings allowed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, hasChromium, CHROMIUM_ARGS } from '../support/requirements';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

const SCREENSHOTS = join('test-results', 'screenshots');
/** A 1×1 PNG, as a clipboard would hold a screenshot. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const answers = (page: Page) => page.getByTestId('pg-turn').last().getByTestId('pg-answer');

describe.skipIf(!hasChromium())('Playground: Try it, key choice, response_format, images', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let token: string;
  const problems: string[] = [];

  const admin = async <T>(name: string, input: unknown): Promise<T> => {
    const res = await fetch(`${serve.adminUrl}/api/${name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as { result?: T; error?: { message: string } };
    if (!res.ok) throw new Error(`${name}: ${body.error?.message}`);
    return body.result as T;
  };
  const shot = (p: Page, name: string) => p.screenshot({ path: join(SCREENSHOTS, `playground-try-${name}.png`) });
  const visit = async (name: string) => {
    await page.getByTestId(`nav-${name}`).click();
    await page.getByTestId(`page-${name}`).waitFor();
  };
  const send = async (text: string) => {
    await page.getByTestId('pg-input').fill(text);
    await page.getByTestId('pg-send').click();
  };
  const finished = async () => {
    const answer = answers(page).first();
    await expect.poll(() => answer.getAttribute('data-state'), { timeout: 20_000 }).toMatch(/finished|failed/);
    return answer;
  };

  beforeAll(async () => {
    serve = await startServeProcess(['--demo']);
    token = new URL(serve.uiUrl).hash.replace('#token=', '');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    page = await context.newPage();
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(serve.uiUrl);
    await page.getByTestId('page-overview').waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('Try it on a routing group node opens a new conversation on that group', async () => {
    await visit('routing');
    const tryIt = page.getByTestId('group-try-chat-large');
    await tryIt.waitFor({ timeout: 20_000 });
    await tryIt.click();
    await page.getByTestId('page-playground').waitFor();
    await expect.poll(() => page.getByTestId('pg-target-0').inputValue()).toBe('chat-large');
    expect(await page.getByTestId('pg-turn').count(), 'the earlier conversation is not continued').toBe(0);
  });

  it('sends as a pasted virtual key: its model list applies and its log row carries it', async () => {
    const created = await admin<{ key: string; info: { id: string } }>('keys.create', {
      alias: 'playground-e2e',
      models: ['chat'],
    });
    await page.getByTestId('pg-key-mode').selectOption('virtual');
    await page.getByTestId('pg-key-input').fill(created.key);
    // chat-large is not among the key's models: the gateway refuses it for this key.
    await send('May I use the large group?');
    const refused = await finished();
    expect(await refused.getAttribute('data-state')).toBe('failed');
    expect((await refused.textContent()) ?? '').toMatch(/chat-large|not allowed|model/i);
    // chat is: it answers, and the log row of that request is the key's.
    await page.getByTestId('pg-new-conversation').click();
    await page.getByTestId('pg-target-0').selectOption('chat');
    await send('And the small one?');
    const answer = await finished();
    expect(await answer.getAttribute('data-state')).toBe('finished');
    await expect
      .poll(() => answer.getByTestId('pg-request-link').getAttribute('data-request-id'))
      .toMatch(/^playground-/);
    const id = (await answer.getByTestId('pg-request-link').getAttribute('data-request-id'))!;
    const logged = await admin<{ rows: Array<{ id: string; keyId: string | null }> }>('logs.page', {
      filter: { search: id, keyId: created.info.id },
    });
    expect(logged.rows.map((r) => r.id)).toEqual([id]);
    // Back to the Playground's own key: the large group answers again.
    await page.getByTestId('pg-key-mode').selectOption('own');
    await expect.poll(() => page.getByTestId('pg-key-input').count()).toBe(0);
  });

  it('response_format json_schema: the answer is JSON of that schema, and View code shows it and the Anthropic SDK', async () => {
    await page.getByTestId('pg-new-conversation').click();
    await page.getByTestId('pg-target-0').selectOption('chat');
    await page.getByTestId('pg-toggle-settings').click();
    await page.getByTestId('pg-response-format').selectOption('json_schema');
    const schema = JSON.parse(await page.getByTestId('pg-json-schema').inputValue()) as { required: string[] };
    expect(schema.required).toEqual(['city', 'population']);
    await page.getByTestId('pg-toggle-settings').click();
    await send('Name a city and its population.');
    const answer = await finished();
    expect(await answer.getAttribute('data-state')).toBe('finished');
    const json = JSON.parse((await answer.getByTestId('pg-answer-content').textContent()) ?? '') as Record<
      string,
      unknown
    >;
    expect(typeof json.city).toBe('string');
    expect(Number.isInteger(json.population)).toBe(true);
    await page.getByTestId('pg-toggle-code').click();
    expect(await page.getByTestId('pg-code-text').textContent()).toContain('"response_format"');
    await page.getByTestId('pg-code-lang').getByText('Anthropic Python').click();
    const py = (await page.getByTestId('pg-code-text').textContent()) ?? '';
    expect(py).toContain('import anthropic');
    expect(py).toContain('client.messages.stream(');
    await shot(page, 'json-schema-dark');
    await page.getByTestId('pg-toggle-code').click();
  });

  it('a pasted image goes with the message as an image_url part', async () => {
    await page.getByTestId('pg-toggle-settings').click();
    await page.getByTestId('pg-response-format').selectOption('');
    await page.getByTestId('pg-toggle-settings').click();
    await page.getByTestId('pg-input').focus();
    // A paste event carrying a PNG file, as the browser makes one from the clipboard (a script: this
    // file is type-checked without the DOM library).
    await page.evaluate(`(() => {
      const bytes = Uint8Array.from(atob('${PNG_BASE64}'), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'pixel.png', { type: 'image/png' }));
      const input = document.querySelector('[data-testid="pg-input"]');
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    })()`);
    await expect.poll(() => page.getByTestId('pg-attachments').locator('img').count()).toBe(1);
    await send('What is in this picture?');
    const answer = await finished();
    // The engine saw an image_url part: a text-only vLLM model refuses exactly that.
    expect(await answer.getAttribute('data-state')).toBe('failed');
    expect(await answer.textContent()).toMatch(/not a multimodal model: content of type 'image_url'/);
    const sent = page.getByTestId('pg-turn').last().getByTestId('pg-user').locator('img');
    expect(await sent.getAttribute('src')).toBe(`data:image/png;base64,${PNG_BASE64}`);
    expect(await page.getByTestId('pg-attachments').count(), 'sent: the composer is cleared').toBe(0);
    await shot(page, 'image-dark');
  });

  it('looks right in the light theme, with no console errors', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    const light = await context.newPage();
    light.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`light ${m.type()}: ${m.text()}`);
    });
    await light.goto(serve.uiUrl.replace('#token=', '#/playground?target=chat&token='));
    await light.getByTestId('page-playground').waitFor();
    await expect.poll(() => light.getByTestId('pg-target-0').inputValue()).toBe('chat');
    await light.getByTestId('pg-key-mode').selectOption('virtual');
    await shot(light, 'key-picker-light');
    await context.close();
    expect(problems).toEqual([]);
  });
});
