import { createHash } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { createParser } from 'eventsource-parser';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { messagesStreamFromChatSse } from './anthropic-messages';
import type { ChatChunkBody } from './chat-types';
import { encodeMessagesEvents, type MessagesStreamEvent, MessagesStreamTranslator } from './messages-stream';

/** What a thinking block's signature is made of: base64 of the SHA-256 of its text. */
const signed = (thinking: string) => createHash('sha256').update(thinking).digest('base64');

type Delta = ChatCompletionChunk.Choice.Delta & { reasoning_content?: string };

/** A chat.completion.chunk as vLLM streams one, typed by the openai SDK. */
function chunk(
  delta: Delta,
  finish: ChatCompletionChunk.Choice['finish_reason'] = null,
  usage?: ChatCompletionChunk['usage'],
): ChatCompletionChunk & ChatChunkBody {
  return {
    id: 'chatcmpl-s',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'Qwen/Qwen3-0.6B',
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    ...(usage ? { usage } : {}),
  };
}
const usageChunk = (prompt: number, completion: number): ChatChunkBody => ({
  id: 'chatcmpl-s',
  choices: [],
  usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
});
const sseOf = (chunks: ChatChunkBody[], done = true) =>
  chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '');

function run(chunks: ChatChunkBody[], options = { model: 'claude-x', promptTokens: 30 }): MessagesStreamEvent[] {
  const t = new MessagesStreamTranslator({ ...options, id: 'msg_test' });
  return [...chunks.flatMap((c) => t.push(c)), ...t.finish()];
}

/** Event types with their block index, for reading a sequence at a glance. */
const shape = (events: MessagesStreamEvent[]) => events.map((e) => ('index' in e ? `${e.type}:${e.index}` : e.type));

/** Parses SSE text back into events, checking that each event name equals its data's type. */
function parseSse(text: string): MessagesStreamEvent[] {
  const events: MessagesStreamEvent[] = [];
  const parser = createParser({
    onEvent: (e) => {
      const data = JSON.parse(e.data) as MessagesStreamEvent;
      expect(e.event).toBe(data.type);
      events.push(data);
    },
  });
  parser.feed(text);
  return events;
}

function sdkClient(sse: string): Anthropic {
  return new Anthropic({
    apiKey: 'sk-test',
    baseURL: 'http://gateway.invalid',
    maxRetries: 0,
    fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }),
  });
}

