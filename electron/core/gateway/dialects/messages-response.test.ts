import { createHash } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import type { ChatCompletionBody } from './chat-types';
import { anthropicErrorBody, anthropicErrorType, openAiErrorOf } from './messages-errors';
import { chatToMessage, stopReasonOf, toolInputOf } from './messages-response';

/** What a thinking block's signature is made of: base64 of the SHA-256 of its text. */
const signed = (thinking: string) => createHash('sha256').update(thinking).digest('base64');

/** A chat.completion as vLLM sends one, typed by the openai SDK plus vLLM's extra fields. */
function completion(
  message: Partial<ChatCompletion.Choice['message']> & { reasoning_content?: string; reasoning?: string },
  finish: ChatCompletion.Choice['finish_reason'],
  extra: { stop_reason?: string | number | null } = {},
): ChatCompletion & ChatCompletionBody {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'Qwen/Qwen3-0.6B',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: null, ...message },
        finish_reason: finish,
        logprobs: null,
        ...extra,
      },
    ],
    usage: {
      prompt_tokens: 31,
      completion_tokens: 9,
      total_tokens: 40,
      completion_tokens_details: { reasoning_tokens: 4 },
    },
  };
}

describe('chat.completion → Anthropic Message', () => {
  it('gives thinking, then text, then tool_use blocks, with the model the client asked for', () => {
    const message: Message = chatToMessage(
      completion(
        {
          content: 'Let me look.',
          reasoning_content: 'The user wants the file.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/a"}' } },
            { id: 'call_2', type: 'function', function: { name: 'Glob', arguments: '{"pattern":"*.ts"}' } },
          ],
        },
        'tool_calls',
      ),
      { model: 'claude-sonnet-4-5' },
    );
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      stop_reason: 'tool_use',
      stop_sequence: null,
      content: [
        { type: 'thinking', thinking: 'The user wants the file.', signature: signed('The user wants the file.') },
        { type: 'text', text: 'Let me look.', citations: null },
        { type: 'tool_use', id: 'call_1', name: 'Read', input: { file_path: '/a' } },
        { type: 'tool_use', id: 'call_2', name: 'Glob', input: { pattern: '*.ts' } },
      ],
      usage: {
        input_tokens: 31,
        output_tokens: 9,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens_details: { thinking_tokens: 4 },
      },
    });
    expect(message.id).toMatch(/^msg_[A-Za-z0-9_-]{16}$/);
  });

  it("reads newer vLLM's `reasoning` field too, and gives an empty answer no blocks", () => {
    expect(chatToMessage(completion({ content: 'ok', reasoning: 'brief' }, 'stop'), { model: 'm' }).content).toEqual([
      { type: 'thinking', thinking: 'brief', signature: signed('brief') },
      { type: 'text', text: 'ok', citations: null },
    ]);
    expect(chatToMessage(completion({ content: '' }, 'stop'), { model: 'm' }).content).toEqual([]);
  });

  it('signs thinking blocks with a non-empty signature that follows the text', () => {
    const sig = (reasoning: string) =>
      (
        chatToMessage(completion({ content: 'ok', reasoning }, 'stop'), { model: 'm' }).content[0] as {
          signature: string;
        }
      ).signature;
    expect(sig('a plan')).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(sig('a plan')).toBe(sig('a plan'));
    expect(sig('another plan')).not.toBe(sig('a plan'));
  });

  it('maps every finish reason', () => {
    const cases: Array<[string | null, string | number | null, string, string | null]> = [
      ['stop', null, 'end_turn', null],
      ['stop', 151645, 'end_turn', null], // vLLM names the EOS token id
      ['stop', '</answer>', 'stop_sequence', '</answer>'],
      ['stop', 'not-a-client-stop', 'end_turn', null],
      ['length', null, 'max_tokens', null],
      ['tool_calls', null, 'tool_use', null],
      ['function_call', null, 'tool_use', null],
      ['content_filter', null, 'refusal', null],
      [null, null, 'end_turn', null],
    ];
    for (const [finish, matched, reason, sequence] of cases) {
      expect(stopReasonOf(finish, matched, ['</answer>'], false)).toEqual({
        stop_reason: reason,
        stop_sequence: sequence,
      });
    }
    // Some servers call tools but report "stop".
    expect(stopReasonOf('stop', null, [], true).stop_reason).toBe('tool_use');
    const viaMessage = chatToMessage(completion({ content: 'x' }, 'stop', { stop_reason: '</answer>' }), {
      model: 'm',
      stopSequences: ['</answer>'],
    });
    expect([viaMessage.stop_reason, viaMessage.stop_sequence]).toEqual(['stop_sequence', '</answer>']);
  });

  it('parses tool arguments; no arguments is {}, anything but a JSON object is kept whole', () => {
    expect(toolInputOf('{"a":1}')).toEqual({ a: 1 });
    expect(toolInputOf('')).toEqual({});
    expect(toolInputOf(null)).toEqual({});
    expect(toolInputOf('  ')).toEqual({});
    expect(toolInputOf('{"a":')).toEqual({ _unparsed_arguments: '{"a":' });
    expect(toolInputOf('[1,2]')).toEqual({ _unparsed_arguments: '[1,2]' });
    expect(toolInputOf('"str"')).toEqual({ _unparsed_arguments: '"str"' });
  });

  it('uses the prompt count passed in when the target reports no usage', () => {
    const body: ChatCompletionBody = { choices: [{ message: { content: 'hi' }, finish_reason: 'stop' }] };
    expect(chatToMessage(body, { model: 'm', promptTokens: 17 }).usage).toMatchObject({
      input_tokens: 17,
      output_tokens: 0,
      output_tokens_details: null,
    });
  });

  it('parses as a Message in the Anthropic SDK (messages.create against the translated body)', async () => {
    const translated = chatToMessage(
      completion(
        { content: 'Done.', tool_calls: [{ id: 'c', type: 'function', function: { name: 'Bash', arguments: '{}' } }] },
        'tool_calls',
      ),
      { model: 'claude-x' },
    );
    const client = new Anthropic({
      apiKey: 'sk-test',
      baseURL: 'http://gateway.invalid',
      maxRetries: 0,
      fetch: async () => new Response(JSON.stringify(translated), { headers: { 'content-type': 'application/json' } }),
    });
    const got = await client.messages.create({ model: 'claude-x', max_tokens: 10, messages: [] });
    expect(got).toEqual(translated);
  });
});

