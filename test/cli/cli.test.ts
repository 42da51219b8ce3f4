// The `switchyard` command as users run it (the built CLI in child processes).
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

const run = async (args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['out/cli/switchyard.cjs', ...args], {
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('switchyard without a running instance', () => {
  it('--help lists the commands; an unknown command is a usage error (exit 2)', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/switchyard serve/);
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(
      'switchyard: unknown command "frobnicate". Run `switchyard --help` for the commands.',
    );
  });

  it('instance commands say in one line that none runs (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-cli-'));
    const res = await run(['keys', 'list', '--data-dir', dir]);
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/No running Switchyard found .*switchyard serve/);
  });

  it('serve refuses a bad data dir and a bad port with one clear line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-cli-'));
    writeFileSync(join(dir, 'switchyard.db'), 'not a database at all '.repeat(100));
    const notDb = await run(['serve', '--data-dir', dir, '--port', '0', '--ui-port', '0']);
    expect(notDb.code).toBe(1);
    expect(notDb.stderr).toMatch(/is not a SQLite database.*untouched/);
    const badPort = await run(['serve', '--port', 'eighty']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/--port must be a port number/);
    const locked = mkdtempSync(join(tmpdir(), 'sy-cli-'));
    writeFileSync(join(locked, 'blocker'), '');
    chmodSync(locked, 0o500);
    const unwritable = await run(['serve', '--data-dir', join(locked, 'blocker', 'sub')]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/Cannot use the data directory/);
  });
});

describe('serve --config', () => {
  it('applies a LiteLLM config at start, and refuses to start on a bad one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-cli-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(
      good,
      'model_list:\n  - model_name: chat\n    litellm_params: { model: hosted_vllm/m, api_base: "http://127.0.0.1:9/v1" }\ngeneral_settings:\n  master_key: sk-from-config-123\n',
    );
    const serve = await startServeProcess(['--config', good]);
    try {
      expect(serve.output()).toMatch(/config: 1 model groups, 1 endpoints/);
      expect(serve.output()).not.toMatch(/master key \(shown once/); // the config's master key is the one
      const models = await fetch(`${serve.gatewayUrl}/v1/models`, {
        headers: { authorization: 'Bearer sk-from-config-123' },
      });
      expect(((await models.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toEqual(['chat']);
    } finally {
      await serve.stop();
    }
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'model_list:\n  - model_name: chat\n    litellm_params: { model: hosted_vllm/m }\n');
    const res = await run(['serve', '--config', bad, '--data-dir', join(dir, 'data'), '--port', '0', '--ui-port', '0']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/bad\.yaml:3 model_list\[0\]\.litellm_params/);
  });
});

describe('switchyard keys against a running instance', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServeProcess();
  });
  afterAll(() => serve?.stop());

  it('creates (shown once), lists, and revokes by the key itself', async () => {
    const created = await run([
      'keys',
      'create',
      '--alias',
      'ci-bot',
      '--budget',
      '2.5',
      '--budget-duration',
      '7d',
      '--models',
      'chat,embed',
      '--rpm',
      '30',
      '--data-dir',
      serve.dataDir,
    ]);
    expect(created.code).toBe(0);
    const key = created.stdout.split('\n')[0];
    expect(key).toMatch(/^sk-[\w-]{43}$/);
    const list = await run(['keys', 'list', '--data-dir', serve.dataDir]);
    expect(list.stdout).toMatch(/ci-bot\tchat,embed\t\$0\.00\t\$2\.50\tactive/);
    expect(list.stdout).not.toContain(key);
    const models = await fetch(`${serve.gatewayUrl}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(models.status).toBe(200);
    const revoked = await run(['keys', 'revoke', key, '--data-dir', serve.dataDir]);
    expect(revoked.stdout).toMatch(/revoked sk-.*ci-bot/);
    const after = await fetch(`${serve.gatewayUrl}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(after.status).toBe(401);
  });

  it('imports a LiteLLM config with os.environ values and exports it back', async () => {
    const file = join(serve.dataDir, 'litellm.yaml');
    writeFileSync(
      file,
      [
        'model_list:',
        '  - model_name: gpt-4o',
        '    litellm_params: { model: openai/gpt-4o, api_key: os.environ/HOME }',
        '  - model_name: local',
        '    litellm_params: { model: hosted_vllm/Qwen/Qwen3-0.6B, api_base: "http://127.0.0.1:8000/v1" }',
        'router_settings:',
        '  fallbacks: [{ local: [gpt-4o] }]',
        '  surprise_setting: 1',
      ].join('\n'),
    );
    const imported = await run(['import', file, '--data-dir', serve.dataDir]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/warning: .*surprise_setting/);
    expect(imported.stdout).toMatch(/imported 2 model groups, 2 endpoints/);
    const exported = await run(['export', '--format', 'litellm', '--data-dir', serve.dataDir]);
    expect(exported.stdout).toMatch(/model_name: gpt-4o/);
    expect(exported.stdout).toMatch(/os\.environ\//);
    expect(exported.stdout).not.toContain(process.env.HOME!);
  });

  it('refuses an invalid config with the field and line, changing nothing', async () => {
    const file = join(serve.dataDir, 'bad.yaml');
    writeFileSync(
      file,
      'model_list:\n  - model_name: x\n    litellm_params:\n      model: hosted_vllm/x\n      rpm: many\n',
    );
    const res = await run(['import', file, '--data-dir', serve.dataDir]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/nothing changed/);
    expect(res.stderr).toMatch(/bad\.yaml:5 model_list\[0\]\.litellm_params\.rpm/);
  });

  it('refuses a bad flag value with the reason', async () => {
    const bad = await run(['keys', 'create', '--budget', 'lots', '--data-dir', serve.dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--budget must be a positive number/);
  });
});
