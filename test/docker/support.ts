// Shared helpers of the Docker integration suites: the engine, the simulator image (built once if
// missing), and cleanup of everything a test creates (by a label unique to the test run).
import Docker from 'dockerode';
import { buildSimImage, SIM_IMAGE_TAG } from 'vllm-sim';

export const docker = new Docker();

/** Every container a suite creates carries this label, so afterAll can remove them all. */
export const TEST_RUN_LABEL = 'switchyard.test-run';
export const testRunId = `t${process.pid}-${Date.now().toString(36)}`;

export async function ensureSimImage(): Promise<string> {
  try {
    await docker.getImage(SIM_IMAGE_TAG).inspect();
  } catch {
    await buildSimImage({ docker });
  }
  return SIM_IMAGE_TAG;
}

/** Removes containers (force) and volumes labelled with this run's id. */
export async function removeTestResources(): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${TEST_RUN_LABEL}=${testRunId}`] } });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  const { Volumes } = await docker.listVolumes({ filters: { label: [`${TEST_RUN_LABEL}=${testRunId}`] } });
  await Promise.all(
    (Volumes ?? []).map((v) =>
      docker
        .getVolume(v.Name)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}
