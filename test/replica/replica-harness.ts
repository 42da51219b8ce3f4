// The parts a replica test runs, each a real process from out/cli: `switchyard serve` on a data dir
// and ports that survive its restart, `switchyard gateway token`, and `switchyard gateway --join`.
// The instance's request log is read from its SQLite file, as an operator's query would.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';

const CLI = 'out/cli/switchyard.cjs';

export interface CliProcess {
  child: ChildProcess;
  output: () => string;
  /** The first capture of `pattern` in the output, waited for up to `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends `signal` and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function startCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          clearInterval(poll);
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        const poll = setInterval(() => {
          const match = pattern.exec(output);
          if (match) {
            clearTimeout(timer);
            clearInterval(poll);
            resolve(match[1] ?? match[0]);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            clearInterval(poll);
            reject(new Error(`exited before ${pattern}:\n${output}`));
          }
        }, 25);
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** `switchyard serve` on fixed ports, so a restart answers where the replica looks. */
export async function startInstance(
  dataDir: string,
  port: number,
  uiPort: number,
  config: string,
  extra: string[] = [],
) {
  const serve = startCli([
    'serve',
    '--data-dir',
    dataDir,
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--config',
    config,
    ...extra,
  ]);
  await serve.waitFor(/ui listening on (\S+)/);
  return serve;
}

export async function issueJoinToken(dataDir: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'gateway', 'token', '--data-dir', dataDir]);
  return stdout.trim();
}

export async function startReplica(
  adminUrl: string,
  token: string,
  port: number,
  spoolDir: string,
  extra: string[] = [],
) {
  const replica = startCli(['gateway', '--join', adminUrl, '--port', String(port), '--spool-dir', spoolDir, ...extra], {
    SWITCHYARD_JOIN_TOKEN: token,
  });
  await replica.waitFor(/gateway listening on (\S+)/);
  return replica;
}

/** How many rows the instance's request log holds for each request id. */
export function loggedIds(dataDir: string): Map<string, number> {
  const db = new Database(join(dataDir, 'switchyard.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`SELECT id, count(*) AS n FROM request_logs GROUP BY id`).all() as {
      id: string;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.id, r.n]));
  } finally {
    db.close();
  }
}

/** One chat completion through `gatewayUrl`; the request id when the whole answer arrived, else null. */
export async function chat(gatewayUrl: string, key: string): Promise<{ status: number; id: string | null }> {
  try {
    const res = await fetch(`${gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8 }),
    });
    const body = await res.text();
    const done = res.status === 200 && body.includes('"choices"');
    return { status: res.status, id: done ? res.headers.get('x-request-id') : null };
  } catch {
    return { status: 0, id: null };
  }
}
