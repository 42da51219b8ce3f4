// /v1/messages to an Anthropic target (a local stand-in speaking Anthropic's documented wire
// format): the client's body goes unchanged but for the model name, the answer and the event
// stream come back unchanged, and the usage Anthropic reported is what is charged and logged.
// /v1/responses to the same target goes through the chat translation both ways.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnthropicStandIn, startGatewayOnAnthropic } from '../support/anthropic-standin';
import { type GatewayFixture, MASTER_KEY } from '../support/gateway-fixture';
import { logRow, waitForRow } from './agent-support';

let anthropic: AnthropicStandIn;
let f: GatewayFixture;
beforeAll(async () => {
  ({ anthropic, f } = await startGatewayOnAnthropic());
});
afterAll(async () => {
  await f?.close();
  await anthropic?.close();
});

describe('/v1/messages to an Anthropic target', () => {
  const client = () => new Anthropic({ baseURL: f.url, apiKey: MASTER_KEY, maxRetries: 0 });

  it('the body goes unchanged (cache_control and all), the Message comes back as Anthropic sent it', async () => {
    const body = {
      model: 'claude',
      max_tokens: 64,
      system: [{ type: 'text' as const, text: 'Be brief.', cache_control: { type: 'ephemeral' as const } }],
      messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hello there' }] }],
    };
    const { data, response } = await client().messages.create(body).withResponse();
    expect(anthropic.requests.at(-1)!.body).toEqual({ ...body, model: 'claude-sonnet-4-5' });
    expect(data.id).toBe('msg_01StandIn');
    expect(data.content[0]).toMatchObject({ type: 'text', text: 'You said: hello there' });
    const row = logRow(f, response.headers.get('x-request-id'));
    expect(row).toMatchObject({
      route: 'messages',
      status: 200,
      promptTokens: data.usage.input_tokens,
      completionTokens: data.usage.output_tokens,
    });
    expect(row!.costUsd).toBeCloseTo(data.usage.input_tokens * 3e-6 + data.usage.output_tokens * 15e-6, 12);
  });

  it('streamed: Anthropic events relayed as they came, the usage of message_start/message_delta charged', async () => {
    const stream = client().messages.stream({
      model: 'claude',
      max_tokens: 64,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'stream this please' }] }],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'You said: stream this please' });
    const { response } = await stream.withResponse();
    const row = await waitForRow(f, response.headers.get('x-request-id')!);
    expect(row).toMatchObject({
      route: 'messages',
      status: 200,
      promptTokens: final.usage.input_tokens,
      completionTokens: final.usage.output_tokens,
    });
  });

  it("the client's anthropic-beta flags go with its body to the Anthropic target", async () => {
    const flags = 'interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14';
    await client().messages.create(
      { model: 'claude', max_tokens: 16, messages: [{ role: 'user', content: 'beta please' }] },
      { headers: { 'anthropic-beta': flags } },
    );
    expect(anthropic.requests.at(-1)!.headers['anthropic-beta']).toBe(flags);
    await client().messages.create({
      model: 'claude',
      max_tokens: 16,
      messages: [{ role: 'user', content: 'no beta' }],
    });
    expect(anthropic.requests.at(-1)!.headers['anthropic-beta']).toBeUndefined();
  });

  it('/v1/responses to the Anthropic target is translated through chat both ways', async () => {
    const res = await fetch(`${f.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${MASTER_KEY}` },
      body: JSON.stringify({ model: 'claude', input: 'hi from responses', max_output_tokens: 32, store: false }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { output: Array<{ type: string; content?: Array<{ text: string }> }> };
    expect(anthropic.requests.at(-1)!.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hi from responses' }] },
    ]);
    expect(body.output.find((o) => o.type === 'message')!.content![0].text).toBe('You said: hi from responses');
  });
});
