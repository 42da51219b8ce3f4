// The Responses dialect end to end against a real vLLM simulator (tools and reasoning on): the
// official openai SDK sends its requests through a fetch that translates them with this dialect
// and forwards them to the simulator's chat route, as the gateway's inbound adapter will, with an
// in-memory response store behind previous_response_id. A function-call round trip, streamed and not.
import OpenAI from 'openai';
import type { FunctionTool, ResponseInputItem } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from 'vllm-sim';
import { forwardChat, json, relaySse, startAgentSimulator } from '../../../../test/support/sim-dialect';
import { GatewayError } from '../http-io';
import type { ChatCompletionBody } from './chat-types';
import {
  chatToResponse,
  type PriorResponse,
  type ResponsesStreamEvent,
  responsesStreamFromChatSse,
  responsesToChatRequest,
  type WireResponse,
} from './openai-responses';

let sim: RunningSimulator;
let client: OpenAI;
const stored = new Map<string, PriorResponse>();
const simPromptTokens: number[] = [];

/** What the gateway's /v1/responses adapter does, in miniature. */
async function responsesRoute(init: RequestInit): Promise<Response> {
  const body = JSON.parse(String(init.body));
  let translated: ReturnType<typeof responsesToChatRequest>;
  try {
    translated = responsesToChatRequest(body, { previousResponse: (id) => stored.get(id) ?? null });
  } catch (err) {
    if (err instanceof GatewayError) {
      return json({ error: { message: err.message, type: err.type, param: err.param, code: err.code } }, err.status);
    }
    throw err;
  }
  const { chat, echo, inputItems } = translated;
  const keep = (response: WireResponse) => {
    if (echo.store) stored.set(response.id, { input: inputItems, output: response.output });
  };
  const upstream = await forwardChat(sim, chat);
  if (upstream.status >= 400) return new Response(await upstream.text(), { status: upstream.status });
  const createdAt = Math.floor(Date.now() / 1000);
  if (!chat.stream) {
    const completion = (await upstream.json()) as ChatCompletionBody & { usage: { prompt_tokens: number } };
    simPromptTokens.push(completion.usage.prompt_tokens);
    const response = chatToResponse(completion, { model: body.model, echo, createdAt });
    keep(response);
    return json(response);
  }
  const leg = responsesStreamFromChatSse({ model: body.model, echo, createdAt });
  return relaySse(upstream, leg.sse, () => simPromptTokens.push(leg.translator.usage.inputTokens ?? -1));
}

beforeAll(async () => {
  sim = await startAgentSimulator();
  client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://gateway.invalid/v1',
    maxRetries: 0,
    fetch: (_url, init) => responsesRoute(init ?? {}),
  });
});
afterAll(async () => {
  await sim?.close();
});

const shell: FunctionTool = {
  type: 'function',
  name: 'shell',
  description: 'Runs a shell command and returns its output',
  parameters: {
    type: 'object',
    properties: { command: { type: 'array', items: { type: 'string' } }, workdir: { type: 'string' } },
    required: ['command'],
  },
  strict: false,
};

describe('openai SDK (Responses) → Responses dialect → vLLM simulator', () => {
  it('responses.stream with a function-call round trip, as Codex runs one (store: false)', async () => {
    const input: ResponseInputItem[] = [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<environment_context/>' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List the files here.' }] },
    ];
    const params = {
      model: 'gpt-5-codex',
      instructions: 'You are a coding agent.',
      tools: [shell, { type: 'web_search' as const }],
      tool_choice: 'required' as const,
      reasoning: { effort: 'medium' as const, summary: 'auto' as const },
      store: false,
      include: ['reasoning.encrypted_content' as const],
    };
    const events: string[] = [];
    const first = client.responses.stream({ ...params, input });
    first.on('event', (e) => events.push(e.type));
    const call = await first.finalResponse();
    const fc = call.output.find((o) => o.type === 'function_call');
    expect(fc).toMatchObject({ type: 'function_call', name: 'shell', status: 'completed' });
    expect(Array.isArray(JSON.parse((fc as { arguments: string }).arguments).command)).toBe(true);
    expect(call.output[0].type).toBe('reasoning');
    expect(events[0]).toBe('response.created');
    expect(events.at(-1)).toBe('response.completed');
    expect(call.usage?.input_tokens).toBe(simPromptTokens.at(-1));
    expect(stored.has(call.id)).toBe(false);

    const second = await client.responses
      .stream({
        ...params,
        tool_choice: 'auto',
        input: [
          ...input,
          ...(call.output as ResponseInputItem[]),
          { type: 'function_call_output', call_id: (fc as { call_id: string }).call_id, output: 'README.md\nsrc' },
        ],
      })
      .finalResponse();
    expect(second.output.some((o) => o.type === 'function_call')).toBe(false);
    expect(second.output_text.length).toBeGreaterThan(0);
    expect(second.status).toMatch(/^(completed|incomplete)$/);
  });

  it('responses.create keeps a stored response for previous_response_id', async () => {
    const first = await client.responses.create({ model: 'm', input: 'My name is Ada.', max_output_tokens: 64 });
    expect(first.status).toMatch(/^(completed|incomplete)$/);
    expect(stored.has(first.id)).toBe(true);
    const second = await client.responses.create({
      model: 'm',
      input: 'What is my name?',
      previous_response_id: first.id,
      max_output_tokens: 64,
    });
    expect(second.previous_response_id).toBe(first.id);
    // The simulator saw both turns: its prompt grew by more than the new question alone.
    expect(simPromptTokens.at(-1)!).toBeGreaterThan(simPromptTokens.at(-2)! + 10);
  });

  it('answers a bad item with a 400 naming it, in OpenAI shape', async () => {
    const err = await client.responses
      .create({ model: 'm', input: [{ type: 'hologram' } as unknown as ResponseInputItem] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as { param: string }).param).toBe('input.0.type');
    const missing = await client.responses
      .create({ model: 'm', input: 'x', previous_response_id: 'resp_missing' })
      .catch((e: unknown) => e);
    expect((missing as { code: string }).code).toBe('previous_response_not_found');
  });

  it("streams an error from the target midway as response.failed: the SDK's final response is failed, with the error", async () => {
    const leg = responsesStreamFromChatSse({
      model: 'm',
      echo: responsesToChatRequest({ model: 'm', input: 'x' }).echo,
      createdAt: 0,
    });
    const sse =
      leg.sse.write('data: {"choices":[{"index":0,"delta":{"content":"par"}}]}\n\n') +
      leg.sse.write('data: {"error":{"message":"engine died"}}\n\n');
    const failing = new OpenAI({
      apiKey: 'x',
      baseURL: 'http://gateway.invalid/v1',
      maxRetries: 0,
      fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }),
    });
    const seen: ResponsesStreamEvent['type'][] = [];
    const stream = failing.responses.stream({ model: 'm', input: 'x' });
    stream.on('event', (e) => seen.push(e.type));
    const final = await stream.finalResponse();
    expect(seen.at(-1)).toBe('response.failed');
    expect(final.status).toBe('failed');
    expect(final.error).toEqual({ code: 'server_error', message: 'engine died' });
  });
});
