// A real Podman service for the Podman suites: `podman system service` on a socket of its own,
// with its own storage (kept between runs under the temp dir, so the simulator image is built
// once), reached by Switchyard through the Docker-compatible API as a `unix://…/podman.sock` host.
// Missing podman skips the suites with a line saying so; under CI=true it is a failure.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { buildSimImage, SIM_IMAGE_TAG } from 'vllm-sim';
import { dockerFor } from '../../electron/core/docker/connection';
import { IN_CI } from '../support/requirements';

function podmanProblem(): string | null {
  try {
    execFileSync('podman', ['--version'], { stdio: 'pipe', timeout: 10_000 });
    return null;
  } catch (err) {
    return `podman is not installed (${(err as Error).message.split('\n')[0]}); apt-get install -y podman`;
  }
}

let podman: boolean | undefined;
export function hasPodman(): boolean {
  if (podman !== undefined) return podman;
  const problem = podmanProblem();
  if (problem && IN_CI) throw new Error(`Podman is required under CI=true: ${problem}`);
  if (problem) console.warn(`[skip] Podman suites skipped: ${problem}`);
  podman = !problem;
  return podman;
}

export interface PodmanService {
  endpoint: string;
  docker: Docker;
  /** `podman …` against this service's storage (for checks the API does not give). */
  cli(args: string[]): string;
  close(): Promise<void>;
}

const STORE = join(tmpdir(), 'switchyard-podman-test-store');

/** `hostLimits: false` leaves Podman's own container limits (1048576), to see how a refusal reads. */
export async function startPodmanService(opts: { hostLimits?: boolean } = {}): Promise<PodmanService> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-podman-'));
  mkdirSync(STORE, { recursive: true });
  const socket = join(dir, 'podman.sock');
  // Rootful Podman sets each container's open-files and process limits to 1048576 unless told
  // otherwise; where it may not raise them (a sandbox without CAP_SYS_RESOURCE, lower hard limits),
  // runc refuses to create the container ("error setting rlimit type 7 / 6: operation not
  // permitted"). The service's own containers.conf asks for the limits this process has (the
  // process count no higher than pid_max, to which Podman lowers its own).
  const proc = readFileSync('/proc/self/limits', 'utf8');
  const hard = (row: string) => Number(new RegExp(`^${row}\\s+\\S+\\s+(\\d+)`, 'm').exec(proc)?.[1] ?? Number.NaN);
  const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
  const limits = [
    ['nofile', hard('Max open files')],
    ['nproc', Math.min(hard('Max processes'), pidMax)],
  ].filter((l): l is [string, number] => Number.isFinite(l[1]));
  const conf = join(dir, 'containers.conf');
  writeFileSync(conf, `[containers]\ndefault_ulimits = [${limits.map(([k, v]) => `"${k}=${v}:${v}"`).join(', ')}]\n`);
  // Podman's database remembers its runroot: both stay with the kept storage.
  const storage = ['--root', join(STORE, 'root'), '--runroot', join(STORE, 'run'), '--tmpdir', join(dir, 'tmp')];
  // Without host limits the system's containers.conf applies, as on a user's machine.
  const env = opts.hostLimits === false ? { ...process.env } : { ...process.env, CONTAINERS_CONF: conf };
  const child: ChildProcess = spawn('podman', [...storage, 'system', 'service', '--time=0', `unix://${socket}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env,
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const deadline = Date.now() + 15_000;
  while (!existsSync(socket)) {
    if (child.exitCode !== null) throw new Error(`podman system service exited ${child.exitCode}: ${stderr.trim()}`);
    if (Date.now() > deadline) throw new Error(`podman system service made no socket in 15 s: ${stderr.trim()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const endpoint = `unix://${socket}`;
  return {
    endpoint,
    docker: dockerFor(endpoint),
    cli: (args) => execFileSync('podman', [...storage, ...args], { encoding: 'utf8', timeout: 30_000, env }),
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The simulator image in Podman's storage, built with the app's own builder through the socket when missing. */
export async function ensureSimImageIn(docker: Docker): Promise<{ tag: string; builtMs: number | null }> {
  try {
    await docker.getImage(SIM_IMAGE_TAG).inspect();
    return { tag: SIM_IMAGE_TAG, builtMs: null };
  } catch {
    const t0 = Date.now();
    await buildSimImage({ docker });
    return { tag: SIM_IMAGE_TAG, builtMs: Date.now() - t0 };
  }
}
