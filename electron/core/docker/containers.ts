// Switchyard's containers on one engine, found by their switchyard.* labels (Docker is the truth):
// list them for reconciliation, and stop, start, remove and read the logs of one by deployment name.
import type Docker from 'dockerode';
import { DeploymentSpec } from '../../../shared/deployment-schemas';
import { demuxLogs } from './log-stream';
import { containerNameOf, LABEL } from './plan';

export interface ManagedContainer {
  deployment: string;
  containerId: string;
  containerName: string;
  image: string;
  /** Docker's state: created, running, restarting, exited, paused, dead. */
  state: string;
  status: string;
  hostPort: number | null;
  model: string | null;
  /** The spec recorded at creation, when the label parses (adoption after the database is lost). */
  spec: DeploymentSpec | null;
  createdAt: number;
}

function specFromLabel(text: string | undefined): DeploymentSpec | null {
  if (!text) return null;
  try {
    const parsed = DeploymentSpec.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Every deployment container on the engine (not GPU probes or other helpers). */
export async function listManagedContainers(docker: Docker): Promise<ManagedContainer[]> {
  const found = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL.managed}=true`, LABEL.deployment] },
  });
  return found.map((c) => {
    const port = Number(c.Labels[LABEL.hostPort]);
    return {
      deployment: c.Labels[LABEL.deployment],
      containerId: c.Id,
      containerName: (c.Names[0] ?? '').replace(/^\//, ''),
      image: c.Image,
      state: c.State,
      status: c.Status,
      hostPort: Number.isInteger(port) && port > 0 ? port : null,
      model: c.Labels[LABEL.model] ?? null,
      spec: specFromLabel(c.Labels[LABEL.spec]),
      createdAt: c.Created * 1000,
    };
  });
}

export class DeploymentNotFoundError extends Error {
  constructor(readonly deployment: string) {
    super(
      `No container for deployment "${deployment}" on this Docker host: it was removed outside Switchyard. Deploy it again.`,
    );
    this.name = 'DeploymentNotFoundError';
  }
}

/** The deployment's container, checked to be ours; throws DeploymentNotFoundError. */
export async function findContainer(
  docker: Docker,
  deployment: string,
): Promise<{ container: Docker.Container; info: Docker.ContainerInspectInfo }> {
  const container = docker.getContainer(containerNameOf(deployment));
  try {
    const info = await container.inspect();
    if (info.Config.Labels?.[LABEL.deployment] !== deployment) throw new DeploymentNotFoundError(deployment);
    return { container, info };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) throw new DeploymentNotFoundError(deployment);
    throw err;
  }
}

/** Stops gracefully (SIGTERM; vLLM finishes in-flight requests), killing after `timeoutS`. */
export async function stopContainer(docker: Docker, deployment: string, timeoutS = 30): Promise<void> {
  const { container, info } = await findContainer(docker, deployment);
  if (!info.State.Running && !info.State.Restarting) return;
  await container.stop({ t: timeoutS }).catch((err: { statusCode?: number }) => {
    if (err.statusCode !== 304) throw err; // 304: already stopped
  });
}

export async function removeContainer(docker: Docker, deployment: string): Promise<boolean> {
  try {
    const { container } = await findContainer(docker, deployment);
    await container.remove({ force: true });
    return true;
  } catch (err) {
    if (err instanceof DeploymentNotFoundError) return false;
    throw err;
  }
}

/** The last `tail` lines of the container's log (stdout and stderr interleaved as Docker kept them). */
export async function containerLogs(docker: Docker, deployment: string, tail = 500): Promise<string[]> {
  const { container, info } = await findContainer(docker, deployment);
  const raw = (await container.logs({ stdout: true, stderr: true, follow: false, tail })) as unknown as Buffer;
  return demuxLogs(raw, !info.Config.Tty).map((l) => l.text);
}
