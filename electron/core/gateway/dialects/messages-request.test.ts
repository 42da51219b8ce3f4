import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../http-io';
import { messagesToChatRequest } from './messages-request';

// Fields clients still send that this SDK version does not type (sampling; the beta context_management).
type Params = MessageCreateParamsBase & {
  temperature?: number;
  top_p?: number;
  top_k?: number;
  context_management?: unknown;
};

const base = { model: 'chat', max_tokens: 256 } as const;
const translate = (body: Params, options?: Parameters<typeof messagesToChatRequest>[1]) =>
  messagesToChatRequest(body, options);

function refusal(body: unknown): GatewayError {
  try {
    messagesToChatRequest(body);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a 400');
}

describe('Anthropic Messages request → chat request', () => {
  it('turns a string system prompt and a string user turn into two messages', () => {
    const { chat } = translate({ ...base, system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }] });
    expect(chat).toEqual({
      model: 'chat',
      max_tokens: 256,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
  });

  it('joins system blocks into one system message, dropping cache_control', () => {
    const { chat } = translate({
      ...base,
      system: [
        { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
        { type: 'text', text: 'Tools follow.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }] }],
    });
    expect(chat.messages).toEqual([
      { role: 'system', content: "You are Claude Code, Anthropic's official CLI for Claude.\n\nTools follow." },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('keeps text blocks as one string and images (base64 and url) as image_url parts, in order', () => {
    const { chat } = translate({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/b.jpg' } },
            { type: 'text', text: 'please.' },
          ],
        },
      ],
    });
    expect(chat.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0K' } },
          { type: 'image_url', image_url: { url: 'https://example.com/b.jpg' } },
          { type: 'text', text: 'please.' },
        ],
      },
    ]);
  });

  it('maps tools to function tools and every tool_choice', () => {
    const tool = {
      name: 'Read',
      description: 'Read a file',
      input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } }, required: ['file_path'] },
    };
    const messages = [{ role: 'user' as const, content: 'read it' }];
    const cases = [
      [{ type: 'auto' }, 'auto', undefined],
      [{ type: 'any' }, 'required', undefined],
      [{ type: 'tool', name: 'Read' }, { type: 'function', function: { name: 'Read' } }, undefined],
      [{ type: 'none' }, 'none', undefined],
      [{ type: 'auto', disable_parallel_tool_use: true }, 'auto', false],
    ] as const;
    for (const [choice, expected, parallel] of cases) {
      const { chat } = translate({ ...base, messages, tools: [tool], tool_choice: choice });
      expect(chat.tools).toEqual([
        { type: 'function', function: { name: 'Read', description: 'Read a file', parameters: tool.input_schema } },
      ]);
      expect(chat.tool_choice).toEqual(expected);
      expect(chat.parallel_tool_calls).toBe(parallel);
    }
  });

  it("drops Anthropic's own tools with a warning, keeping the custom ones", () => {
    const { chat, warnings } = translate({
      ...base,
      messages: [{ role: 'user', content: 'search' }],
      tools: [
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
        { type: 'bash_20250124', name: 'bash' },
        { name: 'Grep', input_schema: { type: 'object', properties: {} } },
      ],
    });
    expect(chat.tools?.map((t) => (t as { function: { name: string } }).function.name)).toEqual(['Grep']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/tools\.0: dropped "web_search" \(web_search_20250305\)/);
  });

  it('round-trips a tool call: tool_use → assistant tool_calls, tool_result → tool messages first, in order', () => {
    const { chat } = translate({
      ...base,
      messages: [
        { role: 'user', content: 'Read both files' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'I need both files.', signature: 'sig' },
            { type: 'text', text: 'Reading them.' },
            { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/a' } },
            { type: 'tool_use', id: 'toolu_2', name: 'Read', input: { file_path: '/b' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: '<system-reminder>files may be long</system-reminder>' },
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'alpha' },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_2',
              content: [
                { type: 'text', text: 'line 1' },
                { type: 'text', text: 'line 2' },
              ],
              is_error: true,
            },
          ],
        },
      ],
    });
    expect(chat.messages).toEqual([
      { role: 'user', content: 'Read both files' },
      {
        role: 'assistant',
        content: 'Reading them.',
        reasoning_content: 'I need both files.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/b"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'alpha' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: line 1\nline 2' },
      { role: 'user', content: '<system-reminder>files may be long</system-reminder>' },
    ]);
  });

  it('sends a tool-only assistant turn with null content, and images a tool returned in the user turn after', () => {
    const { chat } = translate({
      ...base,
      messages: [
        { role: 'user', content: 'screenshot' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Shot', input: {} }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 't1',
              content: [
                { type: 'text', text: 'taken' },
                { type: 'image', source: { type: 'url', url: 'https://x/s.png' } },
              ],
            },
          ],
        },
      ],
    });
    expect(chat.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 't1', type: 'function', function: { name: 'Shot', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 't1', content: 'taken' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/s.png' } }] },
    ]);
  });

  it('drops redacted thinking, and all reasoning when the target takes no vLLM extras', () => {
    const body: Params = {
      ...base,
      top_k: 40,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: [
            { type: 'redacted_thinking', data: 'EncryptedBlob' },
            { type: 'thinking', thinking: 'hmm', signature: 's' },
            { type: 'text', text: 'hello' },
          ],
        },
        { role: 'user', content: 'again' },
      ],
    };
    expect(translate(body).chat).toMatchObject({
      top_k: 40,
      chat_template_kwargs: { enable_thinking: true, thinking: true },
      messages: [{}, { role: 'assistant', content: 'hello', reasoning_content: 'hmm' }, {}],
    });
    const plain = translate(body, { vllmExtras: false }).chat;
    expect(plain.messages[1]).toEqual({ role: 'assistant', content: 'hello' });
    expect(plain).not.toHaveProperty('top_k');
    expect(plain).not.toHaveProperty('chat_template_kwargs');
  });

  it('turns thinking off in the template when the client disables it', () => {
    const { chat } = translate({ ...base, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'x' }] });
    expect(chat.chat_template_kwargs).toEqual({ enable_thinking: false, thinking: false });
  });

  it('maps sampling, stop sequences, the user id and streaming', () => {
    const { chat, stopSequences } = translate({
      ...base,
      messages: [{ role: 'user', content: 'x' }],
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['</answer>', '\n\nHuman:'],
      metadata: { user_id: 'user_42' },
      stream: true,
    });
    expect(chat).toMatchObject({
      temperature: 0.2,
      top_p: 0.9,
      stop: ['</answer>', '\n\nHuman:'],
      user: 'user_42',
      stream: true,
      stream_options: { include_usage: true, continuous_usage_stats: true },
    });
    expect(stopSequences).toEqual(['</answer>', '\n\nHuman:']);
    const plain = messagesToChatRequest(
      { ...base, messages: [{ role: 'user', content: 'x' }], stream: true },
      {
        vllmExtras: false,
      },
    ).chat;
    expect(plain.stream_options).toEqual({ include_usage: true });
  });

  it('drops the fields Claude Code sends that chat has no counterpart for, and unknown future fields', () => {
    const { chat, warnings } = messagesToChatRequest({
      ...base,
      messages: [{ role: 'user', content: 'x' }],
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
      output_config: { effort: 'xhigh' },
      service_tier: 'auto',
      container: 'container_1',
      mcp_servers: [{ type: 'url', url: 'https://mcp', name: 'm' }],
      cache_control: { type: 'ephemeral' },
      betas: ['interleaved-thinking-2025-05-14'],
      some_field_from_2027: { nested: true },
    });
    expect(chat).toEqual({
      model: 'chat',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'x' }],
      reasoning_effort: 'high',
    });
    expect(warnings).toEqual([]);
  });

  it('asks for JSON output when output_config.format carries a schema', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } } };
    const { chat } = translate({
      ...base,
      messages: [{ role: 'user', content: 'x' }],
      output_config: { format: { type: 'json_schema', schema } },
    });
    expect(chat.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema } });
  });

  it('reads documents, search results and compaction summaries as text; replaces PDFs by a note', () => {
    const { chat, warnings } = messagesToChatRequest({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'README body' } },
            { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'inline doc' }] } },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' } },
            { type: 'search_result', source: 'https://s', title: 'Hit', content: [{ type: 'text', text: 'snippet' }] },
          ],
        },
        { role: 'assistant', content: [{ type: 'compaction', content: 'Summary of earlier turns.' }] },
        { role: 'user', content: 'go on' },
      ],
    });
    expect(chat.messages).toEqual([
      {
        role: 'user',
        content:
          'README body\ninline doc\n[A document was attached here; this model cannot read it.]\nHit (https://s)\nsnippet',
      },
      { role: 'assistant', content: 'Summary of earlier turns.' },
      { role: 'user', content: 'go on' },
    ]);
    expect(warnings).toEqual([expect.stringMatching(/^messages\.0\.content\.2: a base64 document/)]);
  });

  it('drops server-tool blocks from the history with a warning', () => {
    const { chat, warnings } = messagesToChatRequest({
      ...base,
      messages: [
        { role: 'user', content: 'news?' },
        {
          role: 'assistant',
          content: [
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'news' } },
            { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
            { type: 'text', text: 'Here is the news.' },
          ],
        },
      ],
    });
    expect(chat.messages[1]).toEqual({ role: 'assistant', content: 'Here is the news.' });
    expect(warnings).toHaveLength(2);
  });

  it('joins consecutive user turns, and a system message after a user turn into that turn', () => {
    const { chat } = translate({
      ...base,
      messages: [
        { role: 'user', content: 'one' },
        { role: 'user', content: [{ type: 'text', text: 'two' }] },
        { role: 'system', content: 'Reminder after the user.' },
        { role: 'assistant', content: 'ok' },
        { role: 'system', content: 'Instruction after the assistant.' },
        { role: 'user', content: 'three' },
      ],
    });
    expect(chat.messages).toEqual([
      { role: 'user', content: 'one\ntwo\nReminder after the user.' },
      { role: 'assistant', content: 'ok' },
      { role: 'system', content: 'Instruction after the assistant.' },
      { role: 'user', content: 'three' },
    ]);
  });
});

