// The deploy lifecycle on the real Docker engine with the simulator image (GPU-less): plan →
// create → phases in order → ready → a request reaches it → logs → stop → start → remove; and the
// failures a person must be told about (unrecognized argument, missing image, no GPU runtime).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentProgress } from '../../shared/deployment-schemas';
import {
  containerLogs,
  findContainer,
  listManagedContainers,
  removeContainer,
  stopContainer,
} from '../../electron/core/docker/containers';
import { deploy, httpHealthProbe, startExisting } from '../../electron/core/docker/lifecycle';
import { planDeployment, type PlanInput } from '../../electron/core/docker/plan';
import { findFreeHostPort } from '../../electron/core/docker/ports';
import { hasDocker } from '../support/requirements';
import { docker, ensureSimImage, removeTestResources, TEST_RUN_LABEL, testRunId } from './support';

const run = hasDocker();
const labels = { [TEST_RUN_LABEL]: testRunId };
const volumes = { hf: `switchyard-test-hf-${testRunId}`, vllm: `switchyard-test-vllm-${testRunId}` };
const deps = { docker, probeHealth: httpHealthProbe, pollMs: 200, readyTimeoutMs: 60_000 };

async function planFor(name: string, spec: Partial<PlanInput['spec']> = {}) {
  const hostPort = await findFreeHostPort({ docker, local: true });
  return planDeployment({
    spec: {
      name,
      model: 'Qwen/Qwen3-0.6B',
      image: image(),
      gpus: { kind: 'none' },
      hfCache: { kind: 'volume', name: volumes.hf },
      ...spec,
    } as PlanInput['spec'],
    hostPort,
    vllmCacheVolume: volumes.vllm,
  });
}
let simImage = '';
const image = () => simImage;

