// The plan against the real engine: the rendered `docker run` line creates the same container as
// the dockerode create options; the port finder skips ports in use.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDeployment } from '../../electron/core/docker/plan';
import { findFreeHostPort } from '../../electron/core/docker/ports';
import { dockerRunLine } from '../../electron/core/docker/render';
import { hasDocker } from '../support/requirements';
import { docker, ensureSimImage, removeTestResources, TEST_RUN_LABEL, testRunId } from './support';

const run = hasDocker();

describe.runIf(run)('deployment plan on the real engine', () => {
  let image = '';
  const volumes = [`switchyard-test-hf-${testRunId}-plan`, `switchyard-test-vllm-${testRunId}-plan`];
  beforeAll(async () => {
    image = await ensureSimImage();
  }, 120_000);
  afterAll(async () => {
    await removeTestResources();
    for (const v of volumes)
      await docker
        .getVolume(v)
        .remove()
        .catch(() => undefined);
  });

  const comparable = (i: Docker.ContainerInspectInfo) => ({
    name: i.Name,
    image: i.Config.Image,
    cmd: i.Config.Cmd,
    env: [...(i.Config.Env ?? [])].filter((e) => !e.startsWith('PATH=')).sort(),
    labels: i.Config.Labels,
    ports: i.HostConfig.PortBindings,
    binds: [...(i.HostConfig.Binds ?? [])].sort(),
    ipc: i.HostConfig.IpcMode,
    restart: i.HostConfig.RestartPolicy,
    healthInterval: i.Config.Healthcheck?.Interval,
    healthRetries: i.Config.Healthcheck?.Retries,
  });

  it('the docker run line and the create options give the same container', async () => {
    const name = `plan-${testRunId}`.toLowerCase();
    const hostPort = await findFreeHostPort({ docker, local: true });
    const plan = planDeployment({
      spec: {
        name,
        model: 'Qwen/Qwen3-0.6B',
        image,
        gpus: { kind: 'none' },
        engineArgs: ['--max-model-len', '2048', '--served-model-name', "it's"],
        env: { VLLM_LOGGING_LEVEL: 'DEBUG' },
        hfCache: { kind: 'volume', name: volumes[0] },
      },
      hostPort,
      vllmCacheVolume: volumes[1],
    });
    const viaApi = await docker.createContainer({
      ...plan.create,
      Labels: { ...plan.create.Labels, [TEST_RUN_LABEL]: testRunId },
    });
    const a = comparable(await viaApi.inspect());
    await viaApi.remove({ force: true });

    const line = dockerRunLine(plan).replace('docker run -d', `docker run -d --label ${TEST_RUN_LABEL}=${testRunId}`);
    const id = execFileSync('sh', ['-c', line], { encoding: 'utf8' }).trim();
    const viaCli = docker.getContainer(id);
    const b = comparable(await viaCli.inspect());
    await viaCli.remove({ force: true });

    expect(b).toEqual(a);
    expect(a.cmd).toEqual(['--model', 'Qwen/Qwen3-0.6B', '--max-model-len', '2048', '--served-model-name', "it's"]);
  });

  it('finds a free host port, skipping one in use on 127.0.0.1 and ones claimed by deployments', async () => {
    const first = await findFreeHostPort({ docker, local: true, range: [18_100, 18_140] });
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(first, '127.0.0.1', () => r()));
    try {
      const next = await findFreeHostPort({ docker, local: true, range: [18_100, 18_140] });
      expect(next).not.toBe(first);
      const skipping = await findFreeHostPort({ docker, local: true, range: [18_100, 18_140], exclude: [next] });
      expect([first, next]).not.toContain(skipping);
      expect(await findFreeHostPort({ docker, local: true, range: [18_100, 18_140], preferred: 18_139 })).toBe(18_139);
      await expect(findFreeHostPort({ docker, local: true, range: [first, first] })).rejects.toThrow(
        /No free host port/,
      );
    } finally {
      blocker.close();
    }
  });
});
