// GPU discovery against the real engine. This machine has no NVIDIA toolkit: discovery must say
// so in plain words (the "no runtime" path for real), and clean up its probe container.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverGpus } from '../../electron/core/docker/gpus';
import { hasDocker } from '../support/requirements';
import { docker, ensureSimImage } from './support';

const run = hasDocker();

describe.runIf(run)('GPU discovery on a host without the NVIDIA toolkit', () => {
  let image: string;
  beforeAll(async () => {
    image = await ensureSimImage();
  }, 120_000);
  afterAll(async () => {
    const left = await docker.listContainers({ all: true, filters: { label: ['switchyard.role=gpu-probe'] } });
    await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  });

  it('reports no GPUs, says the toolkit is missing and how to install it, and leaves no container behind', async () => {
    const before = await docker.listContainers({ all: true });
    const inv = await discoverGpus(docker, { hostId: 'local', image });
    expect(inv.available).toBe(false);
    expect(inv.gpus).toEqual([]);
    expect(inv.problem).toMatch(/NVIDIA container toolkit is not set up/);
    expect(inv.problem).toMatch(/nvidia-ctk runtime configure/);
    expect((await docker.listContainers({ all: true })).length).toBe(before.length);
  });

  it('says plainly when the probe image is not on the host', async () => {
    const inv = await discoverGpus(docker, { hostId: 'local', image: 'switchyard/not-here:none' });
    expect(inv.available).toBe(false);
    expect(inv.problem).toMatch(/switchyard\/not-here:none is not on this host/);
  });
});
