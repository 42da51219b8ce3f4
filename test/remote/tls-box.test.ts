// A remote Docker host for real: scripts/netns-box.sh makes a "second GPU box" (its own network
// namespace, veth pair and dockerd listening on tcp://…:2376 with TLS certificates made by
// openssl, the simulator image loaded). Through the admin API of a real `serve`, the box is added
// with its certificate folder and checked, the simulator is deployed there (listening on the box's
// address behind its generated engine key), and the gateway reaches it; with the link down the
// host is reported unreachable with the reason, and once back it is reconciled with no duplicate
// container. Only the namespace's own address is contacted.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, serve } from '../../electron/core/serve';
import { ensureSimImage } from '../docker/support';
import { bundleEntry } from '../support/bundle';
import { freePort } from '../support/net';
import { hasDocker, IN_CI } from '../support/requirements';

const SCRIPT = resolve(__dirname, '../../scripts/netns-box.sh');
const MASTER_KEY = 'sk-master-remote-box-5b1f0e9c7d3a';

function boxProblem(): string | null {
  if (process.getuid?.() !== 0) return 'the namespace box needs root (ip netns, nsenter, dockerd)';
  for (const tool of ['ip', 'nsenter', 'openssl', 'dockerd'])
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
    } catch {
      return `${tool} is not installed (apt-get install iproute2 util-linux openssl docker.io)`;
    }
  return null;
}

function hasBox(): boolean {
  const problem = boxProblem();
  if (!problem) return hasDocker();
  if (IN_CI) throw new Error(`The namespace box is required under CI=true: ${problem}`);
  console.warn(`[skip] remote-host suites skipped: ${problem}`);
  return false;
}

type Reply = { status: number; body: { result?: any; error?: { message: string } } };

