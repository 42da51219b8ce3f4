// The gateway runs in its own process; its parent restarts it when it dies.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { forkLauncher } from '../../electron/core/gateway/fork-launcher';
import { GatewaySupervisor } from '../../electron/core/gateway/supervisor';
import type { GatewayStatus } from '../../shared/schemas';
import { bundleEntry } from '../support/bundle';
import { freePort, waitFor } from '../support/net';

let entry: string;
beforeAll(async () => {
  entry = await bundleEntry('electron/core/gateway/process-entry.ts', 'gateway');
});

const running: GatewaySupervisor[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function startGateway(port: number) {
  const statuses: GatewayStatus[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-gw-'));
  const supervisor = new GatewaySupervisor(forkLauncher(entry), { host: '127.0.0.1', port, dataDir }, (s) =>
    statuses.push(s),
  );
  running.push(supervisor);
  supervisor.start();
  return { supervisor, statuses, settled: await supervisor.whenSettled() };
}

const health = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/health`);
  return { status: res.status, body: await res.json() };
};

describe('gateway process', () => {
  it('answers /health in its own process', async () => {
    const port = await freePort();
    const { settled } = await startGateway(port);
    expect(settled.state).toBe('up');
    expect(settled.pid).not.toBe(process.pid);
    expect(await health(port)).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers other routes in OpenAI error shape', async () => {
    const port = await freePort();
    await startGateway(port);
    const res = await fetch(`http://127.0.0.1:${port}/nope`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { message: string; type: string; code: string } };
    expect(body.error.type).toBe('not_found_error');
    expect(body.error.message).toContain('/nope');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is restarted within 2 s after it is killed', async () => {
    const port = await freePort();
    const { supervisor, settled } = await startGateway(port);
    const oldPid = settled.pid!;
    const killedAt = Date.now();
    process.kill(oldPid, 'SIGKILL');
    await waitFor(
      'a new gateway process answering /health',
      async () => {
        const s = supervisor.current();
        return s.state === 'up' && s.pid !== oldPid && (await health(port)).status === 200;
      },
      2_000,
      20,
    );
    const tookMs = Date.now() - killedAt;
    expect(tookMs).toBeLessThan(2_000);
    expect(supervisor.current().restarts).toBe(1);
    expect(supervisor.current().lastExit).toMatch(/exited/);
  });

  it('moves to a new port when reconfigured', async () => {
    const port = await freePort();
    const { supervisor } = await startGateway(port);
    const newPort = await freePort();
    supervisor.reconfigure({
      host: '127.0.0.1',
      port: newPort,
      dataDir: mkdtempSync(join(tmpdir(), 'switchyard-gw-')),
    });
    await waitFor('the gateway on its new port', async () => (await health(newPort)).status === 200, 3_000);
    expect(supervisor.current().url).toBe(`http://127.0.0.1:${newPort}`);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    expect(supervisor.current().restarts).toBe(0);
  });

  it('reports a port already in use as a failure that says what to do', async () => {
    const port = await freePort();
    const blocker: Server = createServer().listen(port, '127.0.0.1');
    try {
      const { settled } = await startGateway(port);
      expect(settled.state).toBe('failed');
      expect(settled.lastExit).toMatch(new RegExp(`Port ${port} .* already in use.*Settings`));
    } finally {
      blocker.close();
    }
  });
});
