// The Connect page's and `switchyard connect`'s setup snippets: for each client people point at a
// gateway (Claude Code, Codex CLI, Open WebUI, Continue, the OpenAI and Anthropic SDKs, curl), the
// exact configuration with this gateway's URL, a key (the key itself when the caller holds it, else
// its shown prefix for the user to replace) and a model group. Pure, so the page and the CLI print
// the same text.

export const CONNECT_CLIENTS = [
  'claude-code',
  'codex',
  'open-webui',
  'continue',
  'openai-python',
  'openai-js',
  'anthropic-python',
  'anthropic-js',
  'curl',
] as const;
export type ConnectClient = (typeof CONNECT_CLIENTS)[number];

/** The wire format a client speaks: what its "Test it" request is and which route serves it. */
export type ConnectDialect = 'anthropic-messages' | 'openai-responses' | 'openai-chat';

export interface ConnectClientInfo {
  id: ConnectClient;
  name: string;
  /** One line on what it is and how it talks to the gateway. */
  summary: string;
  dialect: ConnectDialect;
  /** An agent: it sends tools with every request, so its model group must serve tool calls. */
  agent: boolean;
}

export const CLIENT_INFO: Record<ConnectClient, ConnectClientInfo> = {
  'claude-code': {
    id: 'claude-code',
    name: 'Claude Code',
    summary: "Anthropic's coding agent. Speaks the Anthropic Messages API (POST /v1/messages), streamed, with tools.",
    dialect: 'anthropic-messages',
    agent: true,
  },
  codex: {
    id: 'codex',
    name: 'Codex CLI',
    summary: "OpenAI's coding agent. Speaks only the Responses API (POST /v1/responses), streamed, with tools.",
    dialect: 'openai-responses',
    agent: true,
  },
  'open-webui': {
    id: 'open-webui',
    name: 'Open WebUI',
    summary: 'A chat UI. An OpenAI connection: lists /v1/models, then streams /v1/chat/completions.',
    dialect: 'openai-chat',
    agent: false,
  },
  continue: {
    id: 'continue',
    name: 'Continue',
    summary: 'The IDE assistant. An OpenAI-provider model in config.yaml, streamed /v1/chat/completions.',
    dialect: 'openai-chat',
    agent: false,
  },
  'openai-python': {
    id: 'openai-python',
    name: 'OpenAI SDK (Python)',
    summary: 'The official openai package, pointed at the gateway: /v1/chat/completions.',
    dialect: 'openai-chat',
    agent: false,
  },
  'openai-js': {
    id: 'openai-js',
    name: 'OpenAI SDK (JavaScript)',
    summary: 'The official openai npm package, pointed at the gateway: /v1/chat/completions.',
    dialect: 'openai-chat',
    agent: false,
  },
  'anthropic-python': {
    id: 'anthropic-python',
    name: 'Anthropic SDK (Python)',
    summary: 'The official anthropic package, pointed at the gateway: /v1/messages.',
    dialect: 'anthropic-messages',
    agent: false,
  },
  'anthropic-js': {
    id: 'anthropic-js',
    name: 'Anthropic SDK (JavaScript)',
    summary: 'The official @anthropic-ai/sdk npm package, pointed at the gateway: /v1/messages.',
    dialect: 'anthropic-messages',
    agent: false,
  },
  curl: {
    id: 'curl',
    name: 'curl',
    summary: 'One request from a shell: /v1/chat/completions.',
    dialect: 'openai-chat',
    agent: false,
  },
};

export const isConnectClient = (value: string): value is ConnectClient =>
  (CONNECT_CLIENTS as readonly string[]).includes(value);

export interface Snippet {
  title: string;
  /** For highlighting and the CLI's comments: shell, toml, yaml, python, javascript, text. */
  language: 'shell' | 'toml' | 'yaml' | 'python' | 'javascript' | 'text';
  /** Where it goes, when it is a file (`~/.codex/config.toml`). */
  file?: string;
  text: string;
}

