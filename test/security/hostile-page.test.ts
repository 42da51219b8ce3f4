// Finding 1 the way an attacker would do it: a web page on another origin, opened in real headless
// Chromium, points <img>, <script> and no-cors fetch() at every port `serve --demo` listens on
// (the UI/admin port, the gateway process's port, and the demo engines serve runs in-process) with
// paths decodeURIComponent refuses. Before the fix the first one killed serve; now each is
// answered (a 4xx on Switchyard's own ports) and serve keeps answering.
import { createServer, type Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, hasChromium, CHROMIUM_ARGS } from '../support/requirements';
import { listeningPorts, type ServeUnderFuzz, startServeUnderFuzz } from './support/serve-under-fuzz';

// The launch options of the e2e suites (docs/ENVIRONMENT.md).
const BAD_PATHS = ['/%', '/%c0%ae%c0%ae/', '/%ff', '/api/%', '/vllm/%', '/vllm/%c0%ae/v1/models', '/v1/%zz', '/x%00'];

describe.skipIf(!hasChromium())('finding 1: a hostile web page cannot kill serve', () => {
  let fuzzed: ServeUnderFuzz;
  let browser: Browser;
  let site: Server;
  let siteUrl: string;
  let origins: string[];
  const serve = () => fuzzed.serve;

  beforeAll(async () => {
    fuzzed = await startServeUnderFuzz();
    const ports = [...(await listeningPorts(fuzzed.serve.child.pid!)), ...(await listeningPorts(fuzzed.gatewayPid))];
    origins = [...new Set(ports)].map((p) => `http://127.0.0.1:${p}`);
    const targets = origins;
    const tags = targets.flatMap((origin) =>
      BAD_PATHS.flatMap((path) => [
        `<img src="${origin}${path}">`,
        `<script src="${origin}${path}"></script>`,
        `<script>fetch(${JSON.stringify(origin + path)}, { mode: 'no-cors' }).catch(() => {})</script>`,
      ]),
    );
    // The attacker's page, served from an origin of its own.
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>cat pictures</title>${tags.join('\n')}`);
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    siteUrl = `http://localhost:${(site.address() as { port: number }).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    site?.close();
    await fuzzed?.serve.stop();
  });

  it('every bad path on every port is answered (4xx on the UI and gateway ports, never a 5xx), and serve still answers', async () => {
    const own = [serve().adminUrl, serve().gatewayUrl];
    for (const origin of own) expect(origins).toContain(origin);
    // The UI, the gateway and the four demo engines.
    expect(origins.length).toBeGreaterThanOrEqual(6);
    const page = await browser.newPage();
    const answered: Array<{ url: string; status: number }> = [];
    const failed: string[] = [];
    page.on('response', (r) => {
      if (!r.url().startsWith(siteUrl)) answered.push({ url: r.url(), status: r.status() });
    });
    page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
    await page.goto(siteUrl, { waitUntil: 'load' });
    await page.waitForTimeout(500);
    await page.close();

    // Chromium may fold a repeated URL into one request; every path of both ports was answered.
    for (const origin of origins)
      for (const path of BAD_PATHS) {
        const answers = answered.filter((a) => a.url === origin + path);
        expect(answers.length, `${origin}${path} got no answer (failed: ${failed.join('; ')})`).toBeGreaterThan(0);
        for (const a of answers) expect(a.status, a.url).toBeLessThan(500);
        if (own.includes(origin)) for (const a of answers) expect(a.status, a.url).toBeGreaterThanOrEqual(400);
      }

    expect(serve().child.exitCode).toBeNull();
    expect((await fetch(`${serve().gatewayUrl}/health`)).status).toBe(200);
    expect((await fetch(`${serve().adminUrl}/`)).status).toBe(200);
    const status = await fetch(`${serve().adminUrl}/api/system.status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fuzzed.adminToken}` },
    });
    expect(status.status).toBe(200);
  });
});