describe('Anthropic Messages request: 400s that name the field', () => {
  const messages = [{ role: 'user', content: 'x' }];

  it('requires max_tokens on this route', () => {
    const err = refusal({ model: 'chat', messages });
    expect(err.status).toBe(400);
    expect(err.param).toBe('max_tokens');
    expect(err.message).toMatch(/^max_tokens: is required on \/v1\/messages/);
    expect(refusal({ model: 'chat', messages, max_tokens: '100' }).message).toBe('max_tokens: must be a number');
    expect(refusal({ model: 'chat', messages, max_tokens: 0 }).param).toBe('max_tokens');
    expect(refusal({ model: 'chat', messages, max_tokens: 1.5 }).param).toBe('max_tokens');
  });

  it('names the model, the messages and a bad role', () => {
    expect(refusal({ max_tokens: 5, messages }).param).toBe('model');
    expect(refusal({ model: 'chat', max_tokens: 5 }).param).toBe('messages');
    expect(refusal({ model: 'chat', max_tokens: 5, messages: [] }).param).toBe('messages');
    expect(refusal({ model: 'chat', max_tokens: 5, messages: [{ role: 'robot', content: 'x' }] }).param).toBe(
      'messages.0.role',
    );
    expect(refusal({ model: 'chat', max_tokens: 5, messages: [{ role: 'user', content: 5 }] }).param).toBe(
      'messages.0.content',
    );
  });

  it('refuses an unknown content block type by its path and name, as Anthropic does', () => {
    const err = refusal({
      model: 'chat',
      max_tokens: 5,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a' },
            { type: 'hologram', data: 'x' },
          ],
        },
      ],
    });
    expect(err.param).toBe('messages.0.content.1.type');
    expect(err.message).toMatch(/unknown content block type "hologram"/);
    expect(err.code).toBe('unknown_block_type');
  });

  it('names a bad field inside a block, a misplaced block and an unusable image source', () => {
    const at = (content: unknown[], role = 'user') =>
      refusal({ model: 'chat', max_tokens: 5, messages: [{ role, content }] }).param;
    expect(at([{ type: 'text' }])).toBe('messages.0.content.0.text');
    expect(at([{ type: 'tool_result' }])).toBe('messages.0.content.0.tool_use_id');
    expect(at([{ type: 'image', source: { type: 'base64', media_type: 'image/png' } }])).toBe(
      'messages.0.content.0.source.data',
    );
    expect(at([{ type: 'image', source: { type: 'file', file_id: 'file_1' } }])).toBe('messages.0.content.0.source');
    expect(at([{ type: 'tool_use', id: 'a', name: 'b', input: {} }])).toBe('messages.0.content.0.type');
    expect(at([{ type: 'tool_result', tool_use_id: 'a' }], 'assistant')).toBe('messages.0.content.0.type');
    expect(at([{ type: 'document', source: { type: 'content', content: [null] } }])).toBe(
      'messages.0.content.0.source.content.0.type',
    );
  });

  it('names bad tools, tool_choice and sampling fields', () => {
    const body = { model: 'chat', max_tokens: 5, messages };
    expect(refusal({ ...body, tools: [{ description: 'no name' }] }).param).toBe('tools.0.name');
    expect(refusal({ ...body, tool_choice: { type: 'sometimes' } }).param).toBe('tool_choice.type');
    expect(refusal({ ...body, temperature: 'hot' }).param).toBe('temperature');
    expect(refusal({ ...body, stop_sequences: 'STOP' }).param).toBe('stop_sequences');
    expect(refusal({ ...body, stream: 'yes' }).param).toBe('stream');
    expect(refusal('not an object').param).toBe('body');
  });
});

