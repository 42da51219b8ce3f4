// The package's `vllm-sim` command as npm links it (package.json `bin`, run from the TypeScript sources with no
// build step): --help / -h print the usage and every modelled flag and start no server; MODEL --port N serves.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KNOWN } from '../src/args';

const pkgDir = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const bin = join(pkgDir, pkg.bin['vllm-sim']);
const children: ReturnType<typeof spawn>[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function run(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const answers = (port: number) =>
  fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(500) }).then(
    () => true,
    () => false,
  );

describe('the vllm-sim bin', () => {
  it('is linked by npm as node_modules/.bin/vllm-sim', () => {
    let dir = pkgDir;
    while (!existsSync(join(dir, 'node_modules/.bin/vllm-sim')) && dirname(dir) !== dir) dir = dirname(dir);
    expect(realpathSync(join(dir, 'node_modules/.bin/vllm-sim'))).toBe(realpathSync(bin));
  });

  it.each(['--help', '-h'])(
    '%s prints the usage and every modelled flag, exits 0 and starts no server',
    async (flag) => {
      const port = await freePort();
      const sim = run(['Qwen/Qwen3-0.6B', '--port', String(port), flag]);
      expect(await sim.exited).toBe(0);
      expect(sim.stdout().startsWith('usage: vllm serve [model_tag] [options]\n')).toBe(true);
      for (const name of Object.keys(KNOWN)) expect(sim.stdout(), name).toContain(`--${name}`);
      expect(sim.stdout()).not.toContain('Starting vLLM API server');
      expect(sim.stderr()).toBe('');
      expect(await answers(port)).toBe(false);
    },
  );

  it('MODEL --port N serves that model on that port, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const sim = run(['Qwen/Qwen3-0.6B', '--port', String(port), '--host', '127.0.0.1', '--stats-interval-s', '0']);
    const deadline = Date.now() + 15_000;
    while (!sim.stdout().includes('Application startup complete.') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(sim.stdout()).toContain(`Starting vLLM API server 0 on http://127.0.0.1:${port}`);
    const models = (await (await fetch(`http://127.0.0.1:${port}/v1/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(['Qwen/Qwen3-0.6B']);
    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(0);
  });
});
