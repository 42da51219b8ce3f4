// The real Claude Code and Codex CLIs against the two dialects in front of a vLLM simulator with
// tools on: each completes a turn that includes a tool call and its result. A small HTTP server
// here does what the gateway's inbound adapters will (translate, forward, translate back). Runs
// when the clients are installed (`@anthropic-ai/claude-code`, `@openai/codex`), from the project
// or from the folder named by SWITCHYARD_AGENT_CLIENTS; skipped otherwise.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from 'vllm-sim';
import type { ChatRequest } from './chat-types';
import { messagesStreamFromChatSse, messagesToChatRequest } from './anthropic-messages';
import { responsesStreamFromChatSse, responsesToChatRequest } from './openai-responses';

function resolveClient(path: string): string | null {
  for (const base of [process.env.SWITCHYARD_AGENT_CLIENTS, process.cwd()]) {
    if (!base) continue;
    try {
      return createRequire(join(base, 'package.json')).resolve(path);
    } catch {
      // not installed there
    }
  }
  return null;
}
const claudeCli = resolveClient('@anthropic-ai/claude-code/cli-wrapper.cjs');
const codexCli = resolveClient('@openai/codex/bin/codex.js');

interface Seen {
  route: string;
  lastRole: string | undefined;
  tools: number;
  outputTokens: number;
}

let sim: RunningSimulator;
let server: Server;
let baseUrl: string;
const seen: Seen[] = [];

async function relay(url: string, body: unknown, res: import('node:http').ServerResponse): Promise<void> {
  const anthropic = url.startsWith('/v1/messages');
  const responses = anthropic ? null : responsesToChatRequest(body);
  const chat: ChatRequest = responses ? responses.chat : messagesToChatRequest(body).chat;
  const model = (body as { model: string }).model;
  const upstream = await fetch(`${sim.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...chat, model: 'Qwen/Qwen3-0.6B', stream: true }),
  });
  expect(upstream.status).toBe(200);
  const leg = responses
    ? responsesStreamFromChatSse({ model, echo: responses.echo, createdAt: 0 })
    : messagesStreamFromChatSse({ model });
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const decoder = new TextDecoder();
  for await (const chunk of upstream.body as AsyncIterable<Uint8Array>) {
    const text = leg.sse.write(decoder.decode(chunk, { stream: true }));
    if (text) res.write(text);
  }
  res.end(leg.sse.end());
  seen.push({
    route: anthropic ? 'messages' : 'responses',
    lastRole: chat.messages.at(-1)?.role,
    tools: chat.tools?.length ?? 0,
    outputTokens: leg.translator.usage.outputTokens,
  });
}

function run(cli: string, args: string[], env: Record<string, string>, cwd: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, ...env },
      cwd,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe.skipIf(!claudeCli || !codexCli)('real agent clients through the dialects', () => {
  let home: string;
  let work: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'switchyard-agents-'));
    work = join(home, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'README.md'), '# Switchyard\n');
    sim = await startSimulator({
      model: 'Qwen/Qwen3-0.6B',
      ttftMs: 2,
      itlMs: 1,
      outputLenMean: 24,
      maxModelLen: 131072,
      enableAutoToolChoice: true,
      toolCallParser: 'hermes',
      reasoningParser: 'qwen3',
    });
    await sim.ready;
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        // Claude Code probes the base URL first; only the two dialect routes answer.
        if (req.method !== 'POST' || !/^\/v1\/(messages|responses)/.test(req.url ?? '')) {
          res.writeHead(404).end();
          return;
        }
        relay(req.url ?? '', JSON.parse(raw), res).catch((err: Error) => {
          res.writeHead(500).end(err.message);
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await sim?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('claude -p completes a turn with a Read tool call and its result', async () => {
    const code = await run(
      claudeCli!,
      ['-p', 'Read README.md and say what it is', '--model', 'chat', '--allowedTools', 'Read'],
      {
        HOME: home,
        ANTHROPIC_BASE_URL: baseUrl,
        ANTHROPIC_AUTH_TOKEN: 'sk-test',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_AUTOUPDATER: '1',
      },
      work,
    );
    expect(code).toBe(0);
    const turns = seen.filter((s) => s.route === 'messages');
    expect(turns.length).toBeGreaterThanOrEqual(2);
    expect(turns[0]).toMatchObject({ lastRole: 'user' });
    expect(turns[0].tools).toBeGreaterThan(10);
    expect(turns.some((t) => t.lastRole === 'tool')).toBe(true);
  }, 120_000);

  it('codex exec completes a turn with a shell call and its result', async () => {
    const codexHome = join(home, 'codex');
    mkdirSync(codexHome);
    writeFileSync(
      join(codexHome, 'config.toml'),
      `model = "chat"\nmodel_provider = "sy"\n[model_providers.sy]\nname = "sy"\nbase_url = "${baseUrl}/v1"\nenv_key = "SY_KEY"\nwire_api = "responses"\n`,
    );
    const code = await run(
      codexCli!,
      ['exec', '--skip-git-repo-check', 'List the files here'],
      { HOME: codexHome, CODEX_HOME: codexHome, SY_KEY: 'sk-test' },
      work,
    );
    expect(code).toBe(0);
    const turns = seen.filter((s) => s.route === 'responses');
    expect(turns.length).toBeGreaterThanOrEqual(2);
    expect(turns.at(-1)).toMatchObject({ lastRole: 'tool' });
    expect(turns.every((t) => t.outputTokens > 0)).toBe(true);
  }, 120_000);
});