describe("Claude Code's own request", () => {
  // The shape `claude -p` sent on 2026-12-01 (POST /v1/messages?beta=true), its long texts and
  // 22 of its 24 tools left out: system blocks with cache_control, a mid-conversation system
  // message, adaptive thinking, context_management, output_config and a JSON metadata user id.
  const readSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object' as const,
    properties: {
      file_path: { description: 'The absolute path to the file to read', type: 'string' },
      offset: { type: 'integer', minimum: 0, maximum: 9007199254740991 },
    },
    required: ['file_path'],
    additionalProperties: false,
  };
  const claudeCode = {
    model: 'chat',
    max_tokens: 32000,
    stream: true,
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=…' },
      {
        type: 'text',
        text: "You are Claude Code, Anthropic's official CLI for Claude.",
        cache_control: { type: 'ephemeral' },
      },
      { type: 'text', text: 'You are an interactive agent…', cache_control: { type: 'ephemeral' } },
    ],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>…</system-reminder>' },
          { type: 'text', text: 'Read README.md', cache_control: { type: 'ephemeral' } },
        ],
      },
      { role: 'system', content: '<system-reminder>environment…</system-reminder>' },
    ],
    tools: [
      { name: 'Read', description: 'Reads a file from the local filesystem.', input_schema: readSchema },
      { name: 'Bash', description: 'Executes a bash command.', input_schema: { type: 'object', properties: {} } },
    ],
    metadata: { user_id: '{"device_id":"8b9b…","account_uuid":"","session_id":"5032…"}' },
    thinking: { type: 'adaptive' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    output_config: { effort: 'high' },
  } satisfies Params;

  it('translates with nothing refused and nothing dropped that matters', () => {
    const { chat, warnings } = translate(claudeCode);
    expect(warnings).toEqual([]);
    expect(chat.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(chat.messages[1]).toEqual({
      role: 'user',
      content: '<system-reminder>…</system-reminder>\nRead README.md\n<system-reminder>environment…</system-reminder>',
    });
    expect(chat).toMatchObject({
      max_tokens: 32000,
      stream: true,
      user: claudeCode.metadata.user_id,
      reasoning_effort: 'high',
      chat_template_kwargs: { enable_thinking: true },
    });
    expect(chat.tools).toHaveLength(2);
    expect((chat.tools![0] as { function: { parameters: unknown } }).function.parameters).toBe(readSchema);
  });
});
