// The setup snippets read back by the tools that will read them: bash for the shell lines, YAML for Continue.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  CLIENT_INFO,
  CONNECT_CLIENTS,
  clientSetup,
  fromContainer,
  isWholeKey,
  KEY_PLACEHOLDER,
  shellWord,
} from '../../shared/connect-snippets';

const KEY = 'sk-4mZ0yQb1n2Xc3Vd4Be5Nf6Mg7Lh8Kj9Hk0Gl1Fm2Dn3';
const PREFIX = 'sk-4mZ…mDn3';
const URL = 'http://127.0.0.1:4000';
const all = (client: (typeof CONNECT_CLIENTS)[number], key: string | null = KEY, model = 'chat') =>
  clientSetup(client, { gatewayUrl: URL, key, model })
    .snippets.map((s) => s.text)
    .join('\n');

/** What bash sets from a snippet's `export` lines, read back by a real shell. */
const exported = (script: string, names: string[]) => {
  const lines = script.split('\n').filter((l) => l.startsWith('export '));
  const out = execFileSync('bash', [
    '-c',
    `${lines.join('\n')}\nprintf '%s\\n' ${names.map((n) => `"$${n}"`).join(' ')}`,
  ]);
  return Object.fromEntries(names.map((n, i) => [n, out.toString().split('\n')[i]]));
};

describe('connect snippets', () => {
  it('lists every client with a dialect; the agents are Claude Code and Codex', () => {
    expect(CONNECT_CLIENTS).toHaveLength(9);
    expect(CONNECT_CLIENTS.filter((c) => CLIENT_INFO[c].agent)).toEqual(['claude-code', 'codex']);
    for (const c of CONNECT_CLIENTS)
      expect(clientSetup(c, { gatewayUrl: URL, key: KEY, model: 'm' }).snippets.length).toBeGreaterThan(0);
  });

  it('Claude Code: the four environment variables, as bash reads them', () => {
    const env = exported(all('claude-code', KEY, 'chat-large'), [
      'ANTHROPIC_BASE_URL',
      'ANTHROPIC_AUTH_TOKEN',
      'ANTHROPIC_MODEL',
      'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC',
    ]);
    expect(env).toEqual({
      ANTHROPIC_BASE_URL: URL,
      ANTHROPIC_AUTH_TOKEN: KEY,
      ANTHROPIC_MODEL: 'chat-large',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    });
  });

  it('Codex: the provider block with base_url ending in /v1 and wire_api = "responses"', () => {
    const setup = clientSetup('codex', { gatewayUrl: `${URL}/`, key: KEY, model: 'chat' });
    const toml = setup.snippets.find((s) => s.language === 'toml')!;
    expect(toml.file).toBe('~/.codex/config.toml');
    expect(toml.text).toBe(
      [
        'model = "chat"',
        'model_provider = "switchyard"',
        '',
        '[model_providers.switchyard]',
        'name = "Switchyard"',
        'base_url = "http://127.0.0.1:4000/v1"',
        'env_key = "SWITCHYARD_API_KEY"',
        'wire_api = "responses"',
      ].join('\n'),
    );
    expect(exported(setup.snippets[1].text, ['SWITCHYARD_API_KEY'])).toEqual({ SWITCHYARD_API_KEY: KEY });
  });

  it('Continue: a config.yaml model that YAML reads back, tool_use only where the group does tool calls', () => {
    const yamlOf = (toolCalls: boolean) =>
      parseYaml(
        clientSetup('continue', { gatewayUrl: URL, key: KEY, model: 'chat: "big"', toolCalls }).snippets[0].text,
      );
    const config = yamlOf(true);
    expect(config.models[0]).toEqual({
      name: 'Switchyard chat: "big"',
      provider: 'openai',
      model: 'chat: "big"',
      apiBase: `${URL}/v1`,
      apiKey: KEY,
      roles: ['chat', 'edit', 'apply'],
      capabilities: ['tool_use'],
    });
    expect(yamlOf(false).models[0].capabilities).toBeUndefined();
  });

  it('curl: the body is valid JSON after the shell unquotes it, whatever the group name', () => {
    const model = 'it\'s "odd"';
    const text = all('curl', KEY, model).replace(/\\\n/g, ' ');
    const argv = execFileSync('bash', ['-c', `set -- ${text.replace(/^curl /, '')}\nprintf '%s\\0' "$@"`])
      .toString()
      .split('\0');
    expect(argv[0]).toBe(`${URL}/v1/chat/completions`);
    expect(argv).toContain(`Authorization: Bearer ${KEY}`);
    expect(JSON.parse(argv[argv.indexOf('-d') + 1])).toEqual({
      model,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
  });

  it('SDKs: OpenAI gets the /v1 base URL, Anthropic the bare one; the model is a quoted literal', () => {
    expect(all('openai-python')).toContain(`OpenAI(base_url="${URL}/v1", api_key="${KEY}")`);
    expect(all('openai-js')).toContain(`new OpenAI({ baseURL: "${URL}/v1", apiKey: "${KEY}" })`);
    expect(all('anthropic-python')).toContain(`anthropic.Anthropic(base_url="${URL}", api_key="${KEY}")`);
    expect(all('anthropic-js')).toContain(`new Anthropic({ baseURL: "${URL}", apiKey: "${KEY}" })`);
    expect(all('openai-python', KEY, 'a"b')).toContain('model="a\\"b",');
  });

  it('Open WebUI: the connection fields, and a docker run that reaches the host as host.docker.internal', () => {
    const setup = clientSetup('open-webui', { gatewayUrl: URL, key: KEY, model: 'chat' });
    expect(setup.snippets[0].text).toBe(`URL: ${URL}/v1\nKey: ${KEY}`);
    expect(setup.snippets[1].text).toContain('-e OPENAI_API_BASE_URL=http://host.docker.internal:4000/v1');
    expect(setup.notes.join(' ')).toMatch(/--host 0\.0\.0\.0/);
    expect(fromContainer('http://192.168.1.5:4000/v1')).toBe('http://192.168.1.5:4000/v1');
    expect(fromContainer('http://localhost:4000')).toBe('http://host.docker.internal:4000');
  });

  it('a prefix or no key: shown in place of the key with a note to paste it; a whole key needs no note', () => {
    expect(isWholeKey(KEY)).toBe(true);
    expect(isWholeKey(PREFIX)).toBe(false);
    const prefixed = clientSetup('claude-code', { gatewayUrl: URL, key: PREFIX, model: 'chat' });
    expect(prefixed.snippets[0].text).toContain(`ANTHROPIC_AUTH_TOKEN=${shellWord(PREFIX)}`);
    expect(prefixed.notes[0]).toBe(
      `Paste your key in place of ${PREFIX}: a key is shown in full only once, when it is made.`,
    );
    const none = clientSetup('curl', { gatewayUrl: URL, key: null, model: 'chat' });
    expect(none.snippets[0].text).toContain(`Bearer ${KEY_PLACEHOLDER}`);
    expect(none.notes[0]).toMatch(/Paste your Switchyard key in place of sk-…/);
    expect(clientSetup('curl', { gatewayUrl: URL, key: KEY, model: 'chat' }).notes).toEqual([]);
  });

  it('shell words: plain ones as they are, anything else single-quoted so bash reads it back', () => {
    expect(shellWord('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    for (const odd of ['a b', "it's", '$HOME', '`x`', 'sk-…abcd']) {
      expect(execFileSync('bash', ['-c', `printf %s ${shellWord(odd)}`]).toString()).toBe(odd);
    }
  });
});
