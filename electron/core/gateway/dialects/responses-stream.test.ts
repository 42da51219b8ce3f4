import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import type { ChatChunkBody, ChatCompletionBody } from './chat-types';
import { chatToResponse, responsesStreamFromChatSse, responsesToChatRequest } from './openai-responses';
import { encodeResponsesEvents, type ResponsesStreamEvent, ResponsesStreamTranslator } from './responses-stream';

const { echo } = responsesToChatRequest({ model: 'codex-model', input: 'x', instructions: 'Be terse.' });
const options = { model: 'codex-model', echo, createdAt: 1_700_000_000, id: 'resp_test', now: () => 1_700_000_005_000 };

type Delta = ChatCompletionChunk.Choice.Delta & { reasoning_content?: string };
function chunk(delta: Delta, finish: ChatCompletionChunk.Choice['finish_reason'] = null): ChatCompletionChunk {
  return {
    id: 'chatcmpl-s',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  };
}
const usage = (prompt: number, completion: number, reasoning = 0): ChatChunkBody => ({
  choices: [],
  usage: {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    completion_tokens_details: { reasoning_tokens: reasoning },
  },
});
const sseOf = (chunks: ChatChunkBody[]) =>
  chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n';

function run(chunks: ChatChunkBody[]): ResponsesStreamEvent[] {
  const t = new ResponsesStreamTranslator(options);
  return [...chunks.flatMap((c) => t.push(c)), ...t.finish()];
}
const types = (events: ResponsesStreamEvent[]) => events.map((e) => e.type);

function parseSse(text: string): ResponsesStreamEvent[] {
  const events: ResponsesStreamEvent[] = [];
  createParser({
    onEvent: (e) => {
      const data = JSON.parse(e.data) as ResponsesStreamEvent;
      expect(e.event).toBe(data.type);
      events.push(data);
    },
  }).feed(text);
  return events;
}

const openai = (body: string, contentType: string) =>
  new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://gateway.invalid/v1',
    maxRetries: 0,
    fetch: async () => new Response(body, { headers: { 'content-type': contentType } }),
  });

const toolTurn = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ reasoning_content: 'List ' }),
  chunk({ reasoning_content: 'first.' }),
  chunk({ content: 'Listing.' }),
  chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'shell', arguments: '' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"command":' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '["ls"]}' } }] }),
  chunk({}, 'tool_calls'),
  usage(120, 14, 3),
];

