// The bench's child processes: each started in its own process group with its output in a log
// file, and all of them stopped (SIGTERM, then SIGKILL) however the bench ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface Child {
  name: string;
  proc: ChildProcess;
  logPath: string;
  /** The last lines of its output, for error messages. */
  tail(lines?: number): string;
}

const STOP_GRACE_MS = 3_000;

export class ChildRegistry {
  private readonly children = new Set<Child>();

  constructor(private readonly logDir: string) {}

  /** `ipc`: open Node's message channel to the child (for a Node script). */
  start(
    name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv = process.env,
    options: { ipc?: boolean } = {},
  ): Child {
    const logPath = join(this.logDir, `${name}.log`);
    const fd = openSync(logPath, 'a');
    // detached: its own process group, so stopping it also stops what it forked (serve → gateway).
    const proc = spawn(command, args, {
      env,
      stdio: options.ipc ? ['ignore', fd, fd, 'ipc'] : ['ignore', fd, fd],
      detached: true,
    });
    closeSync(fd);
    const child: Child = {
      name,
      proc,
      logPath,
      tail: (lines = 15) => {
        try {
          return readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
        } catch {
          return '(no output)';
        }
      },
    };
    this.children.add(child);
    proc.once('exit', () => this.children.delete(child));
    return child;
  }

  /** Stops one child and its process group; resolves once it has exited. */
  async stop(child: Child): Promise<void> {
    const { proc } = child;
    if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) {
      this.children.delete(child);
      return;
    }
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    signalGroup(proc.pid, 'SIGTERM');
    const killed = setTimeout(() => signalGroup(proc.pid!, 'SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(killed);
    // Whatever it forked and left behind in its group (serve's gateway child) goes too.
    signalGroup(proc.pid, 'SIGKILL');
    this.children.delete(child);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children].map((c) => this.stop(c)));
  }

  /** Last resort on process exit: no waiting possible, so kill outright. */
  killAllNow(): void {
    for (const c of this.children) if (c.proc.pid !== undefined) signalGroup(c.proc.pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** A TCP port free on 127.0.0.1 at the time of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns true; throws with the child's output if it never does. */
export async function waitUntil(
  what: string,
  child: Child,
  probe: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) {
      throw new Error(
        `${child.name} exited (${child.proc.exitCode ?? child.proc.signalCode}) before ${what}. Its last output:\n${child.tail()}`,
      );
    }
    try {
      if (await probe()) return;
    } catch {
      // Not up yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `${child.name}: timed out after ${timeoutMs} ms waiting until ${what}. Its last output:\n${child.tail()}`,
  );
}
