// End to end, click to deploy: `switchyard serve` (the built CLI) + the built UI in headless
// Chromium + the real Docker engine running the simulator image. Picks a catalog model, sets its
// arguments (image overridden to the simulator, no GPU, a small context), deploys, watches the
// phase bar reach Ready, reads the engine's startup lines in the log viewer, sends a request
// through the gateway under the served name, and removes it. Screenshots at every step, in both
// themes; no console errors allowed. Every container it makes is removed, even on failure.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSimImage, SIM_IMAGE_TAG } from 'vllm-sim';
import { CHROMIUM_PATH, hasChromium, hasDocker, CHROMIUM_ARGS } from '../support/requirements';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

const SCREENSHOTS = join('test-results', 'screenshots');
const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const NAME = `e2e-${run}`;
const FAILING = `e2e-fail-${run}`;
const SERVED = `qwen-e2e-${run}`;
const MASTER_KEY = `sk-e2e-deploy-${run}`;
const docker = new Docker();
// As in ui.test.ts (not imported from there: importing a test file would run its suite here too).

async function removeOurContainers(): Promise<void> {
  for (const name of [NAME, FAILING]) {
    const containers = await docker.listContainers({
      all: true,
      filters: { label: ['switchyard.managed=true', `switchyard.deployment=${name}`] },
    });
    await Promise.all(
      containers.map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  }
}

describe.skipIf(!hasChromium() || !hasDocker())('click to deploy in Chromium (simulator image)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const shot = async (name: string, dark = true) => {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(SCREENSHOTS, `deploy-${name}.png`), fullPage: true });
    if (!dark) return;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOTS, `deploy-${name}-dark.png`), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  };

  beforeAll(async () => {
    await buildSimImage({ docker });
    serve = await startServeProcess(['--master-key', MASTER_KEY]);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  }, 120_000);

  afterAll(async () => {
    await removeOurContainers();
    await browser?.close();
    await serve?.stop();
  });

  it('picks a catalog model and sets its arguments; the fit meter and the docker run line follow', async () => {
    await page.goto(serve.uiUrl);
    await page.getByTestId('page-overview').waitFor();
    await page.getByTestId('nav-deploy').click();
    await page.getByTestId('page-deploy').waitFor();
    await page.getByTestId('deploy-catalog-list').waitFor();
    await shot('catalog-all', false);
    await page.getByTestId('deploy-catalog-task-embed').click();
    expect(await page.getByTestId('catalog-model-BAAI/bge-m3').count()).toBe(1);
    expect(await page.getByTestId('catalog-model-Qwen/Qwen3-0.6B').count()).toBe(0);
    await page.getByTestId('deploy-catalog-task-all').click();
    await page.getByTestId('deploy-catalog-search').fill('qwen3 0.6');
    await page.getByTestId('catalog-model-Qwen/Qwen3-0.6B').click();

    expect(await page.getByTestId('deploy-model').inputValue()).toBe('Qwen/Qwen3-0.6B');
    expect(await page.getByTestId('deploy-name').inputValue()).toBe('qwen3-0.6b');
    expect(await page.getByTestId('deploy-extra-args').inputValue()).toContain('--reasoning-parser qwen3');
    await expect
      .poll(() => page.getByTestId('deploy-fit-verdict').textContent(), { timeout: 10_000 })
      .toMatch(/40,960 tokens/);
    await shot('catalog');

    // A bad name is refused by the API and shown beside its field. (Chromium logs the API's 400
    // reply as a console error: expected here, and only here.)
    const before = problems.length;
    await page.getByTestId('deploy-name').fill('Not Valid!');
    await expect
      .poll(() => page.getByTestId('deploy-name-error').textContent(), { timeout: 10_000 })
      .toMatch(/lower-case/);
    await page.waitForTimeout(300);
    problems.splice(
      before,
      problems.length - before,
      ...problems.slice(before).filter((p) => !/status of 400/.test(p)),
    );

    await page.getByTestId('deploy-name').fill(NAME);
    await page.getByTestId('deploy-served-name').fill(SERVED);
    await page.getByTestId('deploy-image').fill(SIM_IMAGE_TAG);
    const info = (await docker.info()) as { Runtimes?: Record<string, unknown> };
    if (!info.Runtimes?.nvidia) await page.getByTestId('deploy-gpus-no-runtime').waitFor();
    await page.getByTestId('deploy-gpus-none').click();
    expect(await page.getByTestId('deploy-gpus-none').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('deploy-max-model-len').fill('4096');
    const extra = await page.getByTestId('deploy-extra-args').inputValue();
    // The simulator spreads its startup log over 6 s, so each phase is seen on the way.
    await page.getByTestId('deploy-extra-args').fill(`${extra} --startup-s 6`);

    await expect
      .poll(() => page.getByTestId('deploy-fit-verdict').textContent(), { timeout: 10_000 })
      .toMatch(/4,096 tokens/);
    await expect
      .poll(() => page.getByTestId('deploy-plan-docker-run').textContent(), { timeout: 10_000 })
      // The last field typed: the plan preview is debounced and must have caught up with all of them.
      .toContain('--startup-s 6');
    const dockerRun = (await page.getByTestId('deploy-plan-docker-run').textContent())!;
    expect(dockerRun).toMatch(/^docker run/);
    expect(dockerRun).toContain('--max-model-len 4096');
    expect(dockerRun).toContain(`--served-model-name ${SERVED}`);
    expect(dockerRun).not.toContain('--gpus');
    await shot('form');
    await page.getByTestId('deploy-plan-view-compose').click();
    await expect.poll(() => page.getByTestId('deploy-plan-compose').textContent()).toContain(SIM_IMAGE_TAG);
    await shot('compose', false);
  });

  it("deploys and watches the phase bar reach Ready, with vLLM's logged KV figures beside the estimate", async () => {
    await page.getByTestId('deploy-submit').click();
    await page.getByTestId('page-deployments').waitFor();
    const card = page.getByTestId(`deployment-card-${NAME}`);
    await card.waitFor();
    const phase = page.getByTestId(`deployment-phase-${NAME}`);
    const seen: string[] = [];
    let midShot = false;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const p = (await phase.getAttribute('data-phase')) ?? '';
      if (seen[seen.length - 1] !== p) seen.push(p);
      if (!midShot && ['downloading', 'loading', 'compiling'].includes(p)) {
        midShot = true;
        await page.screenshot({ path: join(SCREENSHOTS, 'deploy-progress.png'), fullPage: true });
      }
      if (p === 'ready' || p === 'failed' || Date.now() > deadline) break;
      await page.waitForTimeout(100);
    }
    expect(seen[seen.length - 1], `${seen.join(' → ')}: ${await card.textContent()}`).toBe('ready');
    expect(
      seen.some((p) => ['starting', 'downloading', 'loading', 'compiling'].includes(p)),
      seen.join(' → '),
    ).toBe(true);
    expect(await page.getByTestId(`deployment-state-${NAME}`).textContent()).toBe('Ready');
    await expect.poll(() => page.getByTestId(`deployment-kv-${NAME}-logged-tokens`).textContent()).toMatch(/^[\d,]+$/);
    expect(await page.getByTestId(`deployment-kv-${NAME}-predicted-tokens`).textContent()).toMatch(/^[\d,]+$/);
    expect(await page.getByTestId(`deployment-kv-${NAME}-logged-maxModelLen`).textContent()).toBe('4,096');
    await shot('ready');

    // Progress is the server's: leaving the page and coming back shows the same state.
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('page-overview').waitFor();
    await page.getByTestId('nav-deployments').click();
    await expect.poll(() => page.getByTestId(`deployment-phase-${NAME}`).getAttribute('data-phase')).toBe('ready');
  });

  it("opens its log: vLLM's startup lines, searchable", async () => {
    await page.getByTestId(`deployment-logs-toggle-${NAME}`).click();
    const lines = page.getByTestId(`deployment-logs-${NAME}-lines`);
    await expect.poll(() => lines.textContent(), { timeout: 10_000 }).toContain('Application startup complete.');
    expect(await lines.textContent()).toContain('GPU KV cache size:');
    await page.getByTestId(`deployment-logs-${NAME}-search`).fill('kv cache');
    await expect
      .poll(() => page.getByTestId(`deployment-logs-${NAME}-matches`).textContent())
      .toMatch(/^[1-9]\d* matching line/);
    expect(await lines.locator('mark').count()).toBeGreaterThan(0);
    await shot('logs');
    await page.getByTestId(`deployment-logs-${NAME}-only-matching`).check();
    await expect.poll(() => lines.textContent()).not.toContain('Application startup complete.');
    await shot('logs-filtered', false);
  });

  it('serves a request through the gateway under its served model name', async () => {
    let status = 0;
    let body: { choices?: { message: { content: string } }[]; model?: string } = {};
    await expect
      .poll(
        async () => {
          const res = await fetch(`${serve.gatewayUrl}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${MASTER_KEY}` },
            body: JSON.stringify({
              model: SERVED,
              messages: [{ role: 'user', content: 'Say hello.' }],
              max_tokens: 16,
              // Deployed with Qwen3's reasoning parser: without this the 16 tokens go to thinking.
              chat_template_kwargs: { enable_thinking: false },
            }),
          });
          status = res.status;
          body = (await res.json()) as typeof body;
          return status;
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(200);
    expect(body.choices?.[0]?.message.content.length).toBeGreaterThan(0);
  });

  it("shows the engine's KV-cache usage and generation tok/s as live sparklines, scraped every 5 s", async () => {
    await page.getByTestId(`deployment-logs-toggle-${NAME}`).click(); // closed, for a clean picture
    // Traffic through the gateway while the scraper reads (4 at a time), so both lines have something to show.
    let sending = true;
    const traffic = Promise.all(
      Array.from({ length: 4 }, async (_, lane) => {
        while (sending) {
          await fetch(`${serve.gatewayUrl}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${MASTER_KEY}` },
            body: JSON.stringify({
              model: SERVED,
              messages: [{ role: 'user', content: `Count to ${lane + 3}.` }],
              max_tokens: 256,
            }),
          })
            .then((r) => r.text())
            .catch(() => undefined);
        }
      }),
    );
    const spark = page.getByTestId(`deployment-spark-${NAME}`);
    await spark.waitFor();
    // The card loaded what was stored since Ready; the event adds a sample every round (~12 s: 2+).
    await page.waitForTimeout(12_000);
    sending = false;
    await traffic;
    await expect
      .poll(async () => Number(await spark.getAttribute('data-samples')), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId(`deployment-spark-${NAME}-kv`).textContent()).toMatch(/^\d+(\.\d)? %$/);
    await expect
      .poll(() => page.getByTestId(`deployment-spark-${NAME}-tps`).textContent(), { timeout: 15_000 })
      .toMatch(/^[\d,.]+ tok\/s$/);
    expect(await spark.locator('.spark-chart-kvPct .recharts-line-curve').count()).toBe(1);
    expect(await spark.locator('[role="img"][aria-label^="KV-cache usage, last 15 minutes"]').count()).toBe(1);
    const before = Number(await spark.getAttribute('data-samples'));
    await expect
      .poll(async () => Number(await spark.getAttribute('data-samples')), { timeout: 15_000 })
      .toBeGreaterThan(before);
    await page
      .getByTestId(`deployment-card-${NAME}`)
      .screenshot({ path: join(SCREENSHOTS, 'deploy-sparkline-card.png') });
    await shot('sparkline');
  });

  it('removes it after a confirmation; its container is gone', async () => {
    await page.getByTestId(`deployment-remove-${NAME}`).click();
    await page.getByTestId(`deployment-remove-${NAME}-confirm`).waitFor();
    await shot('remove-confirm', false);
    await page.getByTestId(`deployment-remove-${NAME}-confirm`).click();
    await page.getByTestId('deployments-empty').waitFor({ timeout: 20_000 });
    const left = await docker.listContainers({ all: true, filters: { label: [`switchyard.deployment=${NAME}`] } });
    expect(left).toEqual([]);
    await shot('removed', false);
  });

  it('a start that fails says why, with the log line that proves it', async () => {
    await page.getByTestId('nav-deploy').click();
    await page.getByTestId('deploy-catalog-search').fill('qwen3 0.6');
    await page.getByTestId('catalog-model-Qwen/Qwen3-0.6B').click();
    await page.getByTestId('deploy-name').fill(FAILING);
    await page.getByTestId('deploy-image').fill(SIM_IMAGE_TAG);
    await page.getByTestId('deploy-gpus-none').click();
    await page.getByTestId('deploy-max-model-len').fill('4096');
    // 100 blocks of 16 tokens cannot hold one 4096-token sequence: vLLM refuses to start.
    await page.getByTestId('deploy-extra-args').fill('--num-gpu-blocks-override 100');
    await expect
      .poll(() => page.getByTestId('deploy-plan-docker-run').textContent(), { timeout: 10_000 })
      .toContain('--num-gpu-blocks-override 100');
    await page.getByTestId('deploy-submit').click();
    await expect
      .poll(() => page.getByTestId(`deployment-phase-${FAILING}`).getAttribute('data-phase'), { timeout: 60_000 })
      .toBe('failed');
    await expect
      .poll(() => page.getByTestId(`deployment-reason-${FAILING}`).textContent(), { timeout: 10_000 })
      .toMatch(/KV cache|max.model.len/i);
    expect(await page.getByTestId(`deployment-evidence-${FAILING}`).textContent()).toMatch(/ValueError|KV cache/);
    expect(await page.getByTestId(`deployment-state-${FAILING}`).textContent()).toBe('Failed');
    await shot('failed');
    await page.getByTestId(`deployment-remove-${FAILING}`).click();
    await page.getByTestId(`deployment-remove-${FAILING}-confirm`).click();
    await page.getByTestId('deployments-empty').waitFor({ timeout: 20_000 });
  });

  it('shows the host and its GPUs (or says plainly there is no NVIDIA runtime)', async () => {
    await page.getByTestId('nav-hosts').click();
    await page.getByTestId('page-hosts').waitFor();
    await expect
      .poll(() => page.getByTestId('host-reachable-local').textContent(), { timeout: 10_000 })
      .toMatch(/Reachable/);
    const info = (await docker.info()) as { Runtimes?: Record<string, unknown> };
    if (info.Runtimes?.nvidia) await page.getByTestId('host-gpus-local-table').waitFor({ timeout: 60_000 });
    else
      await expect
        .poll(() => page.getByTestId('host-gpus-local-no-runtime').textContent(), { timeout: 10_000 })
        .toMatch(/No NVIDIA runtime on this host/);
    await shot('hosts');
  });

  it('renders GPUs as nvidia-smi reports them, on Hosts and in the Deploy picker (GPU figures stubbed)', async () => {
    // This engine may have no GPU: the two calls that report GPUs are answered with figures from
    // an L4 box so that the GPU rendering is seen; everything else stays real.
    const gpu = (index: number, usedMib: number, util: number) => ({
      index,
      uuid: `GPU-5f3c9a1e-0000-4000-8000-00000000000${index}`,
      name: 'NVIDIA L4',
      memoryTotalMib: 23034,
      memoryUsedMib: usedMib,
      utilizationPct: util,
      temperatureC: 41 + index * 12,
      powerDrawW: index ? 58.3 : null,
    });
    await page.route('**/api/hosts.gpus', (route) =>
      route.fulfill({
        json: {
          result: {
            hostId: 'local',
            available: true,
            driverVersion: '550.54.15',
            gpus: [gpu(0, 512, 0), gpu(1, 21800, 97)],
            problem: null,
            unifiedMemory: false,
            at: new Date().toISOString(),
          },
        },
      }),
    );
    await page.route('**/api/system.checkDocker', async (route) => {
      const real = (await (await route.fetch()).json()) as { result: Record<string, unknown> };
      await route.fulfill({ json: { result: { ...real.result, nvidiaRuntime: true } } });
    });
    await page.getByTestId('hosts-docker-recheck').click();
    await page.getByTestId('host-gpus-local-refresh').click();
    await page.getByTestId('gpu-local-1').waitFor();
    expect(await page.getByTestId('gpu-local-1').textContent()).toMatch(/21\.3 GiB of 22\.5 GiB.*97 %.*53 °C.*58 W/);
    await shot('hosts-gpus');

    await page.getByTestId('nav-deploy').click();
    await page.getByTestId('deploy-catalog-search').fill('qwen3 8b');
    await page.getByTestId('catalog-model-Qwen/Qwen3-8B').click();
    await page.getByTestId('deploy-gpus-indices').click();
    await page.getByTestId('deploy-gpu-0').check();
    await expect
      .poll(() => page.getByTestId('deploy-fit').textContent(), { timeout: 10_000 })
      .toContain('1 × NVIDIA L4 (22.5 GiB)');
    await page.getByTestId('deploy-max-model-len').fill('65536');
    await expect
      .poll(() => page.getByTestId('deploy-fit-badge').textContent(), { timeout: 10_000 })
      .toMatch(/Fits with a smaller context|Does not fit/);
    await shot('gpu-picker');
    await page.unroute('**/api/hosts.gpus');
    await page.unroute('**/api/system.checkDocker');
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