export interface SnippetOptions {
  /** The gateway's base URL, without /v1: http://127.0.0.1:4000 */
  gatewayUrl: string;
  /** The key itself (sk-…) when the caller holds it, else the shown prefix (sk-abc…wxyz), else null. */
  key: string | null;
  /** The model group the client asks for. */
  model: string;
  /** Whether the group serves tool calls (Continue then marks the model tool_use); unknown = false. */
  toolCalls?: boolean;
}

export interface ClientSetup {
  client: ConnectClientInfo;
  snippets: Snippet[];
  /** Things to know, e.g. that the key shown is only a prefix to replace. */
  notes: string[];
}

/** The placeholder shown where no key was chosen. */
export const KEY_PLACEHOLDER = 'sk-…';

/** True for a whole key (sk- and 32 random bytes, base64url), false for a prefix or placeholder. */
export const isWholeKey = (key: string | null): key is string => !!key && /^sk-[\w-]{20,}$/.test(key);

/** A word the shell reads as itself: quoted only when it must be. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A string literal that Python, JavaScript, TOML and YAML all read the same (JSON's escapes). */
const quoted = (value: string) => JSON.stringify(value);

const stripSlash = (url: string) => url.replace(/\/+$/, '');

/** The gateway's base URL as a container reaches the host (Docker's host-gateway name). */
export function fromContainer(gatewayUrl: string): string {
  return stripSlash(gatewayUrl).replace(
    /^(https?:\/\/)(127\.\d+\.\d+\.\d+|localhost|\[::1\]|0\.0\.0\.0|\[::\])(?=[:/]|$)/,
    '$1host.docker.internal',
  );
}

export function clientSetup(client: ConnectClient, options: SnippetOptions): ClientSetup {
  const base = stripSlash(options.gatewayUrl);
  const v1 = `${base}/v1`;
  const key = options.key ?? KEY_PLACEHOLDER;
  const model = options.model;
  const notes: string[] = [];
  if (!isWholeKey(options.key))
    notes.push(
      options.key
        ? `Paste your key in place of ${options.key}: a key is shown in full only once, when it is made.`
        : 'Paste your Switchyard key in place of sk-…, or create one for this client.',
    );
  const snippets = SNIPPETS[client]({ base, v1, key, model, toolCalls: options.toolCalls === true }, notes);
  return { client: CLIENT_INFO[client], snippets, notes };
}

interface Filled {
  base: string;
  v1: string;
  key: string;
  model: string;
  toolCalls: boolean;
}

