// One request per client, shaped as that client sends it (captured from the real Claude Code and
// Codex CLIs and the SDKs): the route, the headers that mark its dialect, streaming or not, and an
// agent's tools — so a group that cannot do tool calls fails the test as it would fail the agent.
// Every test bounds its output (max_tokens / max_output_tokens), so a test costs a few tokens.
import { CLIENT_INFO, type ConnectClient } from '../../../shared/connect-snippets';

export interface ClientRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  stream: boolean;
}

const PROMPT = 'Reply with one short sentence: hello from Switchyard.';
const MAX_TOKENS = 128;
export const ANTHROPIC_VERSION_HEADER = '2023-06-01';

/** Claude Code's Read tool, as it offers it (description shortened). */
const READ_TOOL = {
  name: 'Read',
  description: 'Reads a file from the local filesystem.',
  input_schema: {
    type: 'object',
    properties: { file_path: { type: 'string', description: 'The absolute path to the file to read' } },
    required: ['file_path'],
    additionalProperties: false,
  },
};

/** Codex's shell tool, as it offers it (description shortened). */
const SHELL_TOOL = {
  type: 'function',
  name: 'shell',
  description: 'Runs a shell command and returns its output.',
  strict: false,
  parameters: {
    type: 'object',
    properties: { command: { type: 'array', items: { type: 'string' } }, workdir: { type: 'string' } },
    required: ['command'],
    additionalProperties: false,
  },
};

const json = { 'content-type': 'application/json', accept: 'application/json' };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** The request(s) a client makes for one answer: Open WebUI lists the models first. */
export function clientRequests(client: ConnectClient, group: string, key: string): ClientRequest[] {
  const chat = (stream: boolean, extra: Record<string, unknown> = {}) => ({
    method: 'POST' as const,
    path: '/v1/chat/completions',
    headers: { ...json, ...bearer(key) },
    body: { model: group, messages: [{ role: 'user', content: PROMPT }], max_tokens: MAX_TOKENS, stream, ...extra },
    stream,
  });
  switch (client) {
    case 'claude-code':
      return [
        {
          method: 'POST',
          path: '/v1/messages?beta=true',
          headers: {
            ...json,
            ...bearer(key),
            'anthropic-version': ANTHROPIC_VERSION_HEADER,
            'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14',
            'x-app': 'cli',
            'user-agent': 'claude-cli (external, cli; switchyard connect test)',
          },
          body: {
            model: group,
            max_tokens: MAX_TOKENS,
            stream: true,
            system: [{ type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." }],
            messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }],
            tools: [READ_TOOL],
            metadata: { user_id: 'switchyard-connect-test' },
          },
          stream: true,
        },
      ];
    case 'codex':
      return [
        {
          method: 'POST',
          path: '/v1/responses',
          headers: { ...json, ...bearer(key), originator: 'codex_cli_rs', 'openai-beta': 'responses=experimental' },
          body: {
            model: group,
            instructions: 'You are Codex, a coding agent running in a terminal.',
            input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: PROMPT }] }],
            tools: [SHELL_TOOL],
            tool_choice: 'auto',
            parallel_tool_calls: false,
            store: false,
            stream: true,
            max_output_tokens: MAX_TOKENS,
          },
          stream: true,
        },
      ];
    case 'anthropic-python':
    case 'anthropic-js':
      return [
        {
          method: 'POST',
          path: '/v1/messages',
          headers: { ...json, 'x-api-key': key, 'anthropic-version': ANTHROPIC_VERSION_HEADER },
          body: { model: group, max_tokens: MAX_TOKENS, messages: [{ role: 'user', content: PROMPT }] },
          stream: false,
        },
      ];
    case 'open-webui':
      return [{ method: 'GET', path: '/v1/models', headers: bearer(key), stream: false }, chat(true)];
    case 'continue':
      return [chat(true)];
    case 'openai-python':
    case 'openai-js':
    case 'curl':
      return [chat(false)];
  }
}

/** How the test request is described to the user: `POST /v1/messages?beta=true (stream)`. */
export const describeRequest = (r: ClientRequest) => `${r.method} ${r.path}${r.stream ? ' (stream)' : ''}`;

/** Which parser reads the answer of a client's last request. */
export const dialectOf = (client: ConnectClient) => CLIENT_INFO[client].dialect;
