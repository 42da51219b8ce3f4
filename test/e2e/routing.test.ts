// End to end: the routing editor in real headless Chromium against `switchyard serve --demo`.
// A route is built by dragging (a new group → two simulator targets at 3:1, falling back to another
// group), applied, and 200 requests through the official openai SDK split near 3:1 — in the
// response headers and in the graph's edge labels. Then one target is stopped (its node turns red,
// traffic moves), then the other (traffic follows the fallback), and undo + apply restores the
// previous table. Screenshots at each step in test-results/screenshots/routing-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startSimulator, type RunningSimulator } from 'vllm-sim';
import { CHROMIUM_PATH, hasChromium, CHROMIUM_ARGS } from '../support/requirements';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

const SCREENSHOTS = join('test-results', 'screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `routing-${name}.png`) });

describe.skipIf(!hasChromium())('routing editor in Chromium', () => {
  let serve: ServeProcess;
  let browser: Browser;
  const sims: Record<string, RunningSimulator> = {};
  let token = '';

  const admin = async <T = any>(name: string, body: unknown = {}): Promise<T> => {
    const res = await fetch(`${serve.adminUrl}/api/${name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { result?: T; error?: { message: string } };
    if (!res.ok) throw new Error(`${name}: ${json.error?.message}`);
    return json.result as T;
  };

  beforeAll(async () => {
    serve = await startServeProcess(['--demo']);
    token = new URL(serve.uiUrl).hash.replace('#token=', '');
    for (const name of ['e2e-a', 'e2e-b', 'e2e-backup']) {
      sims[name] = await startSimulator({
        model: name,
        host: '127.0.0.1',
        port: 0,
        startupS: 0,
        statsIntervalS: 0,
        accessLog: false,
        log: () => {},
        ttftMs: 3,
        itlMs: 1,
      });
      await sims[name].ready;
    }
    // Register the simulators as external servers: the demo's config plus three entries, imported
    // whole (config.importLitellm); then the two helper groups the import made are dropped again.
    const config = parse((await admin<{ yaml: string }>('config.exportLitellm', { includeSecrets: true })).yaml);
    const entry = (group: string, sim: string) => ({
      model_name: group,
      litellm_params: { model: `hosted_vllm/${sim}`, api_base: `${sims[sim].url}/v1` },
      model_info: { id: sim },
    });
    config.model_list.push(entry('e2e-a', 'e2e-a'), entry('e2e-b', 'e2e-b'), entry('backup', 'e2e-backup'));
    await admin('config.importLitellm', { yaml: stringify(config) });
    const graph = await admin('routing.graph');
    await admin('routing.apply', {
      table: {
        ...graph.table,
        groups: graph.table.groups.filter((g: { name: string }) => g.name !== 'e2e-a' && g.name !== 'e2e-b'),
      },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await Promise.all(Object.values(sims).map((s) => s.close().catch(() => {})));
  });

  /** Drags from one handle to another with the mouse, in small steps, as a person would. */
  async function drag(page: Page, from: string, to: string) {
    const a = (await page.getByTestId(from).boundingBox())!;
    const b = (await page.getByTestId(to).boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++)
      await page.mouse.move(a.x + a.width / 2 + ((b.x - a.x) * i) / 12, a.y + a.height / 2 + ((b.y - a.y) * i) / 12);
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    if (process.env.DRAG_DEBUG) await shot(page, 'drag-debug');
    await page.mouse.up();
  }

  async function send(client: OpenAI, n: number, concurrency = 8): Promise<Record<string, number>> {
    const served: Record<string, number> = {};
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) {
          next += 1;
          const { response } = await client.chat.completions
            .create({ model: 'e2e-route', messages: [{ role: 'user', content: 'route me' }], max_tokens: 4 })
            .withResponse();
          const by = response.headers.get('x-switchyard-deployment') ?? 'none';
          served[by] = (served[by] ?? 0) + 1;
        }
      }),
    );
    return served;
  }

  const edgeFigures = async (page: Page, id: string) => {
    const label = page.getByTestId(`edge-label-${id}`);
    return {
      share: Number(await label.getAttribute('data-share')),
      requests: Number(await label.getAttribute('data-requests')),
    };
  };

  it('builds a route by dragging, applies it, splits 3:1, follows the fallback, and undo restores the table', async () => {
    const before = (await admin('routing.graph')).table;
    const context = await browser.newContext({ viewport: { width: 1560, height: 980 }, colorScheme: 'dark' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(serve.uiUrl);
    await page.getByTestId('nav-routing').click();
    await page.getByTestId('group-node-chat').waitFor();
    await page.getByTestId('target-node-endpoint:e2e-a').waitFor();
    await expect.poll(() => page.getByTestId('routing-status').textContent()).toBe('Applied');
    await shot(page, '1-start');

    // A new group, named in place.
    await page.getByTestId('routing-add-group').click();
    await page.getByTestId('group-name-new-group').fill('e2e-route');
    await page.getByTestId('group-name-new-group').press('Enter');
    await page.getByTestId('group-node-e2e-route').waitFor();
    await page.getByTestId('routing-auto-layout').click();
    await page.waitForTimeout(400);
    // It has no targets yet: the problem shows on the node.
    await expect.poll(() => page.getByTestId('group-problems-e2e-route').textContent()).toMatch(/no targets/);

    await drag(page, 'group-out-e2e-route', 'target-in-endpoint:e2e-a');
    await drag(page, 'group-out-e2e-route', 'target-in-endpoint:e2e-b');
    await drag(page, 'group-out-e2e-route', 'group-in-backup');
    await page.getByTestId('edge-label-e2e-route--endpoint:e2e-a').waitFor();
    await page.getByTestId('edge-label-e2e-route--endpoint:e2e-b').waitFor();
    await page.getByTestId('fallback-label-e2e-route--backup').waitFor();
    await page.getByTestId('routing-auto-layout').click();
    await page.waitForTimeout(400);
    await page.getByTestId('edge-weight-e2e-route--endpoint:e2e-a').fill('3');
    await page.getByTestId('edge-weight-e2e-route--endpoint:e2e-a').press('Enter');
    await expect.poll(() => page.getByTestId('routing-status').textContent()).toBe('1 change not applied');
    expect(await page.getByTestId('group-problems-e2e-route').count()).toBe(0);
    await shot(page, '2-built');

    // The diff before Apply, then Apply.
    await page.getByTestId('routing-apply').click();
    await page.getByTestId('routing-apply-dialog').waitFor();
    const diffText = await page.getByTestId('routing-apply-changes').textContent();
    expect(diffText).toContain('New group e2e-route');
    expect(diffText).toContain('endpoint e2e-a (weight 3, order 0)');
    expect(diffText).toContain('falls back to backup');
    await shot(page, '3-diff');
    await page.getByTestId('routing-apply-confirm').click();
    await expect.poll(() => page.getByTestId('routing-apply-outcome').textContent()).toMatch(/Applied/);
    await expect.poll(() => page.getByTestId('routing-status').textContent()).toBe('Applied');
    const applied = (await admin('routing.graph')).table.groups.find((g: { name: string }) => g.name === 'e2e-route');
    expect(applied).toMatchObject({
      fallbacks: ['backup'],
      targets: [
        { ref: 'e2e-a', weight: 3 },
        { ref: 'e2e-b', weight: 1 },
      ],
    });

    // 200 requests through the gateway with the official SDK: near 3:1 in the headers…
    const { key } = await admin<{ key: string }>('keys.create', { alias: 'routing-e2e' });
    const client = new OpenAI({ baseURL: `${serve.gatewayUrl}/v1`, apiKey: key, maxRetries: 0 });
    const split = await send(client, 200);
    expect((split['e2e-a'] ?? 0) + (split['e2e-b'] ?? 0)).toBe(200);
    expect(split['e2e-a'] / 200).toBeGreaterThan(0.65);
    expect(split['e2e-a'] / 200).toBeLessThan(0.85);
    // …and in the graph's edge labels (the page refreshes its figures every 5 s).
    await expect
      .poll(async () => (await edgeFigures(page, 'e2e-route--endpoint:e2e-a')).requests, { timeout: 12_000 })
      .toBe(split['e2e-a']);
    const a = await edgeFigures(page, 'e2e-route--endpoint:e2e-a');
    const b = await edgeFigures(page, 'e2e-route--endpoint:e2e-b');
    expect(a.share).toBeCloseTo(split['e2e-a'] / 200, 5);
    expect(b.requests).toBe(split['e2e-b']);
    expect(await page.getByTestId('edge-traffic-e2e-route--endpoint:e2e-a').textContent()).toMatch(
      new RegExp(`^${Math.round(a.share * 100)}% · ${split['e2e-a']} req · 0% err$`),
    );
    await shot(page, '4-split');

    // One target stops: every request is still served (by the other); its node turns red.
    await sims['e2e-a'].close();
    const afterOne = await send(client, 60, 4);
    expect(afterOne).toEqual({ 'e2e-b': 60 });
    await expect
      .poll(() => page.getByTestId('target-node-endpoint:e2e-a').getAttribute('data-state'), { timeout: 12_000 })
      .toMatch(/^(cooldown|down)$/);
    expect(await page.getByTestId('target-node-endpoint:e2e-b').getAttribute('data-state')).toBe('ready');
    await shot(page, '5-one-stopped');

    // The other stops too: traffic follows the fallback to `backup`, and both nodes are red.
    await sims['e2e-b'].close();
    const afterBoth = await send(client, 40, 4);
    expect(afterBoth).toEqual({ 'e2e-backup': 40 });
    await expect
      .poll(() => page.getByTestId('target-node-endpoint:e2e-b').getAttribute('data-state'), { timeout: 12_000 })
      .toMatch(/^(cooldown|down)$/);
    await expect
      .poll(async () => (await edgeFigures(page, 'backup--endpoint:e2e-backup')).requests, { timeout: 12_000 })
      .toBe(40);
    const redBorder = await page
      .getByTestId('target-node-endpoint:e2e-a')
      .evaluate(
        (el) =>
          (
            el.ownerDocument.defaultView as unknown as { getComputedStyle(e: typeof el): { borderLeftColor: string } }
          ).getComputedStyle(el).borderLeftColor,
      );
    expect(redBorder).toMatch(/rgb\((2[0-9]{2}|1[5-9][0-9]), (\d{1,2}|1[01]\d), (\d{1,2}|1[01]\d)\)/); // a red
    await shot(page, '6-fallback');

    // Undo walks back every edit; applying that restores the previous table.
    for (let i = 0; i < 10 && (await page.getByTestId('routing-undo').isEnabled()); i++)
      await page.getByTestId('routing-undo').click();
    await expect(page.getByTestId('group-node-e2e-route').count()).resolves.toBe(0);
    await expect.poll(() => page.getByTestId('routing-status').textContent()).toBe('1 change not applied');
    await page.getByTestId('routing-apply').click();
    expect(await page.getByTestId('routing-apply-changes').textContent()).toContain('Group e2e-route removed');
    await page.getByTestId('routing-apply-confirm').click();
    await expect.poll(() => page.getByTestId('routing-status').textContent()).toBe('Applied');
    expect((await admin('routing.graph')).table).toEqual(before);
    // Redo (keyboard) brings the first step back into the draft (the group, before it was named); undo removes it.
    await page.keyboard.press('Control+Shift+Z');
    await page.getByTestId('group-node-new-group').waitFor();
    await page.keyboard.press('Control+Z');
    await expect.poll(() => page.getByTestId('group-node-new-group').count()).toBe(0);
    expect(await page.getByTestId('routing-changed-elsewhere').count()).toBe(0);
    await shot(page, '7-undone');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows validation problems on the nodes, the YAML, and a dropped bad LiteLLM file with its line', async () => {
    const context = await browser.newContext({ viewport: { width: 1560, height: 980 }, colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(serve.uiUrl);
    await page.getByTestId('nav-routing').click();
    await page.getByTestId('group-node-chat').waitFor();
    // chat-large → chat closes a cycle with chat → chat-large.
    await expect.poll(() => page.getByTestId('routing-status').textContent()).toBe('Applied');
    await page.waitForTimeout(500);
    await drag(page, 'group-out-chat-large', 'group-in-chat');
    await expect
      .poll(() => page.getByTestId('group-problems-chat-large').textContent({ timeout: 1_000 }))
      .toMatch(/cycle \(chat-large → chat → chat-large\)|cycle \(chat → chat-large → chat\)/);
    expect(await page.getByTestId('routing-apply').isDisabled()).toBe(true);
    await page.getByTestId('routing-panel-tab-problems').click();
    await page.getByTestId('routing-problem-fallback-cycle').first().waitFor();
    await shot(page, '8-problems-light');
    await page.keyboard.press('Control+Z');
    await expect.poll(() => page.getByTestId('group-problems-chat-large').count()).toBe(0);

    await page.getByTestId('routing-panel-tab-yaml').click();
    await expect.poll(() => page.getByTestId('routing-yaml').textContent()).toMatch(/model_name: chat-large/);
    await shot(page, '9-yaml-light');

    const bad = 'model_list:\n  - model_name: broken\n    litellm_params:\n      api_base: http://127.0.0.1:1/v1\n';
    // A real drop event carrying a file, as the browser makes it when a file is dropped on the page.
    const dataTransfer = await page.evaluateHandle(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([${JSON.stringify(bad)}], 'bad-config.yaml', { type: 'text/yaml' }));
      return dt;
    })()`);
    await page.dispatchEvent('[data-testid="routing-editor"]', 'drop', { dataTransfer });
    await expect
      .poll(() => page.getByTestId('routing-import-outcome').textContent())
      .toMatch(/bad-config\.yaml was not imported[\s\S]*line 3/);
    await shot(page, '10-import-error-light');
    await context.close();
  }, 60_000);
});
