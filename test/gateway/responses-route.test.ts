// POST /v1/responses and GET/DELETE /v1/responses/{id} through the gateway, with the official
// openai SDK unchanged but for base URL and key, in front of a vLLM simulator with tools and
// reasoning on: create, stored responses continued by previous_response_id, a streamed
// function-call round trip checked event by event, reasoning, a stream that breaks off
// (response.failed), a client that goes away (charged), and refusals in OpenAI's error shape.
import OpenAI from 'openai';
import type { FunctionTool } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from '../support/gateway-fixture';
import { type AgentFixture, logRow, parseSse, startAgentFixture, waitForRow } from './agent-support';

let a: AgentFixture;
let client: OpenAI;
beforeAll(async () => {
  a = await startAgentFixture();
  client = a.f.client();
});
afterAll(() => a?.close());

const shell: FunctionTool = {
  type: 'function',
  name: 'shell',
  description: 'Run a command',
  parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
  strict: false,
};

const post = (body: unknown, key = MASTER_KEY) =>
  fetch(`${a.f.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /v1/responses', () => {
  it('responses.create: a Response with usage and a log row with tokens, cost and route', async () => {
    const { data, response } = await client.responses
      .create({ model: 'chat', input: 'Say hello', max_output_tokens: 64, reasoning: { effort: 'none' } as never })
      .withResponse();
    expect(data.object).toBe('response');
    expect(data.status).toMatch(/completed|incomplete/);
    expect(data.output_text.length).toBeGreaterThan(0);
    expect(data.usage!.input_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-switchyard-deployment')).toBe('agent');
    const cost = Number(response.headers.get('x-switchyard-cost-usd'));
    expect(cost).toBeCloseTo(data.usage!.input_tokens * 1e-6 + data.usage!.output_tokens * 2e-6, 10);
    expect(logRow(a.f, response.headers.get('x-request-id'))).toMatchObject({
      route: 'responses',
      status: 200,
      promptTokens: data.usage!.input_tokens,
      completionTokens: data.usage!.output_tokens,
    });
  });

  it('store: true keeps it for GET and previous_response_id; DELETE removes it; store: false keeps nothing', async () => {
    const first = await client.responses.create({ model: 'chat', input: 'My name is Ada.', max_output_tokens: 20 });
    const got = await client.responses.retrieve(first.id);
    expect(got.id).toBe(first.id);
    expect(got.output).toEqual(first.output);
    const next = await client.responses.create({
      model: 'chat',
      input: 'What is my name?',
      previous_response_id: first.id,
      max_output_tokens: 20,
    });
    // The earlier turn (its input and output) is in the prompt the target read.
    expect(next.usage!.input_tokens).toBeGreaterThan(first.usage!.input_tokens);
    expect(next.previous_response_id).toBe(first.id);

    // Another key cannot read it.
    const { key } = a.f.store.keys.create({ alias: 'stranger', models: [] });
    a.f.rt.reload();
    const stranger = await fetch(`${a.f.url}/v1/responses/${first.id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(stranger.status).toBe(404);

    const del = await fetch(`${a.f.url}/v1/responses/${first.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${MASTER_KEY}` },
    });
    expect(await del.json()).toEqual({ id: first.id, object: 'response', deleted: true });
    const gone = await client.responses.retrieve(first.id).catch((e) => e);
    expect(gone.status).toBe(404);

    const unstored = await client.responses.create({ model: 'chat', input: 'hi', max_output_tokens: 8, store: false });
    expect(a.f.store.responses.get(unstored.id)).toBeNull();
    const err = await client.responses
      .create({ model: 'chat', input: 'again', previous_response_id: unstored.id, max_output_tokens: 8 })
      .catch((e) => e);
    expect(err.status).toBe(400);
    expect(err.error).toMatchObject({ param: 'previous_response_id', code: 'previous_response_not_found' });
  });

  it('a streamed function-call round trip, event by event (responses.stream), then the output answered', async () => {
    const res = await post({
      model: 'chat',
      input: 'List the files',
      tools: [shell],
      tool_choice: 'required',
      stream: true,
      max_output_tokens: 300,
    });
    expect(res.status).toBe(200);
    const events = parseSse(await res.text());
    for (const e of events) expect(e.event).toBe(e.data.type);
    const sequence = events.map((e) => e.data.sequence_number as number);
    expect(sequence).toEqual(sequence.map((_, i) => i));
    const types = events.map((e) => e.data.type);
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types.at(-1)).toBe('response.completed');
    expect(types).toContain('response.function_call_arguments.delta');
    const done = events.find((e) => e.data.type === 'response.function_call_arguments.done')!;
    expect(JSON.parse(done.data.arguments as string)).toHaveProperty('command');
    const completed = events.at(-1)!.data.response as {
      id: string;
      usage: { output_tokens: number };
      output: Array<{ type: string; call_id?: string; name?: string }>;
    };
    const call = completed.output.find((o) => o.type === 'function_call')!;
    expect(call.name).toBe('shell');
    const row = await waitForRow(a.f, res.headers.get('x-request-id')!);
    expect(row).toMatchObject({ route: 'responses', status: 200, completionTokens: completed.usage.output_tokens });

    // The stored streamed response continues with the call's output, through the SDK's stream helper.
    const stream = client.responses.stream({
      model: 'chat',
      previous_response_id: completed.id,
      input: [{ type: 'function_call_output', call_id: call.call_id!, output: 'README.md\npackage.json' }],
      tools: [shell],
      max_output_tokens: 200,
    });
    const seen: string[] = [];
    stream.on('event', (e) => seen.push(e.type));
    const final = await stream.finalResponse();
    expect(seen[0]).toBe('response.created');
    expect(seen.at(-1)).toBe('response.completed');
    expect(final.output.some((o) => o.type === 'message')).toBe(true);
  });

  it('reasoning streams as reasoning_text before the answer', async () => {
    const res = await post({ model: 'chat', input: 'Think: 2+2?', stream: true, max_output_tokens: 300 });
    const types = parseSse(await res.text()).map((e) => e.data.type as string);
    const firstReasoning = types.indexOf('response.reasoning_text.delta');
    expect(firstReasoning).toBeGreaterThan(0);
    const firstText = types.indexOf('response.output_text.delta');
    if (firstText >= 0) expect(firstReasoning).toBeLessThan(firstText);
  });

  it('a stream that breaks off ends with response.failed, logged as interrupted', async () => {
    const res = await post({ model: 'broken', input: 'hi', stream: true, max_output_tokens: 50 });
    const events = parseSse(await res.text());
    expect(events.at(-1)!.data.type).toBe('response.failed');
    const row = await waitForRow(a.f, res.headers.get('x-request-id')!);
    expect(row).toMatchObject({
      route: 'responses',
      status: 502,
      errorClass: 'stream_interrupted',
      completionTokens: 2,
    });
  });

  it('a client that goes away mid-stream is charged for what was generated', async () => {
    const controller = new AbortController();
    const res = await fetch(`${a.f.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${MASTER_KEY}` },
      body: JSON.stringify({ model: 'slow', input: 'hi', stream: true, max_output_tokens: 400 }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    let deltas = 0;
    while (deltas < 5) {
      const { value } = await reader.read();
      deltas += (new TextDecoder().decode(value).match(/"type":"response\.output_text\.delta"/g) ?? []).length;
    }
    controller.abort();
    const row = await waitForRow(a.f, res.headers.get('x-request-id')!);
    expect(row!.status).toBe(499);
    expect(row!.completionTokens).toBeGreaterThanOrEqual(5);
    expect(row!.completionTokens).toBeLessThan(400);
    expect(row!.costUsd).toBeGreaterThan(0);
  });
});

