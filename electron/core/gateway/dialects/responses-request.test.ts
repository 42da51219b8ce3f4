import type { ResponseCreateParamsBase, ResponseInputItem } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../http-io';
import { type PriorResponse, responsesToChatRequest } from './responses-request';

const translate = (body: ResponseCreateParamsBase, options?: Parameters<typeof responsesToChatRequest>[1]) =>
  responsesToChatRequest(body, options);

function refusal(body: unknown, options?: Parameters<typeof responsesToChatRequest>[1]): GatewayError {
  try {
    responsesToChatRequest(body, options);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a 400');
}

const shell = {
  type: 'function' as const,
  name: 'shell',
  description: 'Runs a shell command',
  parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } } },
  strict: false,
};

describe('OpenAI Responses request → chat request', () => {
  it('takes a string input and instructions', () => {
    const { chat, inputItems } = translate({ model: 'chat', instructions: 'Be brief.', input: 'Hi' });
    expect(chat).toEqual({
      model: 'chat',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(inputItems).toEqual([{ type: 'message', role: 'user', content: 'Hi' }]);
  });

  it('merges instructions and leading developer/system items into one system message', () => {
    const { chat } = translate({
      model: 'chat',
      instructions: 'You are Codex.',
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions>…</permissions>' }] },
        { role: 'system', content: 'Sandbox: workspace-write.' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List files.' }] },
        { role: 'developer', content: 'Later instruction.' },
      ],
    });
    expect(chat.messages).toEqual([
      { role: 'system', content: 'You are Codex.\n\n<permissions>…</permissions>\n\nSandbox: workspace-write.' },
      { role: 'user', content: 'List files.' },
      { role: 'system', content: 'Later instruction.' },
    ]);
  });

  it('keeps input_image parts as image_url parts, with low/high detail', () => {
    const { chat } = translate({
      model: 'chat',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this?' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBOR', detail: 'high' },
            { type: 'input_image', image_url: 'https://x/y.png', detail: 'auto' },
          ],
        },
      ],
    });
    expect(chat.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR', detail: 'high' } },
        { type: 'image_url', image_url: { url: 'https://x/y.png' } },
      ],
    });
  });

  it('round-trips a Codex tool turn: reasoning, assistant text and function_call items → one assistant turn', () => {
    const input: ResponseInputItem[] = [
      { role: 'user', content: 'Run ls' },
      {
        type: 'reasoning',
        id: 'rs_1',
        summary: [{ type: 'summary_text', text: 'Summary.' }],
        content: [{ type: 'reasoning_text', text: 'I should run ls.' }],
        encrypted_content: null,
      },
      {
        type: 'message',
        id: 'msg_1',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: 'Running it.', annotations: [] }],
      },
      { type: 'function_call', call_id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' },
      { type: 'function_call', call_id: 'call_2', name: 'shell', arguments: '{"command":["pwd"]}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'README.md' },
      { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: '/srv' }] },
      { type: 'reasoning', id: 'rs_2', summary: [{ type: 'summary_text', text: 'Only a summary.' }] },
      { type: 'function_call', call_id: 'call_3', name: 'shell', arguments: '{}' },
    ];
    const { chat } = translate({ model: 'chat', input, tools: [shell] });
    expect(chat.messages).toEqual([
      { role: 'user', content: 'Run ls' },
      {
        role: 'assistant',
        content: 'Running it.',
        reasoning_content: 'I should run ls.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'shell', arguments: '{"command":["ls"]}' } },
          { id: 'call_2', type: 'function', function: { name: 'shell', arguments: '{"command":["pwd"]}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'README.md' },
      { role: 'tool', tool_call_id: 'call_2', content: '/srv' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'Only a summary.',
        tool_calls: [{ id: 'call_3', type: 'function', function: { name: 'shell', arguments: '{}' } }],
      },
    ]);
    const plain = translate({ model: 'chat', input, tools: [shell] }, { vllmExtras: false }).chat;
    expect(plain.messages.some((m) => 'reasoning_content' in m)).toBe(false);
  });

  it('flattens function tools into chat function tools and drops built-in tools with a warning', () => {
    const { chat, warnings } = translate({
      model: 'chat',
      input: 'x',
      tools: [
        shell,
        { type: 'function', name: 'noargs', parameters: null, strict: null },
        { type: 'web_search' },
        { type: 'file_search', vector_store_ids: ['vs_1'] },
        { type: 'code_interpreter', container: { type: 'auto' } },
        { type: 'image_generation' },
        { type: 'local_shell' },
        { type: 'mcp', server_label: 'deepwiki', server_url: 'https://mcp.deepwiki.com/mcp' },
        { type: 'custom', name: 'apply_patch' },
      ],
      parallel_tool_calls: false,
    });
    expect(chat.tools).toEqual([
      {
        type: 'function',
        function: { name: 'shell', description: 'Runs a shell command', parameters: shell.parameters, strict: false },
      },
      { type: 'function', function: { name: 'noargs', parameters: { type: 'object', properties: {} } } },
    ]);
    expect(chat.parallel_tool_calls).toBe(false);
    expect(warnings).toHaveLength(7);
    expect(warnings[0]).toBe('tools.2: dropped the built-in "web_search" tool (the target cannot run it)');
    expect(warnings[6]).toMatch(/"custom" tool "apply_patch"/);
  });

  it('maps every tool_choice, and sends none when no tool survives', () => {
    const base = { model: 'chat', input: 'x', tools: [shell, { ...shell, name: 'read' }] };
    expect(translate({ ...base, tool_choice: 'required' }).chat.tool_choice).toBe('required');
    expect(translate({ ...base, tool_choice: 'none' }).chat.tool_choice).toBe('none');
    expect(translate({ ...base, tool_choice: { type: 'function', name: 'shell' } }).chat.tool_choice).toEqual({
      type: 'function',
      function: { name: 'shell' },
    });
    const allowed = translate({
      ...base,
      tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'read' }] },
    }).chat;
    expect(allowed.tool_choice).toBe('required');
    expect(allowed.tools?.map((t) => (t as { function: { name: string } }).function.name)).toEqual(['read']);
    const builtIn = translate({ ...base, tool_choice: { type: 'web_search_preview' } });
    expect(builtIn.chat.tool_choice).toBeUndefined();
    expect(builtIn.warnings).toHaveLength(1);
    const noTools = translate({ model: 'chat', input: 'x', tools: [{ type: 'web_search' }], tool_choice: 'required' });
    expect(noTools.chat).not.toHaveProperty('tools');
    expect(noTools.chat).not.toHaveProperty('tool_choice');
  });

  it('maps sampling, output limits, reasoning effort, structured output, the user and streaming', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };
    const { chat } = translate({
      model: 'chat',
      input: 'x',
      max_output_tokens: 300,
      temperature: 0.3,
      top_p: 0.8,
      top_logprobs: 2,
      reasoning: { effort: 'high', summary: 'auto' },
      text: { format: { type: 'json_schema', name: 'verdict', schema, strict: true } },
      user: 'u1',
      stream: true,
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'k',
      service_tier: 'auto',
      truncation: 'auto',
      metadata: { run: '7' },
    });
    expect(chat).toEqual({
      model: 'chat',
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 300,
      temperature: 0.3,
      top_p: 0.8,
      logprobs: true,
      top_logprobs: 2,
      reasoning_effort: 'high',
      response_format: { type: 'json_schema', json_schema: { name: 'verdict', schema, strict: true } },
      user: 'u1',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(
      translate({ model: 'c', input: 'x', text: { format: { type: 'json_object' } } }).chat.response_format,
    ).toEqual({ type: 'json_object' });
    expect(translate({ model: 'c', input: 'x', reasoning: { effort: 'minimal' } }).chat.reasoning_effort).toBe('low');
    expect(translate({ model: 'c', input: 'x', reasoning: { effort: 'none' } }).chat).toMatchObject({
      chat_template_kwargs: { enable_thinking: false },
    });
  });

  it('echoes the request settings for the Response object', () => {
    const { echo } = translate({ model: 'c', input: 'x', instructions: 'I', temperature: 0.5, store: false });
    expect(echo).toMatchObject({
      instructions: 'I',
      temperature: 0.5,
      store: false,
      parallel_tool_calls: true,
      tool_choice: 'auto',
      tools: [],
      previous_response_id: null,
      truncation: 'disabled',
    });
  });

  it('prepends a stored earlier turn for previous_response_id, and returns the whole input to store', () => {
    const prior: PriorResponse = {
      input: [{ type: 'message', role: 'user', content: 'My name is Ada.' }],
      output: [
        {
          type: 'message',
          id: 'msg_a',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Hello Ada.', annotations: [] }],
        },
      ],
    };
    const lookups: string[] = [];
    const { chat, inputItems, echo } = translate(
      { model: 'c', input: 'What is my name?', previous_response_id: 'resp_1', instructions: 'Be kind.' },
      {
        previousResponse: (id) => {
          lookups.push(id);
          return id === 'resp_1' ? prior : null;
        },
      },
    );
    expect(lookups).toEqual(['resp_1']);
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'Hello Ada.' },
      { role: 'user', content: 'What is my name?' },
    ]);
    expect(inputItems).toEqual([
      ...prior.input,
      ...prior.output,
      { type: 'message', role: 'user', content: 'What is my name?' },
    ]);
    expect(echo.previous_response_id).toBe('resp_1');
  });

  it('drops built-in tool items from the history with a warning', () => {
    const { chat, warnings } = translate({
      model: 'c',
      input: [
        { role: 'user', content: 'search' },
        { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'q' } },
        {
          type: 'local_shell_call',
          id: 'ls_1',
          call_id: 'c',
          status: 'completed',
          action: { type: 'exec', command: ['ls'], env: {} },
        },
      ],
    });
    expect(chat.messages).toEqual([{ role: 'user', content: 'search' }]);
    expect(warnings).toHaveLength(2);
  });
});

