// The Anthropic dialect end to end against a real vLLM simulator (tools and reasoning on, as an
// agent deployment runs): the official Anthropic SDK sends its requests through a fetch that
// translates them with this dialect and forwards them to the simulator's chat route, the way the
// gateway's inbound adapter will. A tool round trip, streamed and not, plus count_tokens and errors.
import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from 'vllm-sim';
import { forwardChat, json, relaySse, startAgentSimulator } from '../../../../test/support/sim-dialect';
import {
  anthropicErrorBody,
  chatToMessage,
  estimateMessagesTokens,
  messagesStreamFromChatSse,
  messagesToChatRequest,
  openAiErrorOf,
} from './anthropic-messages';
import { GatewayError } from '../http-io';
import type { ChatCompletionBody } from './chat-types';

let sim: RunningSimulator;
let client: Anthropic;
/** The prompt token counts the simulator reported, request by request. */
const simPromptTokens: number[] = [];

/** What the gateway's /v1/messages adapter does, in miniature. */
async function messagesRoute(url: string, init: RequestInit): Promise<Response> {
  const body = JSON.parse(String(init.body));
  if (url.includes('/count_tokens')) return json(estimateMessagesTokens(body));
  let translated: ReturnType<typeof messagesToChatRequest>;
  try {
    translated = messagesToChatRequest(body);
  } catch (err) {
    if (err instanceof GatewayError) return json(anthropicErrorBody(err.status, err), err.status);
    throw err;
  }
  const { chat, stopSequences } = translated;
  const upstream = await forwardChat(sim, chat);
  if (upstream.status >= 400) {
    return json(anthropicErrorBody(upstream.status, openAiErrorOf(await upstream.text())), upstream.status);
  }
  if (!chat.stream) {
    const completion = (await upstream.json()) as ChatCompletionBody & { usage: { prompt_tokens: number } };
    simPromptTokens.push(completion.usage.prompt_tokens);
    return json(chatToMessage(completion, { model: body.model, stopSequences }));
  }
  const leg = messagesStreamFromChatSse({ model: body.model, stopSequences, promptTokens: 1 });
  return relaySse(upstream, leg.sse, () => simPromptTokens.push(leg.translator.usage.inputTokens ?? -1));
}

beforeAll(async () => {
  sim = await startAgentSimulator();
  client = new Anthropic({
    apiKey: 'sk-test',
    baseURL: 'http://gateway.invalid',
    maxRetries: 0,
    fetch: (url, init) => messagesRoute(String(url), init ?? {}),
  });
});
afterAll(async () => {
  await sim?.close();
});

const readTool: Tool = {
  name: 'Read',
  description: 'Read a file from the local filesystem.',
  input_schema: {
    type: 'object',
    properties: { file_path: { type: 'string' }, limit: { type: 'integer', minimum: 1 } },
    required: ['file_path'],
  },
};
const ask: MessageParam[] = [{ role: 'user', content: 'What does README.md say?' }];

describe('Anthropic SDK → Messages dialect → vLLM simulator', () => {
  it('messages.create: thinking then text, with the usage the simulator counted', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      system: [{ type: 'text', text: 'You are a helpful agent.' }],
      messages: ask,
    });
    expect(message.model).toBe('claude-sonnet-4-5');
    expect(message.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    expect(message.stop_reason).toMatch(/^(end_turn|max_tokens)$/);
    expect(message.usage.input_tokens).toBe(simPromptTokens.at(-1));
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('messages.stream with a tool round trip: a schema-valid tool_use, then text after the tool_result', async () => {
    const first = client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      tools: [readTool],
      tool_choice: { type: 'any' },
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: ask,
    });
    const starts: number[] = [];
    first.on('streamEvent', (e) => {
      if (e.type === 'message_start') starts.push(e.message.usage.input_tokens);
    });
    const call = await first.finalMessage();
    expect(call.stop_reason).toBe('tool_use');
    const toolUse = call.content.find((b) => b.type === 'tool_use');
    expect(toolUse).toMatchObject({ type: 'tool_use', name: 'Read' });
    expect(typeof (toolUse as { input: { file_path: unknown } }).input.file_path).toBe('string');
    // message_start carried the simulator's real prompt count (continuous usage stats), not the estimate.
    expect(starts).toEqual([simPromptTokens.at(-1)]);
    expect(call.usage.input_tokens).toBe(simPromptTokens.at(-1));

    const second = await client.messages
      .stream({
        model: 'claude-sonnet-4-5',
        max_tokens: 256,
        tools: [readTool],
        messages: [
          ...ask,
          { role: 'assistant', content: call.content },
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: (toolUse as { id: string }).id, content: '# Switchyard' }],
          },
        ],
      })
      .finalMessage();
    expect(second.content.some((b) => b.type === 'text' && b.text.length > 0)).toBe(true);
    expect(second.content.some((b) => b.type === 'tool_use')).toBe(false);
    expect(second.stop_reason).toMatch(/^(end_turn|max_tokens)$/);
  });

  it('countTokens estimates within a factor of two of what the simulator counts', async () => {
    const params = { model: 'claude-sonnet-4-5', tools: [readTool], messages: ask };
    const { input_tokens } = await client.messages.countTokens(params);
    await client.messages.create({ ...params, max_tokens: 8 });
    const real = simPromptTokens.at(-1)!;
    expect(input_tokens).toBeGreaterThan(real / 2);
    expect(input_tokens).toBeLessThan(real * 2);
  });

  it('a missing max_tokens and a prompt beyond the context window raise BadRequestError naming the problem', async () => {
    const missing = await client.messages
      .create({ model: 'claude-sonnet-4-5', messages: ask } as unknown as Anthropic.MessageCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Anthropic.BadRequestError);
    expect((missing as Error).message).toMatch(/max_tokens: is required/);

    const tooLong = await client.messages
      // An explicit timeout, or the SDK itself refuses so large a max_tokens without streaming.
      .create({ model: 'claude-sonnet-4-5', max_tokens: 10_000_000, messages: ask }, { timeout: 10_000 })
      .catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(Anthropic.BadRequestError);
    expect((tooLong as { error: { error: { type: string } } }).error.error.type).toBe('invalid_request_error');
  });
});