const SNIPPETS: Record<ConnectClient, (f: Filled, notes: string[]) => Snippet[]> = {
  'claude-code': ({ base, key, model }, notes) => {
    notes.push(
      'Claude Code asks for the model group by name; the small-model variable keeps its background requests on the same group.',
    );
    return [
      {
        title: 'Environment, then run claude',
        language: 'shell',
        text: [
          `export ANTHROPIC_BASE_URL=${shellWord(base)}`,
          `export ANTHROPIC_AUTH_TOKEN=${shellWord(key)}`,
          `export ANTHROPIC_MODEL=${shellWord(model)}`,
          `export ANTHROPIC_DEFAULT_HAIKU_MODEL=${shellWord(model)}`,
          'export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1',
          'claude',
        ].join('\n'),
      },
    ];
  },
  codex: ({ v1, key, model }) => [
    {
      title: 'Provider block',
      language: 'toml',
      file: '~/.codex/config.toml',
      text: [
        `model = ${quoted(model)}`,
        'model_provider = "switchyard"',
        '',
        '[model_providers.switchyard]',
        'name = "Switchyard"',
        `base_url = ${quoted(v1)}`,
        'env_key = "SWITCHYARD_API_KEY"',
        'wire_api = "responses"',
      ].join('\n'),
    },
    {
      title: 'The key, then run codex',
      language: 'shell',
      text: [`export SWITCHYARD_API_KEY=${shellWord(key)}`, 'codex'].join('\n'),
    },
  ],
  'open-webui': ({ v1, key }, notes) => {
    notes.push(
      'Open WebUI in Docker reaches this machine as host.docker.internal; the gateway must then listen beyond loopback (switchyard serve --host 0.0.0.0, or the gateway host in Settings).',
    );
    return [
      {
        title: 'Admin Settings → Connections → OpenAI API',
        language: 'text',
        text: [`URL: ${v1}`, `Key: ${key}`].join('\n'),
      },
      {
        title: 'Or start Open WebUI with the connection',
        language: 'shell',
        text: [
          'docker run -d -p 3000:8080 --add-host=host.docker.internal:host-gateway \\',
          `  -e OPENAI_API_BASE_URL=${shellWord(fromContainer(v1))} \\`,
          `  -e OPENAI_API_KEY=${shellWord(key)} \\`,
          '  -v open-webui:/app/backend/data --name open-webui ghcr.io/open-webui/open-webui:main',
        ].join('\n'),
      },
    ];
  },
  continue: ({ v1, key, model, toolCalls }) => [
    {
      title: 'A model in config.yaml',
      language: 'yaml',
      file: '~/.continue/config.yaml',
      text: [
        'name: Switchyard',
        'version: 1.0.0',
        'schema: v1',
        'models:',
        `  - name: ${quoted(`Switchyard ${model}`)}`,
        '    provider: openai',
        `    model: ${quoted(model)}`,
        `    apiBase: ${quoted(v1)}`,
        `    apiKey: ${quoted(key)}`,
        '    roles:',
        '      - chat',
        '      - edit',
        '      - apply',
        ...(toolCalls ? ['    capabilities:', '      - tool_use'] : []),
      ].join('\n'),
    },
  ],
  'openai-python': ({ v1, key, model }) => [
    {
      title: 'pip install openai',
      language: 'python',
      text: [
        'from openai import OpenAI',
        '',
        `client = OpenAI(base_url=${quoted(v1)}, api_key=${quoted(key)})`,
        'reply = client.chat.completions.create(',
        `    model=${quoted(model)},`,
        '    messages=[{"role": "user", "content": "Say hello"}],',
        ')',
        'print(reply.choices[0].message.content)',
      ].join('\n'),
    },
  ],
  'openai-js': ({ v1, key, model }) => [
    {
      title: 'npm install openai',
      language: 'javascript',
      text: [
        "import OpenAI from 'openai';",
        '',
        `const client = new OpenAI({ baseURL: ${quoted(v1)}, apiKey: ${quoted(key)} });`,
        'const reply = await client.chat.completions.create({',
        `  model: ${quoted(model)},`,
        "  messages: [{ role: 'user', content: 'Say hello' }],",
        '});',
        'console.log(reply.choices[0].message.content);',
      ].join('\n'),
    },
  ],
  'anthropic-python': ({ base, key, model }) => [
    {
      title: 'pip install anthropic',
      language: 'python',
      text: [
        'import anthropic',
        '',
        `client = anthropic.Anthropic(base_url=${quoted(base)}, api_key=${quoted(key)})`,
        'message = client.messages.create(',
        `    model=${quoted(model)},`,
        '    max_tokens=512,',
        '    messages=[{"role": "user", "content": "Say hello"}],',
        ')',
        'print(message.content[0].text)',
      ].join('\n'),
    },
  ],
  'anthropic-js': ({ base, key, model }) => [
    {
      title: 'npm install @anthropic-ai/sdk',
      language: 'javascript',
      text: [
        "import Anthropic from '@anthropic-ai/sdk';",
        '',
        `const client = new Anthropic({ baseURL: ${quoted(base)}, apiKey: ${quoted(key)} });`,
        'const message = await client.messages.create({',
        `  model: ${quoted(model)},`,
        '  max_tokens: 512,',
        "  messages: [{ role: 'user', content: 'Say hello' }],",
        '});',
        "console.log(message.content[0].type === 'text' ? message.content[0].text : message.content[0]);",
      ].join('\n'),
    },
  ],
  curl: ({ v1, key, model }) => [
    {
      title: 'One chat completion',
      language: 'shell',
      text: [
        `curl ${shellWord(`${v1}/chat/completions`)} \\`,
        `  -H ${shellWord(`Authorization: Bearer ${key}`)} \\`,
        "  -H 'Content-Type: application/json' \\",
        `  -d ${shellWord(JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello' }] }))}`,
      ].join('\n'),
    },
  ],
};
