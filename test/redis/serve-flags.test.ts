// `switchyard serve --redis … --gateway-workers N` as users type it (the built CLI, out/): workers
// need Redis, bad values get one line that says what to do, and with a real redis-server the
// gateway comes up with its workers on the one port.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../support/net';
import { hasRedis, type RedisServer, startRedis } from './support/redis-server';

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['out/cli/switchyard.cjs', 'serve', ...args], { encoding: 'utf8', timeout: 20_000 });

let redis: RedisServer;
beforeAll(async () => {
  if (hasRedis()) redis = await startRedis();
});
afterAll(() => redis?.stop());

describe('serve --redis / --gateway-workers', () => {
  it('refuses workers without Redis, and values that are not a count or a Redis URL', () => {
    const noRedis = cli(['--gateway-workers', '3']);
    expect(noRedis.status).toBe(2);
    expect(noRedis.stderr).toContain('--gateway-workers 3 needs --redis redis://host:6379');
    const notCount = cli(['--gateway-workers', 'many', '--redis', 'redis://127.0.0.1:6379']);
    expect(notCount.status).toBe(2);
    expect(notCount.stderr).toContain('--gateway-workers must be a whole number from 1 to 256');
    const notRedis = cli(['--redis', 'http://127.0.0.1:6379']);
    expect(notRedis.status).toBe(2);
    expect(notRedis.stderr).toContain('--redis must be a Redis URL such as redis://127.0.0.1:6379');
  });

  it.runIf(hasRedis())(
    'serves with two workers sharing a real Redis',
    async () => {
      const serve = await startServe(['--redis', redis.url, '--gateway-workers', '2']);
      try {
        await waitFor(
          'the gateway workers answering /health',
          async () => (await fetch(`${serve.gatewayUrl}/health`)).ok,
          40_000,
          250,
        );
        expect(serve.output()).toContain('gateway state shared through Redis; 2 gateway worker(s) on the gateway port');
      } finally {
        expect(await serve.stop()).toBe(0);
      }
    },
    70_000,
  );

  it('says which Redis does not answer when none listens there', async () => {
    const port = await freePort();
    const serve = await startServe(['--redis', `redis://127.0.0.1:${port}`]);
    try {
      await waitFor('the reason', () => serve.output().includes('does not answer'), 40_000, 250);
      expect(serve.output()).toContain(`Redis at redis://127.0.0.1:${port} does not answer`);
    } finally {
      await serve.stop();
    }
  }, 70_000);
});

/** serve on a fresh data dir and free ports; the gateway may still be starting when it returns (a busy machine). */
async function startServe(args: string[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-serve-redis-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      'out/cli/switchyard.cjs',
      'serve',
      '--data-dir',
      dataDir,
      '--port',
      String(port),
      '--ui-port',
      String(await freePort()),
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor('serve to print its UI URL', () => output.includes('ui listening on'), 40_000, 100);
  return {
    gatewayUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
