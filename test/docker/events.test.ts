// The typed event stream on the real engine: a deployment container's create, start, die (with
// exit code), destroy arrive as typed events; other containers are not reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineEventStream, type ContainerEvent, type EngineEvent } from '../../electron/core/docker/engine-events';
import { hasDocker } from '../support/requirements';
import { docker, ensureSimImage, removeTestResources, TEST_RUN_LABEL, testRunId } from './support';

const run = hasDocker();

describe.runIf(run)('engine events (real Docker)', () => {
  let image = '';
  beforeAll(async () => {
    image = await ensureSimImage();
  }, 120_000);
  afterAll(removeTestResources);

  it("reports a deployment container's lifecycle as typed events, and nothing about unlabelled ones", async () => {
    const events: EngineEvent[] = [];
    const stream = new EngineEventStream(docker).start();
    stream.on((e) => events.push(e));
    const deadline = Date.now() + 5_000;
    while (!stream.isConnected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

    const deployment = `ev-${testRunId}`.toLowerCase();
    const labels = { [TEST_RUN_LABEL]: testRunId };
    const ours = await docker.createContainer({
      Image: image,
      Cmd: ['--model', 'm', '--task', 'generate'],
      Labels: { ...labels, 'switchyard.managed': 'true', 'switchyard.deployment': deployment },
    });
    const other = await docker.createContainer({
      Image: image,
      Cmd: ['--model', 'm', '--task', 'generate'],
      Labels: labels,
    });
    await ours.start();
    await other.start();
    await ours.wait();
    await other.wait();
    await ours.remove();
    await other.remove();

    const until = Date.now() + 5_000;
    while (
      !events.some((e) => e.type === 'container' && e.action === 'destroy' && e.deployment === deployment) &&
      Date.now() < until
    )
      await new Promise((r) => setTimeout(r, 20));
    stream.close();

    // Other suites may run labelled containers meanwhile: look at ours, and check the unlabelled one never shows.
    const containerEvents = events.filter((e): e is ContainerEvent => e.type === 'container');
    expect(containerEvents.some((e) => e.containerId === other.id)).toBe(false);
    const mine = containerEvents.filter((e) => e.deployment === deployment);
    expect(mine.map((e) => e.action)).toEqual(['create', 'start', 'die', 'destroy']);
    expect(mine.find((e) => e.action === 'die')?.exitCode).toBe(2);
    expect(mine[0].containerId).toBe(ours.id);
  });
});
