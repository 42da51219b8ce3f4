// An ssh:// host for real, and the box going away: scripts/netns-box.sh makes a "second GPU box"
// (its own network namespace, veth pair, dockerd, and Debian's sshd taking root with a key made for
// the run; the box's host key is pinned in the run's known_hosts, never learned over the network).
// Through the admin API of a real `serve` (SWITCHYARD_SSH_DIR points at the run's key folder): the
// box is added as ssh://root@…, its engine facts are shown, a wrong pinned host key is refused with
// the reason, the simulator is deployed there and served through the gateway, its logs read. Then,
// with a local simulator as the group's second target: link down → the host is listed unreachable
// with the reason, its deployment marked unreachable, and the gateway's requests keep succeeding on
// the local target, each within 10 s; link up → reconciled, one container on the box, traffic back.
// Only the box's address and this machine's Docker socket are hosts; the box sees only the host end.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSimImage } from '../docker/support';
import { type Box, boxUp, hasBox, type Instance, startInstance, waitFor } from './box-support';

const MASTER_KEY = 'sk-master-ssh-box-8c2d4e6f1a3b';
const SUBNET = '10.231.79';
const MODEL = 'Qwen/Qwen3-0.6B';

const sshdProblem = () => {
  try {
    execFileSync('sh', ['-c', 'test -x /usr/sbin/sshd && command -v ssh-keygen'], { stdio: 'pipe' });
    return null;
  } catch {
    return 'openssh-server is not installed (apt-get install openssh-server)';
  }
};

type HostRow = { id: string; name: string; endpoint: string; health?: { reachable: boolean; problem: string | null } };
type DeploymentRow = { name: string; hostId: string; state: string; stateReason: string | null };

