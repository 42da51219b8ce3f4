// Finding 8: `config.importLitellm {"path":"/dev/zero"}` once blocked the core's event loop and
// grew it to ~16 GB. Config files are read only when they are regular files of at most 4 MiB —
// for the admin API, `switchyard import`, `serve --config` and a config's `include:` files —
// checked on real files: a device, a FIFO (which would block a plain open), a directory, a
// symlink to a device, and a file over the limit.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONFIG_FILE_BYTES, readConfigFile } from '../../electron/core/config/read-config-file';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-finding8-'));
const fifo = join(dir, 'config.fifo');
const big = join(dir, 'big.yaml');
const folder = join(dir, 'folder.yaml');
const devLink = join(dir, 'zero.yaml');
const includesZero = join(dir, 'includes-zero.yaml');
const good = join(dir, 'good.yaml');
const manyIncludes = join(dir, 'many-includes.yaml');

let serve: ServeProcess;
let adminToken: string;

beforeAll(async () => {
  execFileSync('mkfifo', [fifo]);
  writeFileSync(big, `# ${'x'.repeat(MAX_CONFIG_FILE_BYTES)}\nmodel_list: []\n`);
  mkdirSync(folder);
  symlinkSync('/dev/zero', devLink);
  writeFileSync(includesZero, 'include:\n  - /dev/zero\nmodel_list: []\n');
  // Five files under 4 MiB each: every one is allowed, together they pass the 16 Mi limit.
  const part = `# ${'y'.repeat(MAX_CONFIG_FILE_BYTES - 100)}\nrouter_settings: {}\n`;
  for (let i = 0; i < 5; i++) writeFileSync(join(dir, `part-${i}.yaml`), part);
  writeFileSync(
    manyIncludes,
    `include:\n${[0, 1, 2, 3, 4].map((i) => `  - part-${i}.yaml\n`).join('')}model_list: []\n`,
  );
  writeFileSync(
    good,
    [
      'model_list:',
      '  - model_name: chat',
      '    litellm_params:',
      '      model: hosted_vllm/Qwen/Qwen3-0.6B',
      '      api_base: http://127.0.0.1:9/v1',
      '',
    ].join('\n'),
  );
  serve = await startServeProcess();
  adminToken = new URL(serve.uiUrl).hash.replace('#token=', '');
}, 60_000);
afterAll(() => serve?.stop());

const REFUSED: Array<[string, RegExp]> = [
  ['/dev/zero', /\/dev\/zero is a device: name a LiteLLM config\.yaml file \(a regular file of at most 4 MiB\)/],
  [fifo, /is a pipe \(FIFO\)/],
  [folder, /is a directory/],
  [devLink, /is a device/],
  [big, /is 4\.0 MiB; a config file may be at most 4 MiB/],
];

describe('finding 8: config files are regular files of at most 4 MiB', () => {
  it('readConfigFile refuses each at once (the FIFO without blocking on its open) and reads a good file', () => {
    for (const [path, message] of REFUSED) {
      const started = performance.now();
      expect(() => readConfigFile(path), path).toThrow(message);
      expect(performance.now() - started, path).toBeLessThan(500);
    }
    expect(readConfigFile(good)).toMatch(/model_name: chat/);
  });

  it('config.importLitellm answers 400 invalid_input naming the path field, and the core stays small', async () => {
    const post = async (body: unknown) => {
      const res = await fetch(`${serve.adminUrl}/api/config.importLitellm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      return {
        status: res.status,
        body: (await res.json()) as { error?: { code: string; message: string; fields?: { path: string }[] } },
      };
    };
    for (const [path, message] of REFUSED) {
      const res = await post({ path });
      expect(res.status, path).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_input', fields: [{ path: 'path' }] });
      expect(res.body.error?.message, path).toMatch(message);
    }
    const included = await post({ path: includesZero });
    expect(included.status).toBe(400);
    expect(included.body.error?.message).toMatch(/nothing changed[\s\S]*\/dev\/zero is a device/);
    const many = await post({ path: manyIncludes });
    expect(many.status).toBe(400);
    expect(many.body.error?.message).toMatch(/the included files together pass 16 Mi characters/);
    expect((await post({ path: good })).status).toBe(200);
    const rssKiB = Number(
      execFileSync('ps', ['-o', 'rss=', '-p', String(serve.child.pid)])
        .toString()
        .trim(),
    );
    expect(rssKiB / 1024).toBeLessThan(400);
  });

  it('switchyard import /dev/zero exits 1 with the reason', async () => {
    const run = promisify(execFile)(
      process.execPath,
      ['out/cli/switchyard.cjs', 'import', '/dev/zero', '--data-dir', serve.dataDir],
      { timeout: 20_000 },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    const res = await run;
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/\/dev\/zero is a device/);
  });

  it('serve --config FIFO stops at once with the reason instead of waiting on the pipe', async () => {
    const started = performance.now();
    const failed = await startServeProcess(['--config', fifo]).then(
      async (s) => {
        await s.stop();
        return '';
      },
      (err: Error) => err.message,
    );
    expect(failed).toMatch(/is a pipe \(FIFO\)/);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