describe('gateway errors → Anthropic error bodies', () => {
  it('maps each status to the type Anthropic uses', () => {
    const table: Array<[number, string]> = [
      [400, 'invalid_request_error'],
      [413, 'invalid_request_error'],
      [401, 'authentication_error'],
      [403, 'permission_error'],
      [404, 'not_found_error'],
      [429, 'rate_limit_error'],
      [500, 'api_error'],
      [502, 'api_error'],
      [503, 'overloaded_error'],
      [529, 'overloaded_error'],
      [504, 'timeout_error'],
    ];
    for (const [status, type] of table) expect([status, anthropicErrorType(status)]).toEqual([status, type]);
  });

  it("keeps the gateway's message and lets its type decide where the status does not", () => {
    expect(
      anthropicErrorBody(429, { type: 'budget_exceeded', message: 'Budget exceeded for key app: $0.01 remains' }, 'r1'),
    ).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Budget exceeded for key app: $0.01 remains' },
      request_id: 'r1',
    });
    expect(anthropicErrorBody(500, { type: 'service_unavailable', message: 'no target' }).error.type).toBe(
      'overloaded_error',
    );
    expect(anthropicErrorBody(400, { type: 'permission_error', message: 'x' }).error.type).toBe('permission_error');
    expect(anthropicErrorBody(502, {}).error.message).toBe('The request failed with HTTP 502.');
  });

  it("reads OpenAI's, vLLM's and plain-text error bodies", () => {
    expect(openAiErrorOf('{"error":{"message":"bad","type":"invalid_request_error"}}')).toEqual({
      message: 'bad',
      type: 'invalid_request_error',
    });
    expect(openAiErrorOf('{"object":"error","message":"too long","type":"BadRequestError","code":400}')).toEqual({
      message: 'too long',
      type: 'BadRequestError',
    });
    expect(openAiErrorOf('upstream exploded')).toEqual({ message: 'upstream exploded' });
  });

  it('raises the error class the Anthropic SDK raises against Anthropic', async () => {
    const cases: Array<[number, string, new (...args: never[]) => Error]> = [
      [400, 'invalid_request_error', Anthropic.BadRequestError],
      [401, 'authentication_error', Anthropic.AuthenticationError],
      [403, 'permission_error', Anthropic.PermissionDeniedError],
      [404, 'not_found_error', Anthropic.NotFoundError],
      [429, 'rate_limit_exceeded', Anthropic.RateLimitError],
      [500, 'api_error', Anthropic.InternalServerError],
    ];
    for (const [status, type, errorClass] of cases) {
      const body = anthropicErrorBody(status, { type, message: `failed with ${status}` }, 'req_1');
      const client = new Anthropic({
        apiKey: 'sk-test',
        baseURL: 'http://gateway.invalid',
        maxRetries: 0,
        fetch: async () =>
          new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
      });
      const err = await client.messages
        .create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(errorClass);
      expect((err as { error: unknown }).error).toEqual(body);
    }
  });
});
