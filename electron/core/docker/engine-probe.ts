// Asks a Docker engine whether it answers, which version it runs and whether the NVIDIA runtime is
// there, and explains a failure in words a person can act on.
import type { DockerStatus } from '../../../shared/schemas';
import { dockerForHost } from './connection';
import { explainSshError } from './ssh-transport';

const PROBE_TIMEOUT_MS = 5_000;
const SSH_PROBE_TIMEOUT_MS = 12_000;
/**
 * Once the engine has answered its ping: Podman builds /version and /info by running conmon, runc
 * and the package manager, which took 2–6 s each on a busy 2-core box, so the facts get longer.
 */
const FACTS_TIMEOUT_MS = 20_000;

export function explainDockerError(endpoint: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException & { statusCode?: number; reason?: string };
  const where = endpoint.replace(/^unix:\/\//, '');
  if (endpoint.startsWith('ssh://')) {
    const ssh = explainSshError(endpoint, e as { message?: string; level?: string });
    if (ssh) return ssh;
  }
  switch (e.code) {
    case 'ENOENT':
      return `No Docker engine at ${where}: Docker is not installed or not running. Install Docker Engine (Linux) or Docker Desktop and start it.`;
    case 'EACCES':
      return `Permission denied on ${where}: add your user to the docker group (sudo usermod -aG docker $USER), then log out and in again.`;
    case 'ECONNREFUSED':
      return `Docker at ${endpoint} refused the connection: the engine is not running. Start it (sudo systemctl start docker).`;
    case 'ETIMEDOUT':
    case 'PROBE_TIMEOUT':
      return `Docker at ${endpoint} did not answer within ${((e as { ms?: number }).ms ?? PROBE_TIMEOUT_MS) / 1000} s: check the host is up and reachable.`;
    case 'ENOTFOUND':
      return `Cannot resolve the host in ${endpoint}: check its name.`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `TLS error talking to ${endpoint} (${e.code}): check the CA, client certificate and key for this host.`;
    default:
      return `Docker at ${endpoint} did not answer: ${e.message ?? String(err)}`;
  }
}

function withTimeout<T>(promise: Promise<T>, ms = PROBE_TIMEOUT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(Object.assign(new Error(`timed out after ${ms / 1000} s`), { code: 'PROBE_TIMEOUT', ms })),
      ms,
    );
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export async function probeEngine(endpoint: string, tlsCertDir: string | null = null): Promise<DockerStatus> {
  try {
    const docker = dockerForHost({ endpoint, tlsCertDir });
    // An engine that is not there is told within PROBE_TIMEOUT_MS by its ping; over ssh the first
    // ping also opens the connection, whose handshake alone took 5 s on a loaded 2-core machine.
    await withTimeout(docker.ping(), endpoint.startsWith('ssh://') ? SSH_PROBE_TIMEOUT_MS : PROBE_TIMEOUT_MS);
    const [version, info] = await withTimeout(
      Promise.all([docker.version(), docker.info() as Promise<{ Runtimes?: Record<string, unknown> }>]),
      FACTS_TIMEOUT_MS,
    );
    return {
      reachable: true,
      endpoint,
      version: version.Version ?? null,
      apiVersion: version.ApiVersion ?? null,
      problem: null,
      nvidiaRuntime: Boolean(info.Runtimes && 'nvidia' in info.Runtimes),
    };
  } catch (err) {
    return {
      reachable: false,
      endpoint,
      version: null,
      apiVersion: null,
      problem: explainDockerError(endpoint, err),
      nvidiaRuntime: false,
    };
  }
}
