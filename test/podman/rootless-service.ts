// A real rootless Podman service for the rootless suite: a non-root user (made here when missing,
// with its subordinate ids and its XDG_RUNTIME_DIR), `podman system service` run as that user on a
// socket under its runtime dir, the simulator image loaded into the user's own storage. What this
// machine lacks for rootless Podman is found first and named (skip line, or the test's title).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOTLESS_USER = 'sy-rootless';
const SUB_RANGE = '300000:65536';

const sh = (cmd: string, timeout = 60_000) =>
  execFileSync('sh', ['-c', cmd], { encoding: 'utf8', timeout, stdio: 'pipe' });

/** Why rootless Podman cannot be tried at all here, or null. */
export function rootlessSetupProblem(): string | null {
  if (process.getuid?.() !== 0) return 'making the rootless test user needs root';
  for (const tool of ['podman', 'useradd', 'newuidmap', 'newgidmap', 'su'])
    try {
      sh(`command -v ${tool}`);
    } catch {
      return `${tool} is not installed (apt-get install podman uidmap passwd)`;
    }
  return null;
}

/**
 * What this machine lacks for a rootless container, in the order Podman meets it: /dev/mqueue
 * (bound into each container at create), /dev/net/tun for the user (slirp4netns/pasta, at start).
 */
export function rootlessContainerProblems(): { call: 'create' | 'start'; problem: string }[] {
  const problems: { call: 'create' | 'start'; problem: string }[] = [];
  if (
    !sh('cat /proc/mounts')
      .split('\n')
      .some((l) => l.split(' ')[1] === '/dev/mqueue')
  )
    problems.push({ call: 'create', problem: 'no /dev/mqueue is mounted' });
  try {
    sh(`su -s /bin/sh ${ROOTLESS_USER} -c 'test -r /dev/net/tun -a -w /dev/net/tun'`);
  } catch {
    const mode = existsSync('/dev/net/tun') ? sh('stat -c %A /dev/net/tun').trim() : 'missing';
    problems.push({ call: 'start', problem: `/dev/net/tun is ${mode}, which ${ROOTLESS_USER} may not open` });
  }
  return problems;
}

export function ensureRootlessUser(): { uid: number; runtimeDir: string } {
  try {
    sh(`id -u ${ROOTLESS_USER}`);
  } catch {
    sh(`useradd -m -s /bin/sh ${ROOTLESS_USER}`);
  }
  for (const file of ['/etc/subuid', '/etc/subgid'])
    if (
      !readFileSync(file, 'utf8')
        .split('\n')
        .some((l) => l.startsWith(`${ROOTLESS_USER}:`))
    )
      appendFileSync(file, `${ROOTLESS_USER}:${SUB_RANGE}\n`);
  const uid = Number(sh(`id -u ${ROOTLESS_USER}`).trim());
  const runtimeDir = `/run/user/${uid}`;
  mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
  chownSync(runtimeDir, uid, uid);
  return { uid, runtimeDir };
}

export interface RootlessService {
  endpoint: string;
  /** `podman …` as the user, on the user's storage. */
  cli(args: string): string;
  close(): Promise<void>;
}

export async function startRootlessService(runtimeDir: string): Promise<RootlessService> {
  const env = `XDG_RUNTIME_DIR=${runtimeDir}`;
  const socket = join(runtimeDir, `switchyard-test-${process.pid}.sock`);
  const child: ChildProcess = spawn(
    'su',
    ['-s', '/bin/sh', ROOTLESS_USER, '-c', `${env} exec podman system service --time=0 unix://${socket}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const deadline = Date.now() + 20_000;
  while (!existsSync(socket)) {
    if (child.exitCode !== null) throw new Error(`rootless podman system service exited ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`rootless podman system service made no socket in 20 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const cli = (args: string) => sh(`su -s /bin/sh ${ROOTLESS_USER} -c '${env} podman ${args}'`, 120_000);
  return {
    endpoint: `unix://${socket}`,
    cli,
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      sh(`rm -f ${socket}`);
    },
  };
}

/** The simulator image, from this machine's Docker (`dockerTag`) into the user's storage, when it lacks it. */
export function loadSimImage(runtimeDir: string, dockerTag: string, podmanTag: string): void {
  const env = `XDG_RUNTIME_DIR=${runtimeDir}`;
  try {
    sh(`su -s /bin/sh ${ROOTLESS_USER} -c '${env} podman image exists ${podmanTag}'`);
  } catch {
    sh(`docker save ${dockerTag} | su -s /bin/sh ${ROOTLESS_USER} -c '${env} podman load -q'`, 180_000);
  }
}
