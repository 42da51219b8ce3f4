// The namespace "second GPU box" for the remote-host suites: whether this machine can make one,
// bringing it up (scripts/netns-box.sh, on a subnet of the suite's own so suites never share one)
// and down, and a real `serve` to drive through its admin API.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type RunningServer, serve } from '../../electron/core/serve';
import { bundleEntry } from '../support/bundle';
import { freePort } from '../support/net';
import { hasDocker, IN_CI } from '../support/requirements';

export const BOX_SCRIPT = resolve(__dirname, '../../scripts/netns-box.sh');

export function boxProblem(): string | null {
  if (process.getuid?.() !== 0) return 'the namespace box needs root (ip netns, nsenter, dockerd)';
  for (const tool of ['ip', 'nsenter', 'openssl', 'dockerd'])
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
    } catch {
      return `${tool} is not installed (apt-get install iproute2 util-linux openssl docker.io)`;
    }
  return null;
}

/** Whether the box can be made here; under CI=true a missing part fails instead of skipping. */
export function hasBox(extra: () => string | null = () => null): boolean {
  const problem = boxProblem() ?? extra();
  if (!problem) return hasDocker();
  if (IN_CI) throw new Error(`The namespace box is required under CI=true: ${problem}`);
  console.warn(`[skip] remote-host suite skipped: ${problem}`);
  return false;
}

export interface Box {
  dir: string;
  vars: Record<string, string>;
  down(): void;
}

/** Brings a box up on `subnet` (three octets), taking it down again if bringing it up fails. */
export function boxUp(subnet: string): Box {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-box-'));
  const down = () => {
    try {
      execFileSync(BOX_SCRIPT, ['down', dir], { stdio: 'ignore', timeout: 30_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const out = execFileSync(BOX_SCRIPT, ['up', dir, subnet], { encoding: 'utf8', timeout: 90_000 });
    const vars = Object.fromEntries(
      out
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    return { dir, vars, down };
  } catch (err) {
    down();
    throw err;
  }
}

export type Reply = { status: number; body: { result?: any; error?: { message: string } } };

export interface Instance {
  server: RunningServer;
  gatewayUrl: string;
  post(call: string, body: unknown): Promise<Reply>;
}

export async function startInstance(dataDir: string, masterKey: string): Promise<Instance> {
  const gatewayEntry = await bundleEntry('electron/core/gateway/process-entry.ts', 'gateway');
  const port = await freePort();
  const server = await serve({
    dataDir,
    port,
    uiPort: 0,
    masterKey,
    bundleDir: dirname(gatewayEntry),
    log: () => {},
  });
  const token = new URL(server.uiUrl).hash.replace('#token=', '');
  const post = async (call: string, body: unknown): Promise<Reply> => {
    const res = await fetch(`${server.admin.url}/api/${call}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Reply['body'] };
  };
  return { server, gatewayUrl: `http://127.0.0.1:${port}`, post };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
