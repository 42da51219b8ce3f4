// On-demand deployments, end to end on the real engine with the simulator image: `serve` (core +
// gateway process) deploys one marked on-demand; it is stopped after its idle TTL; the next request
// through the gateway starts it again, waits for it, and is served.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningServer } from '../../electron/core/serve';
import { bundleEntry } from '../support/bundle';
import { freePort, waitFor } from '../support/net';
import { hasDocker } from '../support/requirements';
import { docker, ensureSimImage } from './support';

const MASTER = 'sk-on-demand-test-master';
const name = `od-${process.pid}`;

describe.runIf(hasDocker())('on-demand deployments (real engine, simulator image)', () => {
  let server: RunningServer;
  let image: string;
  const call = async (n: string, input: unknown) => {
    const reply = await server.core.handlers[n as 'deployments.list'](input as never);
    return reply as any;
  };
  const state = async () =>
    ((await call('deployments.list', {})) as Array<{ name: string; state: string }>).find((d) => d.name === name)
      ?.state;
  const chat = () =>
    fetch(`${server.core.gateway.current().url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'od-model', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 }),
    });

  beforeAll(async () => {
    image = await ensureSimImage();
    const gateway = await bundleEntry('electron/core/gateway/process-entry.ts', 'gateway');
    server = await serve({
      dataDir: mkdtempSync(join(tmpdir(), 'switchyard-od-')),
      port: await freePort(),
      uiPort: 0,
      masterKey: MASTER,
      bundleDir: dirname(gateway),
      log: () => {},
    });
  }, 120_000);
  afterAll(async () => {
    await call('deployments.remove', { name }).catch(() => undefined);
    const left = await docker.listContainers({ all: true, filters: { label: [`switchyard.deployment=${name}`] } });
    for (const c of left)
      await docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    await server?.close();
  });

  it('stops after its idle TTL and is started again by the next request, which waits and is served', async () => {
    await call('deployments.create', {
      spec: {
        name,
        model: 'Qwen/Qwen3-0.6B',
        servedModelName: 'od-model',
        image,
        gpus: { kind: 'none' },
        onDemand: true,
        idleTtlS: 2,
        engineArgs: ['--max-model-len', '2048'],
      },
    });
    await waitFor('the deployment to be ready', async () => (await state()) === 'ready', 60_000, 250);
    expect((await chat()).status).toBe(200);

    await waitFor('the idle deployment to be stopped', async () => (await state()) === 'stopped', 30_000, 250);

    const started = Date.now();
    const res = await chat();
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-deployment')).toBe(name);
    expect(await state()).toBe('ready');
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);
});