describe('chat chunks → Responses stream', () => {
  it('streams reasoning, text and a function call as the documented events, numbered in order', () => {
    const events = run(toolTurn);
    expect(types(events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.reasoning_text.delta',
      'response.reasoning_text.delta',
      'response.reasoning_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0]).toMatchObject({
      response: { id: 'resp_test', object: 'response', status: 'in_progress', output: [], instructions: 'Be terse.' },
    });
    expect(events[9]).toMatchObject({
      output_index: 1,
      item: { type: 'message', role: 'assistant', status: 'in_progress', content: [] },
    });
    expect(events[11]).toMatchObject({ output_index: 1, content_index: 0, delta: 'Listing.', logprobs: [] });
    expect(events[18]).toMatchObject({ output_index: 2, name: 'shell', arguments: '{"command":["ls"]}' });
    const done = events.at(-1) as Extract<ResponsesStreamEvent, { type: 'response.completed' }>;
    expect(done.response.status).toBe('completed');
    expect(done.response.completed_at).toBe(1_700_000_005);
    expect(done.response.usage).toEqual({
      input_tokens: 120,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: 14,
      output_tokens_details: { reasoning_tokens: 3 },
      total_tokens: 134,
    });
    expect(done.response.output).toEqual([
      {
        id: expect.stringMatching(/^rs_/),
        type: 'reasoning',
        summary: [],
        content: [{ type: 'reasoning_text', text: 'List first.' }],
      },
      {
        id: expect.stringMatching(/^msg_/),
        type: 'message',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: 'Listing.', annotations: [], logprobs: [] }],
      },
      {
        id: expect.stringMatching(/^fc_/),
        type: 'function_call',
        call_id: 'call_1',
        name: 'shell',
        arguments: '{"command":["ls"]}',
        status: 'completed',
      },
    ]);
  });

  it('ends at the token limit with response.incomplete (max_output_tokens)', () => {
    const events = run([chunk({ content: 'partial' }), chunk({}, 'length')]);
    expect(events.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, completed_at: null },
    });
  });

  it('fails midway with response.failed carrying the error, and sends nothing after it', () => {
    const t = new ResponsesStreamTranslator(options);
    t.push(chunk({ content: 'half' }));
    const failed = t.push({ error: { message: 'engine died' } });
    expect(failed).toEqual([
      expect.objectContaining({
        type: 'response.failed',
        sequence_number: 5,
        response: expect.objectContaining({
          status: 'failed',
          error: { code: 'server_error', message: 'engine died' },
        }),
      }),
    ]);
    expect([...t.push(chunk({ content: 'x' })), ...t.finish()]).toEqual([]);
  });

  it('counts one token per content chunk when the target sends no usage', () => {
    const t = new ResponsesStreamTranslator({ ...options, promptTokens: 9 });
    for (const c of [chunk({ content: 'a' }), chunk({ content: 'b' }), chunk({}, 'stop')]) t.push(c);
    const done = t.finish().at(-1) as Extract<ResponsesStreamEvent, { type: 'response.completed' }>;
    expect(done.response.usage).toMatchObject({ input_tokens: 9, output_tokens: 2, total_tokens: 11 });
    expect(t.usage).toEqual({ inputTokens: null, outputTokens: 2, exact: false });
  });

  it("is read by the openai SDK's responses.stream into the final response", async () => {
    const leg = responsesStreamFromChatSse(options);
    const sse = leg.sse.write(sseOf(toolTurn)) + leg.sse.end();
    const events = parseSse(sse);
    // Every event is one the SDK's union names.
    const sdkTyped: ResponseStreamEvent[] = events as unknown as ResponseStreamEvent[];
    expect(sdkTyped).toHaveLength(21);

    const stream = openai(sse, 'text/event-stream').responses.stream({ model: 'codex-model', input: 'x' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (e) => deltas.push(e.delta));
    const final = await stream.finalResponse();
    expect(deltas).toEqual(['Listing.']);
    expect(final.output_text).toBe('Listing.');
    expect(final.output.map((o) => o.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(final.output[2]).toMatchObject({ call_id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' });
    expect(final.usage?.output_tokens).toBe(14);
  });
});

describe('chat.completion → Response', () => {
  const completion = (
    message: Partial<ChatCompletion.Choice['message']> & { reasoning_content?: string },
    finish: ChatCompletion.Choice['finish_reason'],
  ): ChatCompletion & ChatCompletionBody => ({
    id: 'c',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: null, ...message },
        finish_reason: finish,
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 50, completion_tokens: 6, total_tokens: 56, prompt_tokens_details: { cached_tokens: 32 } },
  });

  it('gives reasoning, message and function_call items, completed, with usage', () => {
    const response = chatToResponse(
      completion(
        {
          reasoning_content: 'Think.',
          content: 'Done.',
          tool_calls: [
            { id: 'call_9', type: 'function', function: { name: 'shell', arguments: '{"command":["ls"]}' } },
          ],
        },
        'tool_calls',
      ),
      options,
    );
    expect(response).toMatchObject({
      id: 'resp_test',
      object: 'response',
      created_at: 1_700_000_000,
      model: 'codex-model',
      status: 'completed',
      incomplete_details: null,
      error: null,
      instructions: 'Be terse.',
      output: [
        { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'Think.' }] },
        { type: 'message', status: 'completed', content: [{ type: 'output_text', text: 'Done.', annotations: [] }] },
        {
          type: 'function_call',
          call_id: 'call_9',
          name: 'shell',
          arguments: '{"command":["ls"]}',
          status: 'completed',
        },
      ],
      usage: { input_tokens: 50, input_tokens_details: { cached_tokens: 32 }, output_tokens: 6, total_tokens: 56 },
    });
    expect(response).not.toHaveProperty('output_text');
  });

  it('is incomplete at the token limit and for a content filter', () => {
    expect(chatToResponse(completion({ content: 'cut' }, 'length'), options)).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [{ type: 'message', status: 'incomplete' }],
    });
    expect(chatToResponse(completion({ content: '' }, 'content_filter'), options)).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'content_filter' },
      output: [],
    });
  });

  it('parses in the openai SDK (responses.create), which adds output_text itself', async () => {
    const response = chatToResponse(completion({ content: 'Hello.' }, 'stop'), options);
    const got = await openai(JSON.stringify(response), 'application/json').responses.create({
      model: 'codex-model',
      input: 'x',
    });
    expect(got.output_text).toBe('Hello.');
    expect(got.id).toBe('resp_test');
  });
});

describe('encodeResponsesEvents', () => {
  it('writes every event as exactly `event: <type>` and its JSON, the written-out shortcuts included', () => {
    const t = new ResponsesStreamTranslator({ model: 'm', echo: {} as never, createdAt: 1, id: 'resp_x' });
    const events = [
      ...t.begin(),
      ...t.push({ choices: [{ index: 0, delta: { content: 'say "hi"\n\u2028' }, finish_reason: null }] }),
      ...t.push({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      ...t.finish(),
    ];
    expect(events.map((e) => e.type)).toContain('response.output_text.delta');
    expect(encodeResponsesEvents(events)).toBe(
      events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join(''),
    );
  });
});
