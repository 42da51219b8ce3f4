// DeploymentService on a real store (temp dir) and the real engine with the simulator image:
// deploy → ready with progress persisted and pushed; the core restarts → reconcile links the
// running container (adopted, not duplicated) and resumes; an orphaned switchyard.* container is
// reported and can be adopted; --crash-after → the crash is detected, its reason kept, and Docker's
// restart brings it back to ready; stop → start → remove.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentProgress } from '../../shared/deployment-schemas';
import { systemClock } from '../../electron/core/clock';
import { listManagedContainers } from '../../electron/core/docker/containers';
import { planDeployment } from '../../electron/core/docker/plan';
import { DeploymentService } from '../../electron/core/docker/service';
import { ChangeNotice } from '../../electron/core/changes';
import { EventBus } from '../../electron/core/events';
import { Store } from '../../electron/core/store';
import { hasDocker } from '../support/requirements';
import { docker, ensureSimImage, removeTestResources, TEST_RUN_LABEL, testRunId } from './support';

const run = hasDocker();

describe.runIf(run)('DeploymentService (real store, real engine)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-deploy-'));
  const volumes = { hf: `switchyard-test-hf-${testRunId}-svc`, vllm: `switchyard-test-vllm-${testRunId}-svc` };
  const store = Store.open(dir);
  const events = new EventBus();
  const progress: DeploymentProgress[] = [];
  events.on('deployments.progress', (p) => progress.push(p));
  const newService = () =>
    new DeploymentService({
      store,
      events,
      changes: new ChangeNotice(store, events),
      clock: systemClock,
      extraLabels: { [TEST_RUN_LABEL]: testRunId },
      lifecycle: { pollMs: 200, readyTimeoutMs: 60_000 },
    });
  let service = newService();
  let image = '';
  const name = `svc-${testRunId}`.toLowerCase();
  const spec = (n: string, extra: Record<string, unknown> = {}) => ({
    name: n,
    model: 'Qwen/Qwen3-0.6B',
    image,
    gpus: { kind: 'none' as const },
    hfCache: { kind: 'volume' as const, name: volumes.hf },
    ...extra,
  });

  beforeAll(async () => {
    image = await ensureSimImage();
    await service.start();
  }, 120_000);
  afterAll(async () => {
    service.close();
    await removeTestResources();
    // The test's own volumes always; the shared compile cache only if this run created it.
    for (const v of Object.values(volumes))
      await docker
        .getVolume(v)
        .remove()
        .catch(() => undefined);
    const shared = await docker
      .getVolume('switchyard-vllm-cache')
      .inspect()
      .catch(() => null);
    if (shared?.Labels?.['switchyard.deployment']?.includes(testRunId.toLowerCase()))
      await docker
        .getVolume('switchyard-vllm-cache')
        .remove()
        .catch(() => undefined);
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a deployment that becomes ready, with progress pushed and kept in SQLite', async () => {
    const row = await service.create(spec(name, { engineArgs: ['--max-model-len', '4096'] }));
    expect(row.state).toBe('pending');
    expect(row.port).toBeGreaterThan(0);
    const final = await service.whenSettled(name);
    expect(final?.phase, final?.reason ?? '').toBe('ready');
    expect(store.deployments.getByName(name)?.state).toBe('ready');
    const kept = service.progress(name);
    expect(kept?.phase).toBe('ready');
    expect(kept?.logged.kvCacheTokens).toBeGreaterThan(0);
    const phases = progress.filter((p) => p.name === name).map((p) => p.phase);
    expect(phases[0]).toBe('pending');
    expect(phases).toContain('loading');
    await expect(service.create(spec(name))).rejects.toThrow(/already exists/);
  });

  it('after a core restart, reconciles: the running container is linked, not duplicated, and ready again', async () => {
    service.close();
    service = newService();
    const report = await service.start();
    expect(report.linked).toContain(name);
    expect(report.missing).not.toContain(name);
    expect(report.orphans.some((o) => o.deployment === name)).toBe(false);
    const final = await service.whenSettled(name);
    expect(final?.phase).toBe('ready');
    expect((await listManagedContainers(docker)).filter((c) => c.deployment === name)).toHaveLength(1);
    expect(store.deployments.list().filter((d) => d.name === name)).toHaveLength(1);
  });

  it('reports an orphaned switchyard container and adopts it from its spec label', async () => {
    const orphanName = `orphan-${testRunId}`.toLowerCase();
    const plan = planDeployment({ spec: spec(orphanName), hostPort: 18_999, vllmCacheVolume: volumes.vllm });
    await docker.createContainer({ ...plan.create, Labels: { ...plan.create.Labels, [TEST_RUN_LABEL]: testRunId } });
    const report = await service.reconcile();
    expect(report.orphans).toContainEqual(
      expect.objectContaining({ deployment: orphanName, state: 'created', adoptable: true, hostId: 'local' }),
    );
    const adopted = await service.adopt('local', orphanName);
    expect(adopted.model).toBe('Qwen/Qwen3-0.6B');
    expect(adopted.port).toBe(18_999);
    expect((await service.reconcile()).orphans.some((o) => o.deployment === orphanName)).toBe(false);
    expect(await service.removeDeployment(orphanName)).toBe(true);
  });

  it("detects a crash (--crash-after), keeps the reason, and follows Docker's restart back to ready", async () => {
    const crashy = `crash-${testRunId}`.toLowerCase();
    await service.create(
      spec(crashy, { engineArgs: ['--crash-after', '1'], restartPolicy: 'on-failure', maxRestarts: 3 }),
    );
    expect((await service.whenSettled(crashy))?.phase).toBe('ready');
    const port = store.deployments.getByName(crashy)!.port!;
    const res = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'Qwen/Qwen3-0.6B', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 }),
    });
    expect(res.status).toBe(200);
    const deadline = Date.now() + 20_000;
    while (!progress.some((p) => p.name === crashy && p.phase === 'failed') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const crash = progress.find((p) => p.name === crashy && p.phase === 'failed');
    expect(crash?.reason).toMatch(/^Crashed \(exit code 1\): The engine stopped with EngineDeadError/);
    expect(crash?.restarts).toBe(1);
    // Docker's on-failure policy starts it again; the service watches it come back.
    while (store.deployments.getByName(crashy)?.state !== 'ready' && Date.now() < deadline + 20_000)
      await new Promise((r) => setTimeout(r, 100));
    expect(store.deployments.getByName(crashy)?.state).toBe('ready');
    expect(store.deployments.lastExit(crashy)).toEqual({
      restarts: 1,
      reason: expect.stringMatching(/EngineDeadError/),
    });
    await service.removeDeployment(crashy);
  }, 60_000);

  it('stops, starts and removes', async () => {
    const stopped = await service.stopDeployment(name);
    expect(stopped.state).toBe('stopped');
    await service.startDeployment(name);
    expect((await service.whenSettled(name))?.phase).toBe('ready');
    expect((await service.logs(name, 50)).some((l) => l.includes('Application startup complete.'))).toBe(true);
    expect(await service.removeDeployment(name)).toBe(true);
    expect(store.deployments.getByName(name)).toBeNull();
    expect((await listManagedContainers(docker)).some((c) => c.deployment === name)).toBe(false);
    await expect(service.stopDeployment(name)).rejects.toThrow(/No deployment named/);
  });

  it('plans without creating: docker run and compose of the same options, token redacted', async () => {
    const view = await service.plan(spec(`plan-${testRunId}`.toLowerCase()));
    expect(view.dockerRun).toMatch(/^docker run -d --name switchyard-plan-/);
    expect(view.compose).toContain('services:');
    expect(view.hostPort).toBeGreaterThanOrEqual(8001);
    expect(store.deployments.getByName(`plan-${testRunId}`.toLowerCase())).toBeNull();
  });
});
