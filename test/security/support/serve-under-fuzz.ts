// A real `serve --demo` process (the built CLI) to fuzz, with what the suites need to read from it:
// its keys, admin token, ports, the gateway child's pid, and a check of the answers' shapes.
import { readFile } from 'node:fs/promises';
import { startServeProcess, type ServeProcess } from '../../support/serve-process';
import { waitFor } from '../../support/net';
import { childPids, type RawResponse } from './raw-http';

export interface ServeUnderFuzz {
  serve: ServeProcess;
  masterKey: string;
  demoKey: string;
  adminToken: string;
  adminPort: number;
  gatewayPort: number;
  gatewayPid: number;
}

export async function startServeUnderFuzz(): Promise<ServeUnderFuzz> {
  const serve = await startServeProcess(['--demo']);
  const demoKey = await waitFor(
    'the demo key line',
    () => /demo key \(shown once\): (sk-\S+)/.exec(serve.output())?.[1],
  );
  const masterKey = /master key \(shown once, stored only as a hash\): (sk-\S+)/.exec(serve.output())![1];
  const gatewayPid = await waitFor('the gateway process', async () => {
    for (const pid of await childPids(serve.child.pid!)) {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (cmdline.includes('gateway.cjs')) return pid;
    }
    return undefined;
  });
  return {
    serve,
    masterKey,
    demoKey,
    adminToken: new URL(serve.uiUrl).hash.replace('#token=', ''),
    adminPort: Number(new URL(serve.adminUrl).port),
    gatewayPort: Number(new URL(serve.gatewayUrl).port),
    gatewayPid,
  };
}

/** The TCP ports a process listens on (Linux: its socket inodes matched in /proc/net/tcp and tcp6). */
export async function listeningPorts(pid: number): Promise<number[]> {
  const { readdir, readlink } = await import('node:fs/promises');
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // st 0A is LISTEN; the local address ends in :PORT in hex.
      if (cols[3] === '0A' && inodes.has(cols[9])) ports.add(Number.parseInt(cols[1].split(':').pop()!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** Whether a process still runs (and is not a zombie). */
export async function alive(pid: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return status !== '' && !/State:\s+Z/.test(status);
}

const isNullableString = (v: unknown) => v === null || typeof v === 'string';

/** OpenAI's error shape: {"error":{message,type,param,code}}; returns what is wrong, or null. */
export function openAiErrorProblem(res: RawResponse): string | null {
  let body: { error?: Record<string, unknown> };
  try {
    body = JSON.parse(res.body);
  } catch {
    return `not JSON: ${res.body.slice(0, 120)}`;
  }
  const e = body?.error;
  if (!e || typeof e !== 'object') return 'no "error" object';
  if (typeof e.message !== 'string' || !e.message) return 'error.message is not a non-empty string';
  if (typeof e.type !== 'string') return 'error.type is not a string';
  if (!('param' in e) || !isNullableString(e.param)) return 'error.param is missing or not string|null';
  if (!('code' in e) || !(isNullableString(e.code) || typeof e.code === 'number')) return 'error.code is missing';
  return null;
}

/** The admin API's error shape: {"error":{code,message}} with a code of the contract; returns what is wrong, or null. */
export function adminErrorProblem(res: RawResponse, codes: readonly string[]): string | null {
  let body: { error?: Record<string, unknown> };
  try {
    body = JSON.parse(res.body);
  } catch {
    return `not JSON: ${res.body.slice(0, 120)}`;
  }
  const e = body?.error;
  if (!e || typeof e !== 'object') return 'no "error" object';
  if (typeof e.code !== 'string' || !codes.includes(e.code))
    return `error.code ${String(e.code)} is not a contract code`;
  if (typeof e.message !== 'string' || !e.message) return 'error.message is not a non-empty string';
  return null;
}