describe.runIf(hasBox())('a tcp:// TLS host in its own network namespace', () => {
  const boxDir = mkdtempSync(join(tmpdir(), 'switchyard-box-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-remote-'));
  let box: Record<string, string> = {};
  let server: RunningServer;
  let adminUrl = '';
  let token = '';
  let gatewayUrl = '';
  const name = `box-${process.pid}`;

  const post = async (call: string, body: unknown): Promise<Reply> => {
    const res = await fetch(`${adminUrl}/api/${call}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Reply['body'] };
  };

  beforeAll(async () => {
    await ensureSimImage();
    const started = Date.now();
    const out = execFileSync(SCRIPT, ['up', boxDir], { encoding: 'utf8', timeout: 60_000 });
    box = Object.fromEntries(
      out
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    console.log(`[remote] namespace box up at ${box.BOX_ENDPOINT} in ${Date.now() - started} ms`);
    const gatewayEntry = await bundleEntry('electron/core/gateway/process-entry.ts', 'gateway');
    const port = await freePort();
    server = await serve({
      dataDir,
      port,
      uiPort: 0,
      masterKey: MASTER_KEY,
      bundleDir: dirname(gatewayEntry),
      log: () => {},
    });
    adminUrl = server.admin.url;
    token = new URL(server.uiUrl).hash.replace('#token=', '');
    gatewayUrl = `http://127.0.0.1:${port}`;
  }, 90_000);

  afterAll(async () => {
    await server?.close();
    execFileSync(SCRIPT, ['down', boxDir], { stdio: 'ignore', timeout: 30_000 });
    rmSync(boxDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('adds the box with its certificate folder and shows its engine facts', async () => {
    const added = await post('hosts.add', { name: 'box', endpoint: box.BOX_ENDPOINT, tlsCertDir: box.BOX_CERTS });
    expect(added.status, added.body.error?.message).toBe(200);
    const checked = await post('hosts.check', { id: added.body.result.id });
    expect(checked.body.result).toMatchObject({ reachable: true, endpoint: box.BOX_ENDPOINT, problem: null });
    expect(checked.body.result.version).toMatch(/^\d+\./);
  });

  it('says it is a TLS problem when the client certificate is not one the box trusts', async () => {
    const otherCerts = mkdtempSync(join(tmpdir(), 'switchyard-wrong-certs-'));
    execFileSync('sh', [
      '-c',
      `cd ${otherCerts} && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=stranger -keyout key.pem -out cert.pem 2>/dev/null && cp cert.pem ca.pem`,
    ]);
    const added = await post('hosts.add', { name: 'stranger', endpoint: box.BOX_ENDPOINT, tlsCertDir: otherCerts });
    expect(added.status, added.body.error?.message).toBe(200);
    const checked = await post('hosts.check', { id: added.body.result.id });
    expect(checked.body.result.reachable).toBe(false);
    expect(checked.body.result.problem).toMatch(/TLS|certificate|self.signed/i);
    await post('hosts.remove', { id: added.body.result.id });
    rmSync(otherCerts, { recursive: true, force: true });
  });

  it('deploys the simulator on the box behind its engine key and serves it through the gateway', async () => {
    const hosts = (await post('hosts.list', {})).body.result as { id: string; name: string }[];
    const hostId = hosts.find((h) => h.name === 'box')?.id;
    const created = await post('deployments.create', {
      spec: { name, hostId, model: 'Qwen/Qwen3-0.6B', image: 'switchyard/vllm-sim:dev', gpus: { kind: 'none' } },
    });
    expect(created.status, created.body.error?.message).toBe(200);
    const deadline = Date.now() + 45_000;
    let progress: { phase?: string; reason?: string } = {};
    while (Date.now() < deadline) {
      progress = (await post('deployments.progress', { name })).body.result ?? {};
      if (progress.phase === 'ready' || progress.phase === 'failed') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(progress.phase, progress.reason).toBe('ready');
    const port = created.body.result.port as number;
    // On the box's address: /health is open, /v1 needs the key only the gateway holds.
    expect((await fetch(`http://${box.BOX_ADDR}:${port}/health`)).status).toBe(200);
    expect((await fetch(`http://${box.BOX_ADDR}:${port}/v1/models`)).status).toBe(401);
    const res = await fetch(`${gatewayUrl}/vllm/${name}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${MASTER_KEY}` },
      body: JSON.stringify({ model: 'Qwen/Qwen3-0.6B', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 }),
    });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect((JSON.parse(text) as { choices: unknown[] }).choices).toHaveLength(1);
    const logs = await post('deployments.logs', { name, tail: 100 });
    expect(logs.body.result.lines.length).toBeGreaterThan(0);
    // The container runs on the box's engine, not on this machine's.
    const onBox = execFileSync('docker', ['-H', box.BOX_SOCKET, 'ps', '--format', '{{.Names}}'], { encoding: 'utf8' });
    expect(onBox).toContain(`switchyard-${name}`);
    const onHost = execFileSync('docker', ['ps', '--format', '{{.Names}}'], { encoding: 'utf8' });
    expect(onHost).not.toContain(`switchyard-${name}`);
  });

  it('the box going away is reported within 10 s with the reason; back, it is reconciled with no duplicate', async () => {
    const hostId = ((await post('hosts.list', {})).body.result as { id: string; name: string }[]).find(
      (h) => h.name === 'box',
    )?.id;
    execFileSync('ip', ['link', 'set', box.BOX_HOST_LINK, 'down']);
    try {
      const t0 = Date.now();
      const checked = await post('hosts.check', { id: hostId });
      const tookMs = Date.now() - t0;
      console.log(`[remote] link down: hosts.check answered unreachable in ${tookMs} ms`);
      expect(checked.body.result).toMatchObject({ reachable: false });
      expect(checked.body.result.problem).toMatch(/did not answer|unreachable|timed out/i);
      expect(tookMs).toBeLessThan(10_000);
      const report = (await post('deployments.reconcile', {})).body.result;
      expect(report.unreachableHosts).toContainEqual(expect.objectContaining({ hostId }));
    } finally {
      execFileSync('ip', ['link', 'set', box.BOX_HOST_LINK, 'up']);
    }
    const deadline = Date.now() + 15_000;
    let report: { linked: string[]; unreachableHosts: unknown[] } = { linked: [], unreachableHosts: [] };
    while (Date.now() < deadline) {
      report = (await post('deployments.reconcile', {})).body.result;
      if (report.linked.includes(name)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(report.linked).toContain(name);
    expect(report.unreachableHosts).toEqual([]);
    const onBox = execFileSync('docker', ['-H', box.BOX_SOCKET, 'ps', '-a', '--format', '{{.Names}}'], {
      encoding: 'utf8',
    });
    expect(onBox.split('\n').filter((n) => n === `switchyard-${name}`)).toHaveLength(1);
    expect((await post('deployments.remove', { name })).status).toBe(200);
  });
});