describe('OpenAI Responses request: 400s that name the field', () => {
  it('names unknown item types, unknown content types and bad item fields', () => {
    expect(refusal({ model: 'c', input: [{ type: 'hologram' }] })).toMatchObject({
      status: 400,
      param: 'input.0.type',
      code: 'unknown_item_type',
    });
    expect(refusal({ model: 'c', input: [{ role: 'user', content: [{ type: 'input_video' }] }] }).param).toBe(
      'input.0.content.0.type',
    );
    expect(refusal({ model: 'c', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }).param).toBe(
      'input.0.call_id',
    );
    expect(refusal({ model: 'c', input: [{ role: 'robot', content: 'x' }] }).param).toBe('input.0.role');
    expect(refusal({ model: 'c', input: [{ type: 'item_reference', id: 'msg_1' }] }).message).toMatch(
      /item references are not supported/,
    );
    expect(refusal({ model: 'c', input: [42] }).param).toBe('input.0.type');
  });

  it('names the model, missing input, bad limits, file ids, unknown previous responses and unsupported fields', () => {
    expect(refusal({ input: 'x' }).param).toBe('model');
    expect(refusal({ model: 'c' }).param).toBe('input');
    expect(refusal({ model: 'c', input: 'x', max_output_tokens: 0 }).param).toBe('max_output_tokens');
    expect(refusal({ model: 'c', input: 'x', tools: [{ type: 'function' }] }).param).toBe('tools.0.name');
    expect(refusal({ model: 'c', input: 'x', text: { format: { type: 'yaml' } } }).param).toBe('text.format.type');
    expect(
      refusal({
        model: 'c',
        input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1', detail: 'auto' }] }],
      }).param,
    ).toBe('input.0.content.0.image_url');
    expect(
      refusal({ model: 'c', input: 'x', previous_response_id: 'resp_gone' }, { previousResponse: () => null }),
    ).toMatchObject({
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
    expect(refusal({ model: 'c', input: 'x', conversation: 'conv_1' }).param).toBe('conversation');
    expect(refusal({ model: 'c', input: 'x', background: true }).param).toBe('background');
  });
});

describe("Codex's own request", () => {
  // The shape `codex exec` sent on 2026-12-01 (POST /v1/responses, wire_api = "responses"), its
  // long texts and most tools left out: developer messages, a namespace tool and web_search,
  // reasoning with only a summary setting, store: false, include, prompt_cache_key, client_metadata.
  const codex = {
    model: 'chat',
    stream: true,
    input: [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions instructions>…' }] },
      {
        type: 'message',
        role: 'developer',
        content: [
          { type: 'input_text', text: '<collaboration_mode>…' },
          { type: 'input_text', text: '<skills_instructions>…' },
        ],
      },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>…' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List the files' }] },
    ],
    tools: [
      {
        type: 'function',
        name: 'exec_command',
        description: 'Runs a command in a PTY.',
        strict: false,
        parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
      },
      {
        type: 'namespace',
        name: 'multi_agent_v1',
        description: 'Tools for spawning and managing sub-agents.',
        tools: [{ type: 'function', name: 'close_agent', parameters: { type: 'object' }, strict: false }],
      },
      { type: 'web_search', external_web_access: false },
    ],
    tool_choice: 'auto',
    parallel_tool_calls: true,
    reasoning: { summary: 'auto' },
    store: false,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: '01a23347-84ce-7c03-b9c1-03d8b9e559cc',
    client_metadata: { 'x-codex-installation-id': '6bd7…' },
  };

  it('translates, dropping only the tools the target cannot run', () => {
    const { chat, warnings, echo } = responsesToChatRequest(codex);
    expect(chat.messages).toEqual([
      { role: 'system', content: '<permissions instructions>…\n\n<collaboration_mode>…\n<skills_instructions>…' },
      { role: 'user', content: '<environment_context>…\nList the files' },
    ]);
    expect(chat.tools?.map((t) => (t as { function: { name: string } }).function.name)).toEqual(['exec_command']);
    expect(chat).toMatchObject({ tool_choice: 'auto', parallel_tool_calls: true, stream: true });
    expect(chat).not.toHaveProperty('reasoning_effort');
    expect(warnings.map((w) => w.split(':')[0])).toEqual(['tools.1', 'tools.2']);
    expect(echo.store).toBe(false);
  });
});
