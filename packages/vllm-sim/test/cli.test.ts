// `switchyard sim` as a process (the bundled entry the image runs): vLLM's start-up lines on
// stdout, argparse's exit 2, vLLM's fatal start error (exit 1), SIGTERM → exit 0 promptly, and
// --crash-after → a non-zero exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
let bundle: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
  bundle = join(dir, 'vllm-sim.cjs');
  await build({
    entryPoints: [join(__dirname, '../src/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'silent',
  });
});

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function runSim(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [bundle, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const portOf = (stdout: string) => Number(/Starting vLLM API server 0 on http:\/\/[^:]+:(\d+)/.exec(stdout)![1]);

describe('switchyard sim (process)', () => {
  it("prints vLLM's start-up lines, serves, and exits 0 promptly on SIGTERM", async () => {
    const run = runSim([
      'Qwen/Qwen3-0.6B',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--max-model-len',
      '2048',
      '--enforce-eager',
      '--tensor-parallel-size',
      '1',
    ]);
    await waitFor(() => run.stdout().includes('Application startup complete.'));
    const out = run.stdout();
    expect(out).toMatch(
      /\(APIServer pid=\d+\) INFO \d\d-\d\d \d\d:\d\d:\d\d \[api_server\.py:\d+\] vLLM API server version /,
    );
    expect(out).toContain(
      "non-default args: {'model_tag': 'Qwen/Qwen3-0.6B', 'port': 0, 'host': '127.0.0.1', 'max_model_len': 2048, 'enforce_eager': True, 'tensor_parallel_size': 1, 'model': 'Qwen/Qwen3-0.6B'}",
    );
    expect(out).toContain('Using max model len 2048');
    const port = portOf(out);
    const res = await fetch(`http://127.0.0.1:${port}/v1/models`);
    expect(((await res.json()) as { data: { id: string }[] }).data[0].id).toBe('Qwen/Qwen3-0.6B');
    await waitFor(() => run.stdout().includes('"GET /v1/models HTTP/1.1" 200 OK'));
    const started = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(run.stdout()).toContain('Application shutdown complete.');
  });

  it("refuses --task with argparse's error and exit status 2", async () => {
    const run = runSim(['m', '--task', 'embed']);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('vllm serve: error: unrecognized arguments: --task embed');
  });

  it('fails like vLLM (exit 1) for --enable-auto-tool-choice without --tool-call-parser', async () => {
    const run = runSim(['m', '--port', '0', '--enable-auto-tool-choice']);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('--enable-auto-tool-choice requires --tool-call-parser');
  });

  it('fails like vLLM (exit 1) when max-model-len does not fit the KV cache', async () => {
    const run = runSim(['m', '--port', '0', '--max-model-len', '100000', '--num-gpu-blocks', '100']);
    expect(await run.exited).toBe(1);
    expect(run.stdout()).toContain("ValueError: To serve at least one request with the models's max seq len (100000)");
    expect(run.stdout()).toContain('RuntimeError: Engine core initialization failed.');
  });

  it('exits non-zero after --crash-after requests', async () => {
    const run = runSim([
      'm',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--crash-after',
      '1',
      '--ttft-ms',
      '0',
      '--itl-ms',
      '0',
    ]);
    await waitFor(() => run.stdout().includes('Application startup complete.'));
    const port = portOf(run.stdout());
    const res = await fetch(`http://127.0.0.1:${port}/v1/completions`, {
      method: 'POST',
      body: JSON.stringify({ prompt: 'hi', max_tokens: 2 }),
    });
    expect(res.status).toBe(200);
    expect(await run.exited).toBe(1);
    expect(run.stdout()).toContain('EngineCore encountered a fatal error.');
  });
});
