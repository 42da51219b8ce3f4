// What the agent CLI tests run against, as a user sets it up: a real `switchyard serve` process (the
// built CLI) in front of a real simulator process (`switchyard sim`, tools and reasoning on, a
// 128k context as an agent needs), an external server registered through the admin API, and a
// virtual key for one model group. The request log is read back through the admin API.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestLogRow } from '../../shared/schemas';
import { freePort } from '../support/net';
import { type ServeProcess, startServeProcess } from '../support/serve-process';

/** The CLI's entry from the project's devDependencies, or the folder SWITCHYARD_AGENT_CLIENTS names. */
export function resolveClient(path: string): string | null {
  for (const base of [process.cwd(), process.env.SWITCHYARD_AGENT_CLIENTS]) {
    if (!base) continue;
    try {
      return createRequire(join(base, 'package.json')).resolve(path);
    } catch {
      // not installed there
    }
  }
  return null;
}

/** Under CI a missing client fails the suite: it is a devDependency, so CI always has it. */
export const mustRun = process.env.CI === 'true';

export interface AgentStack {
  serve: ServeProcess;
  key: string;
  /** A temp HOME with a small project folder to work in. */
  home: string;
  work: string;
  admin<T>(name: string, body?: unknown): Promise<T>;
  /** The request log rows (newest first) through the admin API. */
  requests(): Promise<RequestLogRow[]>;
  close(): Promise<void>;
}

async function startSimProcess(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      'out/cli/switchyard.cjs',
      'sim',
      '--model',
      'Qwen/Qwen3-0.6B',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--max-model-len',
      '131072',
      '--enable-auto-tool-choice',
      '--tool-call-parser',
      'hermes',
      '--reasoning-parser',
      'qwen3',
      '--seed',
      '3',
    ],
    { stdio: 'ignore' },
  );
  const until = Date.now() + 20_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    if (Date.now() > until || child.exitCode !== null) throw new Error('the simulator process did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startAgentStack(): Promise<AgentStack> {
  const simPort = await freePort();
  const sim = await startSimProcess(simPort);
  const serve = await startServeProcess();
  const token = new URL(serve.uiUrl).hash.replace('#token=', '');
  const admin = async <T>(name: string, body: unknown = {}): Promise<T> => {
    const res = await fetch(`${serve.adminUrl}/api/${name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { result?: T; error?: { message: string } };
    if (!res.ok) throw new Error(`${name}: ${json.error?.message}`);
    return json.result as T;
  };
  // JSON is YAML: the same file a LiteLLM user would import, priced so each call's cost shows.
  const config = {
    model_list: [
      {
        model_name: 'agent',
        litellm_params: {
          model: 'hosted_vllm/Qwen/Qwen3-0.6B',
          api_base: `http://127.0.0.1:${simPort}/v1`,
          input_cost_per_token: 1e-6,
          output_cost_per_token: 2e-6,
        },
        model_info: { id: 'lab-sim' },
      },
    ],
  };
  await admin('config.importLitellm', { yaml: JSON.stringify(config) });
  const { key } = await admin<{ key: string }>('keys.create', { alias: 'agents', models: ['agent'] });
  const home = mkdtempSync(join(tmpdir(), 'switchyard-agent-'));
  const work = join(home, 'work');
  mkdirSync(work);
  writeFileSync(join(work, 'README.md'), '# Switchyard\nA gateway for self-hosted models.\n');
  return {
    serve,
    key,
    home,
    work,
    admin,
    requests: () => admin<RequestLogRow[]>('requests.recent', { limit: 200 }),
    async close() {
      await serve.stop();
      sim.kill('SIGTERM');
      rmSync(home, { recursive: true, force: true });
      rmSync(serve.dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs a client CLI with node and a clean environment; resolves with its exit code and output. */
export function runCli(
  cli: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  timeoutMs = 45_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
