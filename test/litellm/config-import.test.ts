// A LiteLLM config mixing providers Switchyard serves with ones it does not, imported as users do
// (`switchyard import` against a running `switchyard serve`): the served entries land, each skipped
// one is reported with its line, unimplemented litellm_settings are listed as ignored, and
// --strict refuses the file with nothing changed. Then the LiteLLM routes through that same
// gateway process: a key generated, blocked and refused; a model added at run time, persisted.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

const MASTER = 'sk-import-test-master-0123456789';
let serve: ServeProcess;

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

const MIXED = [
  'model_list:', // 1
  '  - model_name: fast', // 2
  '    litellm_params: { model: groq/llama3-8b-8192, api_key: gsk-test }', // 3
  '  - model_name: claude-bedrock', // 4
  '    litellm_params:', // 5
  '      model: bedrock/anthropic.claude-3-sonnet', // 6
  '  - model_name: local', // 7
  '    litellm_params: { model: hosted_vllm/Qwen/Qwen3-0.6B, api_base: "http://127.0.0.1:8000/v1" }', // 8
  '  - model_name: gpt', // 9
  '    litellm_params: { model: azure/gpt-4o-deploy, api_base: "https://res.openai.azure.com", api_version: "2024-06-01" }', // 10
  '  - model_name: vertex', // 11
  '    litellm_params: { model: vertex_ai/gemini-pro }', // 12
  '  - model_name: flash', // 13
  '    litellm_params: { model: gemini/gemini-1.5-flash }', // 14
  'router_settings:', // 15
  '  fallbacks: [{ local: [claude-bedrock, fast] }]', // 16
  'litellm_settings:', // 17
  '  success_callback: [langfuse]', // 18
  '  cache: true', // 19
  '  num_retries: 2', // 20
].join('\n');

const gateway = (path: string, body?: unknown, key = MASTER) =>
  fetch(`${serve.gatewayUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  serve = await startServeProcess(['--master-key', MASTER]);
}, 30_000);
afterAll(() => serve?.stop());

describe('switchyard import with entries Switchyard cannot serve', () => {
  it('--strict refuses the file, naming each entry and line, and changes nothing', async () => {
    const file = join(serve.dataDir, 'mixed.yaml');
    writeFileSync(file, MIXED);
    const before = await (await gateway('/model/info')).text();
    const refused = await run(['import', file, '--strict', '--data-dir', serve.dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/strict/);
    expect(refused.stderr).toContain(`${file}:6 model_list[1] (model_name "claude-bedrock")`);
    expect(refused.stderr).toContain(`${file}:12 model_list[4] (model_name "vertex")`);
    expect(await (await gateway('/model/info')).text()).toBe(before);
  });

  it('imports the served entries and reports the skipped ones with their lines, and ignored settings', async () => {
    const file = join(serve.dataDir, 'mixed.yaml');
    writeFileSync(file, MIXED);
    const imported = await run(['import', file, '--data-dir', serve.dataDir]);
    expect(imported.code).toBe(0);
    const skipped = imported.stdout.split('\n').filter((l) => l.startsWith('skipped:'));
    expect(skipped).toHaveLength(2);
    expect(skipped[0]).toMatch(
      new RegExp(
        `^skipped: ${file}:6 model_list\\[1\\] \\(model_name "claude-bedrock"\\): provider "bedrock" is not supported`,
      ),
    );
    expect(skipped[1]).toContain(`${file}:12 model_list[4] (model_name "vertex")`);
    expect(imported.stdout).toMatch(/ignored: litellm_settings\.success_callback \(.*mixed\.yaml line 18\)/);
    expect(imported.stdout).toMatch(/ignored: litellm_settings\.cache \(.*mixed\.yaml line 19\)/);
    expect(imported.stdout).not.toMatch(/warning: litellm_settings\.cache/);
    expect(imported.stdout).toMatch(/fallbacks from "local" to "claude-bedrock" left out/);
    expect(imported.stdout).toMatch(/imported 4 model groups, 4 endpoints, 0 aliases; skipped 2 model_list entries/);
    // The log says the same.
    expect(serve.output()).toMatch(/\[config\] skipped .*mixed\.yaml:6 model_list\[1\]/);

    const exported = (await run(['export', '--format', 'litellm', '--data-dir', serve.dataDir])).stdout;
    for (const name of ['fast', 'local', 'gpt', 'flash']) expect(exported).toContain(`model_name: ${name}`);
    expect(exported).not.toContain('claude-bedrock');
    expect(exported).toContain('https://res.openai.azure.com/openai/v1');
    expect(exported).toContain('https://generativelanguage.googleapis.com/v1beta/openai');

    // The gateway serves the new table: /v1/models lists exactly the imported groups.
    const models = (await (await gateway('/v1/models')).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((m) => m.id).sort()).toEqual(['fast', 'flash', 'gpt', 'local']);
  });
});

describe('LiteLLM routes through the serve process', () => {
  it('a key generated, blocked (refused at once with a message that says so), unblocked', async () => {
    const made = (await (await gateway('/key/generate', { key_alias: 'proc-key' })).json()) as { key: string };
    const asKey = () => gateway('/v1/models', undefined, made.key);
    expect((await asKey()).status).toBe(200);
    expect((await gateway('/key/block', { key: made.key })).status).toBe(200);
    const refused = await asKey();
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/blocked/);
    expect((await gateway('/key/unblock', { key: made.key })).status).toBe(200);
    expect((await asKey()).status).toBe(200);
  });

  it('/model/new persists a target as a model-group target the routing table shows', async () => {
    const added = await gateway('/model/new', {
      model_name: 'added-at-runtime',
      litellm_params: { model: 'openai/some-model', api_base: 'http://127.0.0.1:9/v1' },
      model_info: { id: 'runtime-1' },
    });
    expect(added.status).toBe(200);
    // The gateway reloaded its table from the store: what it shows was persisted.
    const info = (await (await gateway('/model/info?litellm_model_id=runtime-1')).json()) as {
      data: Array<{ model_name: string }>;
    };
    expect(info.data.map((d) => d.model_name)).toEqual(['added-at-runtime']);
  });
});