describe('chat chunks → Anthropic Messages stream', () => {
  it('streams text as message_start, ping, one text block, message_delta and message_stop', () => {
    const events = run([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, 'stop'),
      usageChunk(31, 2),
    ]);
    const expected: MessagesStreamEvent[] = [
      {
        type: 'message_start',
        message: {
          id: 'msg_test',
          type: 'message',
          role: 'assistant',
          model: 'claude-x',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          stop_details: null,
          container: null,
          diagnostics: null,
          usage: {
            input_tokens: 30,
            output_tokens: 0,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            cache_creation: null,
            inference_geo: null,
            output_tokens_details: null,
            server_tool_use: null,
            service_tier: null,
            speed: null,
          },
        },
      },
      { type: 'ping' },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null, stop_details: null, container: null },
        usage: {
          output_tokens: 2,
          input_tokens: 31,
          cache_creation_input_tokens: null,
          cache_read_input_tokens: null,
          output_tokens_details: null,
          server_tool_use: null,
        },
      },
      { type: 'message_stop' },
    ];
    expect(events).toEqual(expected);
  });

  it('puts the real prompt count in message_start when the first chunk carries usage (continuous_usage_stats)', () => {
    const events = run([
      chunk({ role: 'assistant', content: '' }, null, { prompt_tokens: 812, completion_tokens: 0, total_tokens: 812 }),
      chunk({ content: 'a' }, 'stop', { prompt_tokens: 812, completion_tokens: 1, total_tokens: 813 }),
    ]);
    const start = events[0] as Extract<RawMessageStreamEvent, { type: 'message_start' }>;
    expect(start.message.usage.input_tokens).toBe(812);
    expect(events.at(-2)).toMatchObject({ type: 'message_delta', usage: { input_tokens: 812, output_tokens: 1 } });
  });

  it('streams thinking, then text, then one tool_use block per call with input_json_delta', () => {
    const events = run([
      chunk({ role: 'assistant', content: '' }),
      chunk({ reasoning_content: 'Need ' }),
      chunk({ reasoning_content: 'files.' }),
      chunk({ content: 'Reading.' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'Read', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"file_path":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"/a"}' } }] }),
      chunk({
        tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'Glob', arguments: '{}' } }],
      }),
      chunk({}, 'tool_calls'),
      usageChunk(40, 12),
    ]);
    expect(shape(events)).toEqual([
      'message_start',
      'ping',
      'content_block_start:0',
      'content_block_delta:0',
      'content_block_delta:0',
      'content_block_delta:0',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_delta:1',
      'content_block_stop:1',
      'content_block_start:2',
      'content_block_delta:2',
      'content_block_delta:2',
      'content_block_stop:2',
      'content_block_start:3',
      'content_block_delta:3',
      'content_block_stop:3',
      'message_delta',
      'message_stop',
    ]);
    expect(events[2]).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'thinking', thinking: '', signature: '' },
    });
    expect(events[3]).toEqual({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'thinking_delta', thinking: 'Need ' },
    });
    // Last in the thinking block, as Anthropic sends it: the signature of all its text.
    expect(events[5]).toEqual({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'signature_delta', signature: signed('Need files.') },
    });
    expect(events[10]).toEqual({
      type: 'content_block_start',
      index: 2,
      content_block: { type: 'tool_use', id: 'call_a', name: 'Read', input: {}, caller: { type: 'direct' } },
    });
    expect(events.slice(11, 13).map((e) => (e as { delta: { partial_json: string } }).delta.partial_json)).toEqual([
      '{"file_path":',
      '"/a"}',
    ]);
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 12 } });
  });

  it("holds a call's arguments until its name arrives, and gives a call without an id one", () => {
    const events = run([
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"q":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: 'Search', arguments: '"x"}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(shape(events)).toEqual([
      'message_start',
      'ping',
      'content_block_start:0',
      'content_block_delta:0',
      'content_block_stop:0',
      'message_delta',
      'message_stop',
    ]);
    expect(events[3]).toMatchObject({ delta: { type: 'input_json_delta', partial_json: '{"q":"x"}' } });
    const start = events[2] as { content_block: { id: string; name: string } };
    expect(start.content_block.name).toBe('Search');
    expect(start.content_block.id).toMatch(/^toolu_/);
  });

  it('counts one output token per content chunk when the target sends no usage', () => {
    const t = new MessagesStreamTranslator({ model: 'm', promptTokens: 5 });
    for (const c of [chunk({ content: 'a' }), chunk({ content: 'b' }), chunk({ reasoning_content: 'c' })]) t.push(c);
    t.push(chunk({}, 'length'));
    const end = t.finish();
    expect(end[end.length - 2]).toMatchObject({
      delta: { stop_reason: 'max_tokens' },
      usage: { output_tokens: 3, input_tokens: null },
    });
    expect(t.usage).toEqual({ inputTokens: null, outputTokens: 3, exact: false });
  });

  it('ends a stop-sequence stop with stop_sequence', () => {
    const t = new MessagesStreamTranslator({ model: 'm', stopSequences: ['END'] });
    t.push(chunk({ content: 'x' }));
    t.push({ choices: [{ index: 0, delta: {}, finish_reason: 'stop', stop_reason: 'END' }] });
    expect(t.finish().at(-2)).toMatchObject({ delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' } });
  });

  it('turns an error chunk mid-stream into an error event and sends nothing after it', () => {
    const t = new MessagesStreamTranslator({ model: 'm' });
    const first = t.push(chunk({ content: 'par' }));
    const failed = t.push({ error: { message: 'CUDA out of memory', type: 'InternalServerError' } });
    expect(shape(first)).toEqual(['message_start', 'ping', 'content_block_start:0', 'content_block_delta:0']);
    expect(failed).toEqual([{ type: 'error', error: { type: 'api_error', message: 'CUDA out of memory' } }]);
    expect([...t.push(chunk({ content: 'more' })), ...t.finish(), ...t.ping()]).toEqual([]);
    expect(t.done).toBe(true);
  });

  it('pings only while the message is open', () => {
    const t = new MessagesStreamTranslator({ model: 'm' });
    expect(t.ping()).toEqual([]);
    t.push(chunk({ content: 'a' }));
    expect(t.ping()).toEqual([{ type: 'ping' }]);
    t.finish();
    expect(t.ping()).toEqual([]);
  });

  it('writes `event: <type>` and `data: <json>` for each event', () => {
    expect(encodeMessagesEvents([{ type: 'ping' }, { type: 'message_stop' }])).toBe(
      'event: ping\ndata: {"type":"ping"}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  });
});

describe('the SSE leg: target bytes in, client bytes out', () => {
  const chunks = [
    chunk({ role: 'assistant', content: '' }),
    chunk({ reasoning_content: 'Think.' }),
    chunk({ content: 'Hi ' }),
    chunk({ content: 'there' }),
    chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'Read', arguments: '' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"file_path":"/etc/hosts"}' } }] }),
    chunk({}, 'tool_calls'),
    usageChunk(44, 7),
  ];

  it('gives the same events however the bytes are split', () => {
    const whole = messagesStreamFromChatSse({ model: 'm', id: 'msg_1' });
    const all = whole.sse.write(sseOf(chunks)) + whole.sse.end();
    const bytes = sseOf(chunks);
    const split = messagesStreamFromChatSse({ model: 'm', id: 'msg_1' });
    let pieces = '';
    for (let i = 0; i < bytes.length; i += 7) pieces += split.sse.write(bytes.slice(i, i + 7));
    pieces += split.sse.end();
    expect(pieces).toBe(all);
    expect(parseSse(all).at(-1)).toEqual({ type: 'message_stop' });
  });

  it('finishes a stream that carried a finish reason but no [DONE]; fails one that was cut off', () => {
    const complete = messagesStreamFromChatSse({ model: 'm' });
    const text = complete.sse.write(sseOf(chunks, false)) + complete.sse.end();
    expect(parseSse(text).at(-1)).toEqual({ type: 'message_stop' });

    const cut = messagesStreamFromChatSse({ model: 'm' });
    const partial = cut.sse.write(sseOf(chunks.slice(0, 4), false)) + cut.sse.end();
    expect(parseSse(partial).at(-1)).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'The model server closed the stream before it finished.' },
    });
  });

  it('fails on an event that is not JSON, and on an upstream failure', () => {
    const bad = messagesStreamFromChatSse({ model: 'm' });
    expect(parseSse(bad.sse.write('data: {not json\n\n')).at(-1)).toMatchObject({ type: 'error' });
    const timeout = messagesStreamFromChatSse({ model: 'm' });
    timeout.sse.write(sseOf(chunks.slice(0, 3), false));
    expect(parseSse(timeout.sse.fail('The model server sent nothing for 30 s.'))).toEqual([
      { type: 'error', error: { type: 'api_error', message: 'The model server sent nothing for 30 s.' } },
    ]);
    expect(timeout.sse.end()).toBe('');
  });

  it("is read by the Anthropic SDK's own stream parser into the final message", async () => {
    const leg = messagesStreamFromChatSse({ model: 'claude-x', promptTokens: 40 });
    const sse = leg.sse.write(sseOf(chunks)) + leg.sse.end();
    const stream = sdkClient(sse).messages.stream({ model: 'claude-x', max_tokens: 100, messages: [] });
    const texts: string[] = [];
    stream.on('text', (t) => texts.push(t));
    const message = await stream.finalMessage();
    expect(texts).toEqual(['Hi ', 'there']);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Think.', signature: signed('Think.') },
      { type: 'text', text: 'Hi there', citations: null },
      { type: 'tool_use', id: 'call_1', name: 'Read', input: { file_path: '/etc/hosts' }, caller: { type: 'direct' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 44, output_tokens: 7 });
    expect(leg.translator.usage).toEqual({ inputTokens: 44, outputTokens: 7, exact: true });
  });

  it('makes the Anthropic SDK raise the mid-stream error with its type', async () => {
    const leg = messagesStreamFromChatSse({ model: 'claude-x' });
    const sse =
      leg.sse.write(sseOf(chunks.slice(0, 3), false)) +
      leg.sse.write(`data: ${JSON.stringify({ error: { message: 'engine died' } })}\n\n`);
    const err = await sdkClient(sse)
      .messages.stream({ model: 'claude-x', max_tokens: 100, messages: [] })
      .finalMessage()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as { error: unknown }).error).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'engine died' },
    });
  });
});

describe('encodeMessagesEvents', () => {
  it('writes every event as exactly `event: <type>` and its JSON, the written-out text delta included', () => {
    const t = new MessagesStreamTranslator({ model: 'm', id: 'msg_x' });
    const events = [
      ...t.push({ choices: [{ index: 0, delta: { reasoning_content: 'hmm' }, finish_reason: null }] }),
      ...t.push({ choices: [{ index: 0, delta: { content: 'say "hi"\n\u2028' }, finish_reason: null }] }),
      ...t.ping(),
      ...t.push({
        choices: [
          { index: 0, delta: { tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: '{"a":1}' } }] } },
        ],
      }),
      ...t.push({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      ...t.finish(),
    ];
    expect(events.some((e) => e.type === 'content_block_delta' && e.delta.type === 'text_delta')).toBe(true);
    // The events written from templates are all there: the keep-alive ping, each block's stop, the end.
    expect(events.filter((e) => e.type === 'ping')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'content_block_stop')).toHaveLength(3);
    expect(events.at(-1)?.type).toBe('message_stop');
    expect(encodeMessagesEvents(events)).toBe(
      events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join(''),
    );
  });
});
