// Docker engine errors turned into sentences a person can act on. One place, so every caller
// (deploy, GPU discovery, pulls) says the same thing about the same failure.

export type DockerFailureKind =
  | 'no-gpu-runtime'
  | 'unknown-runtime'
  | 'image-missing'
  | 'image-not-found'
  | 'registry-unreachable'
  | 'port-taken'
  | 'name-taken'
  | 'other';

export interface DockerFailure {
  kind: DockerFailureKind;
  message: string;
  /** The engine's own words, for the details view. */
  cause: string;
}

/** The engine's message from a dockerode error (its JSON body) or any Error. */
export function engineMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; reason?: string; message?: string };
  return (e?.json?.message ?? e?.message ?? String(err)).trim();
}

export const NO_GPU_RUNTIME_HELP =
  'Install the NVIDIA Container Toolkit, then run `sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker`. ' +
  'Until then this host can run CPU-only or simulated engines only.';

export function explainDockerFailure(
  err: unknown,
  context: { image?: string; port?: number; name?: string } = {},
): DockerFailure {
  const cause = engineMessage(err);
  const image = context.image ?? 'the image';
  if (/could not select device driver|nvidia-container-cli|failed to create shim.*nvidia/i.test(cause)) {
    return {
      kind: 'no-gpu-runtime',
      cause,
      message: `Docker cannot give this container a GPU: the NVIDIA container toolkit is not set up on this host. ${NO_GPU_RUNTIME_HELP}`,
    };
  }
  if (/unknown runtime specified/i.test(cause)) {
    return {
      kind: 'unknown-runtime',
      cause,
      message: `Docker has no NVIDIA runtime registered. ${NO_GPU_RUNTIME_HELP}`,
    };
  }
  if (
    /pull access denied|manifest unknown|manifest for .* not found|repository does not exist|not found: manifest/i.test(
      cause,
    )
  ) {
    return {
      kind: 'image-not-found',
      cause,
      message: `The registry has no image ${image} (or it needs a login): check the name and tag, or run \`docker login\` for a private registry.`,
    };
  }
  if (
    /dial tcp|no such host|i\/o timeout|TLS handshake timeout|connection refused|network is unreachable|Client\.Timeout|EAI_AGAIN|ENOTFOUND/i.test(
      cause,
    )
  ) {
    return {
      kind: 'registry-unreachable',
      cause,
      message: `Cannot reach the registry to pull ${image}: this host is offline or behind a proxy Docker does not use. Connect it, or bring the image with \`docker save\` / \`docker load\`.`,
    };
  }
  if (/no such image/i.test(cause) || ((err as { statusCode?: number })?.statusCode === 404 && /image/i.test(cause))) {
    return { kind: 'image-missing', cause, message: `The image ${image} is not on this host and was not pulled.` };
  }
  if (/port is already allocated|address already in use/i.test(cause)) {
    return {
      kind: 'port-taken',
      cause,
      message:
        `Host port ${context.port ?? ''} is already in use: choose another port (or leave it empty to get a free one).`.replace(
          'port  is',
          'port is',
        ),
    };
  }
  if (/is already in use by container|Conflict\. The container name/i.test(cause)) {
    return {
      kind: 'name-taken',
      cause,
      message: `A container named ${context.name ?? 'like this'} already exists: remove it or choose another deployment name.`,
    };
  }
  const rlimit = /error setting rlimit type (\d+)/i.exec(cause);
  if (rlimit) {
    // Rootful Podman asks runc for 1048576 open files and processes unless containers.conf says
    // otherwise; a host whose own hard limits are lower (no CAP_SYS_RESOURCE) refuses that.
    const limit = ({ '6': 'processes (nproc)', '7': 'open files (nofile)' } as Record<string, string>)[rlimit[1]];
    return {
      kind: 'other',
      cause,
      message: `The engine refused to start the container: its runtime may not raise the container's limit of ${limit ?? `resource ${rlimit[1]}`} above this host's. Rootful Podman asks for 1048576 by default: set default_ulimits in its containers.conf (for example ["nofile=65536:65536", "nproc=32768:32768"]) to limits the host allows, and restart the Podman service. The engine said: ${cause}`,
    };
  }
  if (/statfs \/dev\/mqueue: no such file/i.test(cause))
    // Rootless Podman cannot mount a message-queue filesystem of its own: it binds the host's.
    return {
      kind: 'other',
      cause,
      message: `Rootless Podman could not create the container: this machine has no /dev/mqueue, which rootless Podman binds into every container. Mount it (mkdir -p /dev/mqueue && mount -t mqueue mqueue /dev/mqueue) or use a rootful Podman socket. The engine said: ${cause}`,
    };
  const rootlessNet = /(slirp4netns|pasta)[^:]* failed/i.exec(cause);
  const tunRefusal = /open\(\\?"\/dev\/net\/tun\\?"\): ([A-Za-z ]+)/.exec(cause);
  if (rootlessNet) {
    // Rootless Podman gives each container its network through slirp4netns or pasta, which need
    // /dev/net/tun opened by the user running the service.
    const tun = tunRefusal ? ` (opening /dev/net/tun: ${tunRefusal[1].trim()})` : '';
    return {
      kind: 'other',
      cause,
      message: `Rootless Podman could not give the container its network: ${rootlessNet[1]} failed${tun}. Let the user that runs the Podman service open /dev/net/tun (most distributions ship it as crw-rw-rw-; here: chmod 0666 /dev/net/tun), or use a rootful Podman socket. The engine said: ${cause}`,
    };
  }
  return { kind: 'other', cause, message: `Docker refused: ${cause}` };
}
