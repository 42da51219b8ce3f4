// Runs `switchyard serve` as users do (the built CLI in a child process) and reads the URLs it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './net';

export interface ServeProcess {
  child: ChildProcess;
  dataDir: string;
  uiUrl: string;
  adminUrl: string;
  gatewayUrl: string;
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startServeProcess(extraArgs: string[] = []): Promise<ServeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-serve-'));
  const args = [
    'out/cli/switchyard.cjs',
    'serve',
    '--data-dir',
    dataDir,
    '--port',
    String(await freePort()),
    '--ui-port',
    String(await freePort()),
    ...extraArgs,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const urls = await new Promise<{ ui: string; gateway: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URLs within 20 s:\n${output}`)), 20_000);
    const check = () => {
      const ui = /ui listening on (\S+)/.exec(output)?.[1];
      const gateway = /gateway listening on (\S+)/.exec(output)?.[1];
      if (ui && gateway) {
        clearTimeout(timer);
        resolve({ ui, gateway });
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  return {
    child,
    dataDir,
    uiUrl: urls.ui,
    adminUrl: new URL(urls.ui).origin,
    gatewayUrl: urls.gateway,
    output: () => output,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
