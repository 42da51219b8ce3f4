// GpuSampler against the real engine through DeploymentService.gpus. This machine has no NVIDIA
// toolkit: a ready deployment's host must be skipped quietly (one log line, no samples, no probe
// container left behind), with the inventory saying why.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuSampler } from '../../electron/core/docker/gpu-sampler';
import { progressOf } from '../../electron/core/docker/lifecycle';
import { DeploymentService } from '../../electron/core/docker/service';
import { ChangeNotice } from '../../electron/core/changes';
import { EventBus } from '../../electron/core/events';
import { Store } from '../../electron/core/store';
import { DeploymentSpec } from '../../shared/deployment-schemas';
import { hasDocker } from '../support/requirements';
import { docker, ensureSimImage } from './support';

const run = hasDocker();

describe.runIf(run)('GPU sampling on a host without the NVIDIA toolkit', () => {
  let image: string;
  beforeAll(async () => {
    image = await ensureSimImage();
  }, 300_000);
  afterAll(async () => {
    const left = await docker.listContainers({ all: true, filters: { label: ['switchyard.role=gpu-probe'] } });
    await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  });

  it('skips the host with one log line, stores no sample, and leaves no probe container', async () => {
    const store = Store.open(mkdtempSync(join(tmpdir(), 'switchyard-sampler-docker-')));
    const clock = { now: () => Date.now() };
    const events = new EventBus();
    const service = new DeploymentService({ store, events, changes: new ChangeNotice(store, events), clock });
    const lines: string[] = [];
    // A retry pause of 0 makes every pass probe again, so "said once" is tested, not just "asked once".
    const sampler = new GpuSampler(store, (hostId) => service.gpus(hostId, true), clock, {
      everyMs: 3_600_000,
      unavailableRetryMs: 0,
      log: (l) => lines.push(l),
    });
    try {
      store.deployments.insert(
        DeploymentSpec.parse({ name: 'sim-a', model: 'Qwen/Qwen3-0.6B', image }),
        'sim-a',
        18_001,
        clock.now(),
      );
      store.deployments.setProgress(progressOf('sim-a', 'ready', clock.now()), clock.now());
      const before = (await docker.listContainers({ all: true })).length;

      expect(await sampler.sampleOnce()).toBe(0);
      expect(await sampler.sampleOnce()).toBe(0);

      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^gpu sampling: host local skipped: .*NVIDIA container toolkit is not set up/);
      expect(store.gpuSamples.latest('local')).toEqual([]);
      const inventory = store.hosts.gpuInventory('local');
      expect(inventory).toMatchObject({ hostId: 'local', available: false, gpus: [] });
      expect((await docker.listContainers({ all: true })).length).toBe(before);
    } finally {
      sampler.close();
      service.close();
      store.close();
    }
  });
});