describe.runIf(run)('deploy lifecycle (simulator image, no GPU)', () => {
  beforeAll(async () => {
    simImage = await ensureSimImage();
  }, 120_000);
  afterAll(async () => {
    await removeTestResources();
    for (const v of Object.values(volumes))
      await docker
        .getVolume(v)
        .remove({ force: true })
        .catch(() => undefined);
  });

  const name = `it-${testRunId}-ok`.toLowerCase();

  it('deploys: phases in order, ready, vLLM figures kept, a request reaches it, logs readable', async () => {
    const plan = await planFor(name, { engineArgs: ['--max-model-len', '4096'], servedModelName: 'qwen-small' });
    const seen: DeploymentProgress[] = [];
    const final = await deploy(deps, plan, (p) => seen.push(p), { extraLabels: labels });
    expect(final.phase, final.reason ?? '').toBe('ready');

    const order = ['pending', 'creating', 'starting', 'downloading', 'loading', 'compiling', 'ready'];
    const phases = seen.map((p) => p.phase).filter((p, i, all) => all[i - 1] !== p);
    expect(phases[0]).toBe('pending');
    expect(phases[phases.length - 1]).toBe('ready');
    const idx = phases.map((p) => order.indexOf(p));
    expect(
      idx.every((v, i) => i === 0 || v >= idx[i - 1]),
      phases.join(' → '),
    ).toBe(true);
    expect(phases).toEqual(expect.arrayContaining(['creating', 'starting', 'loading']));

    // vLLM's own figures, as the simulator logs them, for the fit comparison.
    expect(final.logged.kvCacheTokens).toBeGreaterThan(0);
    expect(final.logged.maxConcurrency).toBeGreaterThan(0);
    expect(final.logged.maxModelLen).toBe(4096);

    const models = (await (await fetch(`${plan.baseUrl}/v1/models`)).json()) as {
      data: { id: string; max_model_len: number }[];
    };
    expect(models.data[0].id).toBe('qwen-small');

    const { info } = await findContainer(docker, name);
    expect(info.HostConfig.PortBindings?.['8000/tcp']?.[0]).toEqual({
      HostIp: '127.0.0.1',
      HostPort: String(plan.hostPort),
    });
    expect(info.Config.Labels['switchyard.managed']).toBe('true');
    expect(info.HostConfig.IpcMode).toBe('host');
    expect((await docker.getVolume(volumes.hf).inspect()).Labels['switchyard.managed']).toBe('true');

    const lines = await containerLogs(docker, name);
    expect(lines.some((l) => l.includes('Application startup complete.'))).toBe(true);

    const listed = (await listManagedContainers(docker)).find((c) => c.deployment === name);
    expect(listed).toMatchObject({ state: 'running', hostPort: plan.hostPort, model: 'Qwen/Qwen3-0.6B' });
    expect(listed?.spec?.engineArgs).toEqual(['--max-model-len', '4096']);
  });

  it('stops, starts again to ready, then removes', async () => {
    const plan = await planFor(name);
    const t0 = Date.now();
    await stopContainer(docker, name, 10);
    expect(Date.now() - t0).toBeLessThan(5_000); // the engine handles SIGTERM itself
    expect((await findContainer(docker, name)).info.State.Running).toBe(false);
    expect(
      await httpHealthProbe(
        `http://127.0.0.1:${(await listManagedContainers(docker)).find((c) => c.deployment === name)!.hostPort}`,
      ),
    ).toBe(false);

    const port = (await listManagedContainers(docker)).find((c) => c.deployment === name)!.hostPort!;
    const phases: string[] = [];
    const again = await startExisting(deps, name, `http://127.0.0.1:${port}`, (p) => phases.push(p.phase));
    expect(again.phase, again.reason ?? '').toBe('ready');
    expect(phases[0]).toBe('starting');
    expect(plan.name).toBe(name);

    expect(await removeContainer(docker, name)).toBe(true);
    expect(await removeContainer(docker, name)).toBe(false);
    expect((await listManagedContainers(docker)).some((c) => c.deployment === name)).toBe(false);
  });

  it('fails a bad engine argument with vLLM\'s "unrecognized arguments" line, and stops the restart loop', async () => {
    const bad = `it-${testRunId}-bad`.toLowerCase();
    const plan = await planFor(bad, { engineArgs: ['--task', 'generate'] });
    const final = await deploy(deps, plan, () => undefined, { extraLabels: labels });
    expect(final.phase).toBe('failed');
    expect(final.reason).toMatch(/vLLM does not know the arguments --task generate/);
    expect(final.evidence).toBe('vllm serve: error: unrecognized arguments: --task generate');
    const { info } = await findContainer(docker, bad);
    expect(info.State.Running).toBe(false);
    expect(info.HostConfig.RestartPolicy?.Name).toBe('no');
    await removeContainer(docker, bad);
  });

  it('fails a missing image clearly: not on the host and no registry to pull it from', async () => {
    const missing = `it-${testRunId}-noimage`.toLowerCase();
    const plan = await planFor(missing, { image: 'switchyard/no-such-image:1' });
    const seen: string[] = [];
    const final = await deploy(deps, plan, (p) => seen.push(p.phase), { extraLabels: labels });
    expect(seen).toContain('pulling');
    expect(final.phase).toBe('failed');
    expect(final.reason).toMatch(
      /The image switchyard\/no-such-image:1 is not on this host and could not be pulled\. (Cannot reach the registry|The registry has no image)/,
    );
    expect(final.evidence).toBeTruthy();
  });

  it('fails a GPU deployment on a host without the NVIDIA toolkit, saying so', async () => {
    const gpu = `it-${testRunId}-gpu`.toLowerCase();
    const plan = await planFor(gpu, { gpus: { kind: 'all' } });
    const final = await deploy(deps, plan, () => undefined, { extraLabels: labels });
    expect(final.phase).toBe('failed');
    expect(final.reason).toMatch(/NVIDIA container toolkit is not set up/);
    expect(final.evidence).toMatch(/could not select device driver/);
    await removeContainer(docker, gpu);
  });
});
