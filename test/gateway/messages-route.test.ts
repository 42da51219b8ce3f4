// POST /v1/messages and /v1/messages/count_tokens through the gateway, with the official
// Anthropic SDK unchanged but for base URL and key, in front of a vLLM simulator with tools and
// reasoning on: create, a streamed tool round trip checked event by event, thinking, count_tokens
// from the target's tokenizer, a stream that breaks off, a client that goes away (charged for
// what was generated), and refusals in Anthropic's error shape (403, 429, 400 naming the field).
import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from '../support/gateway-fixture';
import { type AgentFixture, logRow, parseSse, startAgentFixture, waitForRow } from './agent-support';

let a: AgentFixture;
let client: Anthropic;
beforeAll(async () => {
  a = await startAgentFixture();
  client = new Anthropic({ baseURL: a.f.url, apiKey: MASTER_KEY, maxRetries: 0 });
});
afterAll(() => a?.close());

const readFile: Tool = {
  name: 'read_file',
  description: 'Read a file',
  input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${a.f.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': MASTER_KEY, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /v1/messages', () => {
  it('messages.create: a Message with usage, the routing headers, and a log row with tokens, cost and route', async () => {
    const { data, response } = await client.messages
      .create({
        model: 'chat',
        max_tokens: 64,
        thinking: { type: 'disabled' },
        messages: [{ role: 'user', content: 'Say hello' }],
      })
      .withResponse();
    expect(data.type).toBe('message');
    expect(data.role).toBe('assistant');
    expect(data.model).toBe('chat');
    expect(data.content.some((b) => b.type === 'text' && b.text.length > 0)).toBe(true);
    expect(data.usage.input_tokens).toBeGreaterThan(0);
    expect(data.usage.output_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-switchyard-deployment')).toBe('agent');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    const cost = Number(response.headers.get('x-switchyard-cost-usd'));
    expect(cost).toBeCloseTo(data.usage.input_tokens * 1e-6 + data.usage.output_tokens * 2e-6, 10);
    const row = logRow(a.f, response.headers.get('x-request-id'));
    expect(row).toMatchObject({
      route: 'messages',
      status: 200,
      modelGroup: 'chat',
      promptTokens: data.usage.input_tokens,
      completionTokens: data.usage.output_tokens,
    });
    expect(row!.costUsd).toBeCloseTo(cost, 10);
  });

  it('accepts ?beta=true, anthropic-version and any anthropic-beta flag', async () => {
    const res = await post(
      '/v1/messages?beta=true',
      { model: 'chat', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }], context_management: {} },
      { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'made-up-flag-2099-01-01,another' },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { type: string }).type).toBe('message');
  });

  it('a streamed tool round trip, event by event, then the tool result answered (messages.stream)', async () => {
    const messages: MessageParam[] = [{ role: 'user', content: 'Read README.md' }];
    const res = await post('/v1/messages', {
      model: 'chat',
      max_tokens: 200,
      stream: true,
      tools: [readFile],
      tool_choice: { type: 'tool', name: 'read_file' },
      messages,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    for (const e of events) expect(e.event).toBe(e.data.type);
    const types = events.map((e) => e.data.type);
    expect(types[0]).toBe('message_start');
    expect(types.at(-2)).toBe('message_delta');
    expect(types.at(-1)).toBe('message_stop');
    const start = events[0].data.message as { usage: { input_tokens: number } };
    expect(start.usage.input_tokens).toBeGreaterThan(0);
    const toolStart = events.find(
      (e) => e.data.type === 'content_block_start' && (e.data.content_block as { type: string }).type === 'tool_use',
    );
    expect(toolStart).toBeTruthy();
    const toolIndex = toolStart!.data.index;
    const json = events
      .filter((e) => e.data.type === 'content_block_delta' && e.data.index === toolIndex)
      .map((e) => (e.data.delta as { type: string; partial_json: string }).partial_json)
      .join('');
    expect(JSON.parse(json)).toHaveProperty('path');
    // Every opened block is closed, in order.
    const opened = events.filter((e) => e.data.type === 'content_block_start').map((e) => e.data.index);
    const closed = events.filter((e) => e.data.type === 'content_block_stop').map((e) => e.data.index);
    expect(closed).toEqual(opened);
    const delta = events.at(-2)!.data as { delta: { stop_reason: string }; usage: { output_tokens: number } };
    expect(delta.delta.stop_reason).toBe('tool_use');
    expect(delta.usage.output_tokens).toBeGreaterThan(0);
    const row = await waitForRow(a.f, res.headers.get('x-request-id')!);
    expect(row).toMatchObject({ route: 'messages', status: 200, completionTokens: delta.usage.output_tokens });

    // The SDK's own stream helper, with the tool's result sent back.
    const call = toolStart!.data.content_block as { id: string; name: string };
    const stream = client.messages.stream({
      model: 'chat',
      max_tokens: 100,
      tools: [readFile],
      messages: [
        ...messages,
        { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: call.name, input: JSON.parse(json) }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '# Switchyard' }] },
      ],
    });
    const seen: string[] = [];
    stream.on('streamEvent', (e) => seen.push(e.type));
    const final = await stream.finalMessage();
    expect(seen[0]).toBe('message_start');
    expect(seen.at(-1)).toBe('message_stop');
    expect(final.stop_reason).toBe('end_turn');
    expect(final.content.some((b) => b.type === 'text')).toBe(true);
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it('thinking streams as a thinking block before the text', async () => {
    const stream = client.messages.stream({
      model: 'chat',
      max_tokens: 300,
      thinking: { type: 'enabled', budget_tokens: 100 },
      messages: [{ role: 'user', content: 'Think, then answer: 2+2?' }],
    });
    const blocks: string[] = [];
    stream.on('streamEvent', (e) => {
      if (e.type === 'content_block_start') blocks.push(e.content_block.type);
    });
    const final = await stream.finalMessage();
    expect(blocks[0]).toBe('thinking');
    expect(final.content[0].type).toBe('thinking');
    expect((final.content[0] as { thinking: string }).thinking.length).toBeGreaterThan(0);
  });

  it('messages.countTokens: counted by the target tokenizer, the same count the target then reports', async () => {
    const body = { model: 'chat', messages: [{ role: 'user' as const, content: 'Count these words, please.' }] };
    const { data, response } = await client.messages.countTokens(body).withResponse();
    expect(response.headers.get('x-switchyard-token-count')).toBe('tokenizer');
    const served = await client.messages.create({ ...body, max_tokens: 8 });
    expect(data.input_tokens).toBe(served.usage.input_tokens);
  });

  it('a stream that breaks off ends with an error event, and is logged as interrupted with what came', async () => {
    const res = await post('/v1/messages', {
      model: 'broken',
      max_tokens: 50,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const events = parseSse(await res.text());
    expect(events.at(-1)!.data).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(events.some((e) => (e.data.delta as { text?: string } | undefined)?.text === 'Half ')).toBe(true);
    const row = await waitForRow(a.f, res.headers.get('x-request-id')!);
    expect(row).toMatchObject({
      route: 'messages',
      status: 502,
      errorClass: 'stream_interrupted',
      completionTokens: 2,
    });
  });

  it('a client that goes away mid-stream is charged for what was generated', async () => {
    const controller = new AbortController();
    const res = await fetch(`${a.f.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': MASTER_KEY },
      body: JSON.stringify({
        model: 'slow',
        max_tokens: 400,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    let deltas = 0;
    while (deltas < 5) {
      const { value } = await reader.read();
      deltas += (new TextDecoder().decode(value).match(/text_delta/g) ?? []).length;
    }
    controller.abort();
    const row = await waitForRow(a.f, res.headers.get('x-request-id')!);
    expect(row!.status).toBe(499);
    expect(row!.completionTokens).toBeGreaterThanOrEqual(5);
    expect(row!.completionTokens).toBeLessThan(400);
    expect(row!.costUsd).toBeGreaterThan(0);
  });
});

describe('refusals on /v1/messages, in Anthropic error shape', () => {
  it('a key that may not use the group: 403 permission_error (the SDK raises PermissionDeniedError)', async () => {
    const { key } = a.f.store.keys.create({ alias: 'only-other', models: ['other'] });
    a.f.rt.reload();
    const limited = new Anthropic({ baseURL: a.f.url, apiKey: key, maxRetries: 0 });
    const err = await limited.messages
      .create({ model: 'chat', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(err.error).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
    expect(err.error.error.message).toMatch(/may not use `chat`/);
  });

  it('an exhausted budget: 429 rate_limit_error', async () => {
    const { key } = a.f.store.keys.create({ alias: 'broke', models: [], maxBudgetUsd: 0.000001 });
    a.f.rt.reload();
    const res = await post(
      '/v1/messages',
      { model: 'chat', max_tokens: 500, messages: [{ role: 'user', content: 'hi' }] },
      { 'x-api-key': key },
    );
    expect(res.status).toBe(429);
    const body = (await res.json()) as { type: string; error: { type: string; message: string } };
    expect(body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(body.error.message).toMatch(/Budget exceeded/);
  });

  it.each([
    ['missing max_tokens', { model: 'chat', messages: [{ role: 'user', content: 'hi' }] }, /^max_tokens: is required/],
    [
      'an unknown block type',
      { model: 'chat', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'hologram' }] }] },
      /^messages\.0\.content\.0\.type: unknown content block type/,
    ],
    ['broken JSON', '{"model": "chat", "max_tokens": ', /not valid JSON/],
  ])('%s: 400 invalid_request_error naming the field', async (_name, body, message) => {
    const res = await post('/v1/messages', body);
    expect(res.status).toBe(400);
    const parsed = (await res.json()) as { type: string; error: { type: string; message: string } };
    expect(parsed).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(parsed.error.message).toMatch(message);
  });

  it('no key: 401 authentication_error', async () => {
    const res = await fetch(`${a.f.url}/v1/messages`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });
});