describe.runIf(hasBox(sshdProblem))('an ssh:// host in its own network namespace, and the box going away', () => {
  let box: Box;
  let app: Instance;
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-ssh-'));
  const remote = `sshbox-${process.pid}`;
  const local = `sshlocal-${process.pid}`;
  const group = `boxed-${process.pid}`;
  const sshDirBefore = process.env.SWITCHYARD_SSH_DIR;
  let hostId = '';

  const boxDocker = (...args: string[]) =>
    execFileSync('docker', ['-H', box.vars.BOX_SOCKET, ...args], { encoding: 'utf8', timeout: 20_000 });
  const hosts = async () => (await app.post('hosts.list', {})).body.result as HostRow[];
  const deployment = async (name: string) =>
    ((await app.post('deployments.list', {})).body.result as DeploymentRow[]).find((d) => d.name === name);
  const chat = async (timeoutMs = 10_000) => {
    const res = await fetch(`${app.gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${MASTER_KEY}` },
      body: JSON.stringify({ model: group, messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.text();
    return { status: res.status, servedBy: res.headers.get('x-switchyard-deployment') };
  };
  const untilReady = (name: string, ms: number) =>
    waitFor(`${name} ready`, async () => (await deployment(name))?.state === 'ready', ms);

  beforeAll(async () => {
    await ensureSimImage();
    const t0 = Date.now();
    box = boxUp(SUBNET);
    console.log(`[remote] ssh box up at ${box.vars.BOX_SSH_ENDPOINT} in ${Date.now() - t0} ms`);
    process.env.SWITCHYARD_SSH_DIR = box.vars.BOX_SSH_DIR;
    app = await startInstance(dataDir, MASTER_KEY);
  }, 120_000);

  afterAll(async () => {
    for (const name of [remote, local]) await app?.post('deployments.remove', { name }).catch(() => {});
    await app?.server.close();
    execFileSync('sh', ['-c', `docker rm -f switchyard-${local} >/dev/null 2>&1 || true`]);
    box?.down();
    if (sshDirBefore === undefined) delete process.env.SWITCHYARD_SSH_DIR;
    else process.env.SWITCHYARD_SSH_DIR = sshDirBefore;
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('adds the box over ssh with its pinned host key and shows its engine facts', async () => {
    const added = await app.post('hosts.add', { name: 'sshbox', endpoint: box.vars.BOX_SSH_ENDPOINT });
    expect(added.status, added.body.error?.message).toBe(200);
    hostId = added.body.result.id;
    const checked = await app.post('hosts.check', { id: hostId });
    expect(checked.body.result).toMatchObject({ reachable: true, endpoint: box.vars.BOX_SSH_ENDPOINT, problem: null });
    expect(checked.body.result.version).toMatch(/^\d+\./);
    // The facts are the box's dockerd (its own data root), not this machine's.
    const boxVersion = boxDocker('version', '--format', '{{.Server.Version}}').trim();
    expect(checked.body.result.version).toBe(boxVersion);
  }, 30_000);

  it('refuses the box when known_hosts pins another host key, and says so', async () => {
    const other = mkdtempSync(join(tmpdir(), 'switchyard-other-ssh-'));
    try {
      copyFileSync(join(box.vars.BOX_SSH_DIR, 'id_ed25519'), join(other, 'id_ed25519'));
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(other, 'stranger')]);
      const strangerKey = execFileSync('cut', ['-d', ' ', '-f1,2', join(other, 'stranger.pub')], { encoding: 'utf8' });
      writeFileSync(join(other, 'known_hosts'), `${box.vars.BOX_ADDR} ${strangerKey.trim()}\n`);
      process.env.SWITCHYARD_SSH_DIR = other;
      const checked = await app.post('hosts.check', { id: hostId });
      expect(checked.body.result.reachable).toBe(false);
      expect(checked.body.result.problem).toMatch(/does not match the one in .*known_hosts/);
      writeFileSync(join(other, 'known_hosts'), '');
      const unknown = await app.post('hosts.check', { id: hostId });
      expect(unknown.body.result.problem).toMatch(/is not in .*known_hosts.*ssh-keyscan/);
    } finally {
      process.env.SWITCHYARD_SSH_DIR = box.vars.BOX_SSH_DIR;
      rmSync(other, { recursive: true, force: true });
    }
  }, 30_000);

  it('deploys the simulator on the box over ssh, serves it through the gateway and reads its logs', async () => {
    const created = await app.post('deployments.create', {
      spec: { name: remote, hostId, model: MODEL, image: 'switchyard/vllm-sim:dev', gpus: { kind: 'none' } },
    });
    expect(created.status, created.body.error?.message).toBe(200);
    const localMade = await app.post('deployments.create', {
      spec: { name: local, model: MODEL, image: 'switchyard/vllm-sim:dev', gpus: { kind: 'none' } },
    });
    expect(localMade.status, localMade.body.error?.message).toBe(200);
    await untilReady(remote, 60_000);
    await untilReady(local, 60_000);
    const port = created.body.result.port as number;
    expect((await fetch(`http://${box.vars.BOX_ADDR}:${port}/health`)).status).toBe(200);
    expect((await fetch(`http://${box.vars.BOX_ADDR}:${port}/v1/models`)).status).toBe(401);
    const applied = await app.post('routing.apply', {
      table: {
        groups: [
          {
            name: group,
            strategy: 'simple-shuffle',
            targets: [
              { kind: 'deployment', ref: remote, weight: 1, order: 0 },
              { kind: 'deployment', ref: local, weight: 1, order: 1 },
            ],
            fallbacks: [],
            contextWindowFallbacks: [],
          },
        ],
        aliases: {},
      },
    });
    expect(applied.status, applied.body.error?.message).toBe(200);
    const first = await waitFor(
      'a chat answered by the box',
      async () => {
        const r = await chat();
        return r.status === 200 && r.servedBy === remote ? r : null;
      },
      15_000,
    );
    expect(first.servedBy).toBe(remote);
    const logs = await app.post('deployments.logs', { name: remote, tail: 100 });
    expect(logs.body.result.lines.length).toBeGreaterThan(0);
    expect(boxDocker('ps', '--format', '{{.Names}}')).toContain(`switchyard-${remote}`);
    const onHost = execFileSync('docker', ['ps', '--format', '{{.Names}}'], { encoding: 'utf8' });
    expect(onHost).not.toContain(`switchyard-${remote}`);
  }, 150_000);

  it('link down: unreachable with the reason and the gateway falls back, each within 10 s; link up: reconciled', async () => {
    execFileSync('ip', ['link', 'set', box.vars.BOX_HOST_LINK, 'down']);
    const t0 = Date.now();
    let downMs = 0;
    let markedMs = 0;
    let fallbackMs = 0;
    try {
      const listed = await waitFor(
        'host listed unreachable',
        async () => {
          const h = (await hosts()).find((x) => x.id === hostId);
          return h?.health?.reachable === false ? h : null;
        },
        10_000,
      );
      downMs = Date.now() - t0;
      expect(listed.health?.problem).toMatch(/did not answer|handshake|timed out/i);
      const marked = await waitFor(
        'deployment marked unreachable',
        async () => {
          const d = await deployment(remote);
          return d?.state === 'unreachable' ? d : null;
        },
        10_000,
      );
      markedMs = Date.now() - t0;
      expect(marked.stateReason).toContain('sshbox is unreachable');
      // Requests to the group keep succeeding, now on the local target.
      await waitFor(
        'a chat answered by the local target',
        async () => {
          const r = await chat(10_000).catch(() => null);
          return r?.status === 200 && r.servedBy === local;
        },
        10_000,
        100,
      );
      fallbackMs = Date.now() - t0;
      for (let i = 0; i < 5; i++) expect(await chat(5_000)).toEqual({ status: 200, servedBy: local });
      console.log(
        `[remote] link down: host unreachable in ${downMs} ms, deployment marked in ${markedMs} ms, gateway on the local target in ${fallbackMs} ms`,
      );
    } finally {
      execFileSync('ip', ['link', 'set', box.vars.BOX_HOST_LINK, 'up']);
    }
    // Back: a new ssh connection, then a new `docker system dial-stdio` on the box, which took
    // 10–12 s on this loaded 2-core machine; reconciling is not bound to the 10 s of going away.
    const t1 = Date.now();
    await waitFor(
      'host reachable again',
      async () => (await hosts()).find((x) => x.id === hostId)?.health?.reachable,
      45_000,
    );
    await untilReady(remote, 30_000);
    await waitFor('a chat answered by the box again', async () => (await chat()).servedBy === remote, 15_000);
    console.log(`[remote] link up: reconciled and serving from the box in ${Date.now() - t1} ms`);
    expect(fallbackMs).toBeLessThan(10_000);
    // No duplicate: exactly one container of the deployment on the box, none made on this machine.
    const onBox = boxDocker('ps', '-a', '--format', '{{.Names}}').split('\n');
    expect(onBox.filter((n) => n === `switchyard-${remote}`)).toHaveLength(1);
    expect(onBox.filter((n) => n.startsWith('switchyard-'))).toHaveLength(1);
    // Only the box's address (and this machine's Docker socket) was ever a host.
    for (const h of await hosts())
      expect(h.endpoint.startsWith('unix://') || new URL(h.endpoint).hostname === box.vars.BOX_ADDR).toBe(true);
    const boxPeers = execFileSync('sh', ['-c', `grep -o 'from [0-9.]*' ${box.dir}/sshd.log | sort -u`], {
      encoding: 'utf8',
    });
    expect(boxPeers.trim().split('\n')).toEqual([`from ${SUBNET}.1`]);
  }, 150_000);
});
