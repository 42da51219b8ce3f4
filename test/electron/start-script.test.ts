// `npm start` (scripts/start.mjs): its decisions, and the fallback users get where Electron cannot
// start — one line saying why, then the headless UI serving and printing its URL.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net';

const ROOT = join(__dirname, '..', '..');

interface StartScript {
  displayProblem(platform: string, env: Record<string, string | undefined>): string | null;
  electronExecutable(root: string): string | null;
  missingBuildOutputs(root: string): string[];
  failureReason(output: string): string;
  parseArgs(argv: string[]): { prepareNative: boolean; dataDir: string | null; passThrough: string[] };
}

let start: StartScript;
beforeAll(async () => {
  start = (await import(pathToFileURL(join(ROOT, 'scripts', 'start.mjs')).href)) as StartScript;
});

describe('start.mjs decisions', () => {
  it('needs a display on Linux only', () => {
    expect(start.displayProblem('linux', {})).toBe('no display');
    expect(start.displayProblem('linux', { DISPLAY: ':0' })).toBeNull();
    expect(start.displayProblem('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
    expect(start.displayProblem('darwin', {})).toBeNull();
    expect(start.displayProblem('win32', {})).toBeNull();
  });

  it('finds the Electron binary only once it has been downloaded', () => {
    const root = mkdtempSync(join(tmpdir(), 'switchyard-start-'));
    try {
      const dir = join(root, 'node_modules', 'electron');
      mkdirSync(join(dir, 'dist'), { recursive: true });
      expect(start.electronExecutable(root)).toBeNull();
      writeFileSync(join(dir, 'path.txt'), 'electron');
      expect(start.electronExecutable(root)).toBeNull();
      writeFileSync(join(dir, 'dist', 'electron'), '');
      expect(start.electronExecutable(root)).toBe(join(dir, 'dist', 'electron'));
      expect(start.missingBuildOutputs(root)).toContain('out/cli/switchyard.cjs');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('turns a failed download or compile into a short reason', () => {
    expect(start.failureReason('TypeError: fetch failed\n    at node:internal/deps/undici')).toBe(
      'network unreachable: fetch failed',
    );
    expect(start.failureReason('prebuild-install warn install getaddrinfo ENOTFOUND github.com')).toBe(
      'network unreachable: getaddrinfo ENOTFOUND github.com',
    );
    expect(
      start.failureReason('gyp ERR! configure error\ngyp ERR! stack Error: not found: make\ngyp ERR! stack at x'),
    ).toBe('not found: make');
  });

  it('keeps its own flag and passes the rest through', () => {
    expect(start.parseArgs(['--prepare-native'])).toEqual({ prepareNative: true, dataDir: null, passThrough: [] });
    expect(start.parseArgs(['--data-dir', '/d', '--port', '4001'])).toEqual({
      prepareNative: false,
      dataDir: '/d',
      passThrough: ['--data-dir', '/d', '--port', '4001'],
    });
    expect(start.parseArgs(['--data-dir=/e']).dataDir).toBe('/e');
  });
});

describe('npm start without a display', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-start-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('says why in one line, serves the UI headless and prints its URL', async () => {
    const missing = start.missingBuildOutputs(ROOT);
    expect(missing, `build first (npm run build): missing ${missing.join(', ')}`).toEqual([]);
    const [port, uiPort] = [await freePort(), await freePort()];
    const env: Record<string, string | undefined> = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    // Elsewhere than Linux a display exists: force the fallback rather than download Electron.
    if (process.platform !== 'linux') env.SWITCHYARD_HEADLESS = '1';

    const child = spawn(
      process.execPath,
      [join(ROOT, 'scripts', 'start.mjs'), '--data-dir', dataDir, '--port', String(port), '--ui-port', String(uiPort)],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await expect
        .poll(() => output, { timeout: 30_000, interval: 100 })
        .toMatch(/ui listening on http:\/\/127\.0\.0\.1:\d+\/#token=\S+/);
      const lines = output.split('\n');
      expect(lines[0]).toBe(
        process.platform === 'linux'
          ? 'Electron cannot start here (no display): serving the UI headless instead'
          : 'Electron cannot start here (SWITCHYARD_HEADLESS=1): serving the UI headless instead',
      );
      expect(output).toContain(`ui listening on http://127.0.0.1:${uiPort}/#token=`);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
    } finally {
      // start.mjs passes SIGTERM on; serve shuts down cleanly and exits 0.
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, 'switchyard.db'))).toBe(true);
  });
});
