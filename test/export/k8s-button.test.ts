// End to end, the Kubernetes hand-off from the Deployments page: `switchyard serve` (the built CLI)
// and the built UI in headless Chromium. A two-GPU tensor-parallel deployment recorded in the
// instance's SQLite file shows its card; its Kubernetes button writes the manifests (through
// export.kubernetes), lists the Secrets to create and saves the YAML as a file, which validates
// against the Kubernetes schemas. No console errors allowed.
import { readFileSync } from 'node:fs';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { Store } from '../../electron/core/store';
import { DeploymentSpec } from '../../shared/deployment-schemas';
import { CHROMIUM_PATH, hasChromium, CHROMIUM_ARGS } from '../support/requirements';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

const NAME = 'llama-tp2';

describe.skipIf(!hasChromium())('the Kubernetes button on a deployment card (Chromium)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    serve = await startServeProcess();
    // The row the Deploy page would have recorded; no container is needed to export it.
    const store = Store.open(serve.dataDir);
    store.deployments.insert(
      DeploymentSpec.parse({
        name: NAME,
        model: 'meta-llama/Llama-3.3-70B-Instruct',
        gpus: { kind: 'indices', indices: [0, 1] },
        engineArgs: ['--tensor-parallel-size', '2'],
      }),
      'meta-llama/Llama-3.3-70B-Instruct',
      8123,
      Date.now(),
    );
    store.close();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows the manifests with two GPUs and the Secrets, and saves a file that validates', async () => {
    await page.goto(serve.uiUrl);
    await page.getByTestId('nav-deployments').click();
    await page.getByTestId(`deployment-k8s-toggle-${NAME}`).click();
    const yamlBox = page.getByTestId(`deployment-k8s-${NAME}-yaml`);
    await expect
      .poll(async () => (await yamlBox.textContent()) ?? '', { timeout: 10_000 })
      .toContain('nvidia.com/gpu: 2');
    const panel = await page.getByTestId(`deployment-k8s-${NAME}`).textContent();
    expect(panel).toContain('switchyard-engine-keys');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(`deployment-k8s-${NAME}-download`).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${NAME}.k8s.yaml`);
    const saved = readFileSync((await download.path()) as string, 'utf8');
    const objects = parseAllDocuments(saved).map((d) => d.toJS());
    expect(objects.map((o) => o.kind)).toEqual(['PersistentVolumeClaim', 'Deployment', 'Service']);
    new Deployment(objects[1]).validate();
    await page.screenshot({ path: 'test-results/screenshots/deployments-kubernetes.png', fullPage: true });
    expect(problems).toEqual([]);
  });
});