describe('refusals on /v1/responses, in OpenAI error shape', () => {
  it('a key that may not use the group: 403 permission_error', async () => {
    const { key } = a.f.store.keys.create({ alias: 'only-other', models: ['other'] });
    a.f.rt.reload();
    const err = await a.f
      .client(key)
      .responses.create({ model: 'chat', input: 'hi' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(err.error).toMatchObject({ type: 'permission_error', code: 'model_not_allowed', param: 'model' });
  });

  it('an exhausted budget: 429 budget_exceeded', async () => {
    const { key } = a.f.store.keys.create({ alias: 'broke', models: [], maxBudgetUsd: 0.000001 });
    a.f.rt.reload();
    const res = await post({ model: 'chat', input: 'hi', max_output_tokens: 500 }, key);
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ error: { type: 'budget_exceeded' } });
  });

  it.each([
    ['an unknown item type', { model: 'chat', input: [{ type: 'hologram' }] }, 'input.0.type'],
    ['no input', { model: 'chat' }, 'input'],
    ['broken JSON', '{"model": "chat", "input": ', null],
  ])('%s: 400 invalid_request_error naming the field', async (_name, body, param) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const parsed = (await res.json()) as { error: { type: string; param: string | null; message: string } };
    expect(parsed.error.type).toBe('invalid_request_error');
    expect(parsed.error.param).toBe(param);
    if (param === null) expect(parsed.error.message).toMatch(/not valid JSON/);
  });
});
