// `switchyard connect` as users run it (the built CLI) against `serve --demo`: the client list, a
// client's setup for this gateway with the key and group filled in, usage mistakes (exit 2), and
// `--test`, which sends one request as the client does and prints what answered.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECT_CLIENTS } from '../../shared/connect-snippets';
import type { ConnectTestResult } from '../../shared/contract-connect';
import type { VirtualKey } from '../../shared/schemas';
import { readInstance } from '../../electron/core/instance-file';
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

describe('switchyard connect', () => {
  let serve: ServeProcess;
  const connect = (...args: string[]) => run(['connect', ...args, '--data-dir', serve.dataDir]);

  beforeAll(async () => {
    serve = await startServeProcess(['--demo']);
  }, 30_000);
  afterAll(async () => {
    await serve?.stop();
  });

  it('without a client lists every client and the dialect it speaks', async () => {
    const res = await connect();
    expect(res.code).toBe(0);
    const rows = res.stdout.trim().split('\n');
    expect(rows[0]).toBe('CLIENT\tNAME\tSPEAKS');
    expect(rows.slice(1, -1).map((r) => r.split('\t')[0])).toEqual([...CONNECT_CLIENTS]);
    expect(res.stdout).toMatch(/^claude-code\tClaude Code\tanthropic-messages$/m);
    expect(res.stdout).toMatch(/^codex\tCodex CLI\topenai-responses$/m);
  });

  it("prints a client's setup for this instance's gateway, with the key and group given", async () => {
    const key = 'sk-AAAAbbbbCCCCddddEEEEffffGGGGhhhh0123456789';
    const claude = await connect('claude-code', '--key', key, '--model', 'chat-large');
    expect(claude.code).toBe(0);
    expect(claude.stdout).toContain(`export ANTHROPIC_BASE_URL=${serve.gatewayUrl}\n`);
    expect(claude.stdout).toContain(`export ANTHROPIC_AUTH_TOKEN=${key}\n`);
    expect(claude.stdout).toContain('export ANTHROPIC_MODEL=chat-large\n');
    expect(claude.stdout).toContain('export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1\n');
    expect(claude.stdout).not.toMatch(/Paste your/);

    // No key: the placeholder and a note; no model: the first group of the routing table.
    const codex = await connect('codex');
    expect(codex.code).toBe(0);
    expect(codex.stdout).toContain('# Provider block (~/.codex/config.toml)\nmodel = "chat"\n');
    expect(codex.stdout).toContain(`base_url = "${serve.gatewayUrl}/v1"\n`);
    expect(codex.stdout).toContain('wire_api = "responses"\n');
    expect(codex.stdout).toMatch(/# note: Paste your Switchyard key in place of sk-…/);
    // The demo's engines are servers Switchyard did not start: whether they do tools cannot be seen.
    expect(codex.stdout).toMatch(/# warning: chat may not do tool calls\. .*--enable-auto-tool-choice/);

    const named = await connect('curl', '--model', 'no-such-group');
    expect(named.code).toBe(0);
    expect(named.stdout).toMatch(/# warning: no model group is named no-such-group here \(chat, chat-large, embed\)/);
  });

  it('usage mistakes exit 2 with one line: an unknown client, a key that is not one', async () => {
    const unknown = await connect('cursor');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(`switchyard: unknown client "cursor": one of ${CONNECT_CLIENTS.join(', ')}.`);
    const badKey = await connect('curl', '--key', 'hunter2');
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/--key takes a Switchyard key \(sk-…\)/);
  });

  it('--test sends the request as the OpenAI SDK does and prints the target that answered', async () => {
    const res = await connect('openai-python', '--test');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/# test: POST \/v1\/chat\/completions → 200 from demo-qwen3-0\.6b-[ab] in \d+ ms/);
    expect(res.stdout).toMatch(/# answer: \S+/);
  });

  it("connect.test runs with the core's own test key, and says what the chosen key would meet", async () => {
    const info = readInstance(serve.dataDir)!;
    const admin = async <T>(name: string, input: unknown): Promise<T> => {
      const res = await fetch(`${info.adminUrl}/api/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${info.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return ((await res.json()) as { result: T }).result;
    };
    const { info: narrow } = await admin<{ info: VirtualKey }>('keys.create', {
      alias: 'large-only',
      models: ['chat-large'],
    });
    const result = await admin<ConnectTestResult>('connect.test', { client: 'curl', group: 'chat', keyId: narrow.id });
    expect(result.ok).toBe(true);
    expect(result.keyNotes).toEqual([
      `Key “large-only” (${narrow.prefix}) may use chat-large only: asking for chat this client would get 403 model_not_allowed. Allow chat for it on Keys & Budgets, or choose another group.`,
    ]);
    // The request was the test key's, not the chosen key's: one live connect-test key, nothing spent by the other.
    const keys = await admin<VirtualKey[]>('keys.list', {});
    const testKeys = keys.filter((k) => k.alias === 'connect-test' && !k.revokedAt);
    expect(testKeys).toHaveLength(1);
    expect(keys.find((k) => k.id === narrow.id)!.spendUsd).toBe(0);
    // An unknown client is refused at the contract, with the field named.
    const res = await fetch(`${info.adminUrl}/api/connect.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${info.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ client: 'nope', group: 'chat' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: { path: string }[] } }).error.fields[0].path).toBe('client');
  });
});
