// Podman as an engine: a real `podman system service` socket added as a host, reached through
// dockerode's Docker-compatible API. Its facts are probed, the simulator image is built through it
// with the app's own builder, and a deployment is created, becomes ready, answers, streams its
// logs, reports its container events and is stopped, started and removed, exactly as on Docker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentProgress } from '../../shared/deployment-schemas';
import { ChangeNotice } from '../../electron/core/changes';
import { systemClock } from '../../electron/core/clock';
import { listManagedContainers } from '../../electron/core/docker/containers';
import { type EngineEvent, EngineEventStream } from '../../electron/core/docker/engine-events';
import { probeEngine } from '../../electron/core/docker/engine-probe';
import { DeploymentService } from '../../electron/core/docker/service';
import { EventBus } from '../../electron/core/events';
import { loadDataKey, secretBox } from '../../electron/core/secrets';
import { Store } from '../../electron/core/store';
import { ensureSimImageIn, hasPodman, type PodmanService, startPodmanService } from './podman-service';

const TEST_RUN_LABEL = 'switchyard.test-run';
const runId = `p${process.pid}-${Date.now().toString(36)}`;

describe.runIf(hasPodman())('Podman as an engine (real podman system service)', () => {
  let podman: PodmanService;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-podman-data-'));
  const store = Store.open(dir);
  const events = new EventBus();
  const progress: DeploymentProgress[] = [];
  events.on('deployments.progress', (p) => progress.push(p));
  let service: DeploymentService;
  let hostId = '';
  let image = '';
  const name = `pod-${runId}`.toLowerCase();
  const engineEvents: EngineEvent[] = [];
  let stream: EngineEventStream | null = null;

  beforeAll(async () => {
    podman = await startPodmanService();
    const built = await ensureSimImageIn(podman.docker);
    image = built.tag;
    if (built.builtMs !== null) console.log(`[podman] simulator image built through the socket in ${built.builtMs} ms`);
    hostId = store.hosts.add('podman', podman.endpoint).id;
    service = new DeploymentService({
      store,
      events,
      changes: new ChangeNotice(store, events),
      clock: systemClock,
      secrets: secretBox(loadDataKey(dir)),
      extraLabels: { [TEST_RUN_LABEL]: runId },
      lifecycle: { pollMs: 200, readyTimeoutMs: 60_000 },
    });
    await service.start();
    stream = new EngineEventStream(podman.docker).start();
    stream.on((e) => engineEvents.push(e));
  }, 120_000);

  afterAll(async () => {
    stream?.close();
    service?.close();
    if (podman) {
      const left = await podman.docker.listContainers({
        all: true,
        filters: { label: [`${TEST_RUN_LABEL}=${runId}`] },
      });
      for (const c of left)
        await podman.docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined);
      await podman.close();
    }
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports the engine's facts: reachable, Podman's version and the Docker API version it speaks", async () => {
    const status = await probeEngine(podman.endpoint);
    expect(status.problem).toBeNull();
    expect(status.reachable).toBe(true);
    expect(status.version).toMatch(/^4\./);
    expect(Number(status.apiVersion)).toBeGreaterThanOrEqual(1.4);
    expect(status.nvidiaRuntime).toBe(false);
  });

  it('deploys the simulator: ready, answers on its port, logs and container events, one container', async () => {
    const row = await service.create({
      name,
      hostId,
      model: 'Qwen/Qwen3-0.6B',
      image,
      gpus: { kind: 'none' },
      hfCache: { kind: 'volume', name: `switchyard-test-hf-${runId}` },
      engineArgs: ['--max-model-len', '4096'],
    });
    const final = await service.whenSettled(name);
    expect(final?.phase, final?.reason ?? '').toBe('ready');
    const phases = progress.filter((p) => p.name === name).map((p) => p.phase);
    expect(phases).toContain('loading');
    const res = await fetch(`http://127.0.0.1:${row.port}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'Qwen/Qwen3-0.6B', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { choices: unknown[] }).choices).toHaveLength(1);
    const lines = await service.logs(name, 200);
    expect(lines.some((l) => /Starting vLLM API server|Application startup complete/.test(l))).toBe(true);
    expect((await listManagedContainers(podman.docker)).filter((c) => c.deployment === name)).toHaveLength(1);
    expect(engineEvents.some((e) => e.type === 'container' && e.deployment === name && e.action === 'start')).toBe(
      true,
    );
    // Podman's own view agrees: the container runs with Switchyard's labels.
    expect(podman.cli(['ps', '--filter', `label=switchyard.deployment=${name}`, '--format', '{{.Names}}'])).toContain(
      `switchyard-${name}`,
    );
  });

  it('stops (a die event, not a crash), starts again to ready, and removes the container', async () => {
    await service.stopDeployment(name);
    expect(store.deployments.getByName(name)?.state).toBe('stopped');
    const deadline = Date.now() + 10_000;
    while (!engineEvents.some((e) => e.type === 'container' && e.deployment === name && e.action === 'die')) {
      if (Date.now() > deadline) throw new Error('no die event from Podman within 10 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(progress.some((p) => p.name === name && p.phase === 'failed')).toBe(false);
    await service.startDeployment(name);
    expect((await service.whenSettled(name))?.phase).toBe('ready');
    expect(await service.removeDeployment(name)).toBe(true);
    expect((await listManagedContainers(podman.docker)).filter((c) => c.deployment === name)).toHaveLength(0);
  });

  it("with Podman's default container limits: ready where the host allows them, else the refusal says which and how to fix it", async () => {
    const strict = await startPodmanService({ hostLimits: false });
    try {
      const strictHost = store.hosts.add('podman-default-limits', strict.endpoint).id;
      const strictName = `pod-limits-${runId}`.toLowerCase();
      await service.create({
        name: strictName,
        hostId: strictHost,
        model: 'Qwen/Qwen3-0.6B',
        image,
        gpus: { kind: 'none' },
        hfCache: { kind: 'volume', name: `switchyard-test-hf-${runId}` },
      });
      const final = await service.whenSettled(strictName);
      console.log(`[podman] with Podman's default limits: ${final?.phase}${final?.reason ? ` (${final.reason})` : ''}`);
      if (final?.phase !== 'ready') {
        expect(final?.phase).toBe('failed');
        expect(final?.reason).toMatch(/refused to start the container.*limit of (open files|processes)/);
        expect(final?.reason).toMatch(/default_ulimits in its containers\.conf/);
        expect(final?.reason).toMatch(/operation not permitted/);
      }
      await service.removeDeployment(strictName);
    } finally {
      await strict.close();
    }
  });
});
