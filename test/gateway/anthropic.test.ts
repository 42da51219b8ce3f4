// Anthropic translation round trip, against a local stand-in speaking Anthropic's documented wire
// format (no cloud here): OpenAI chat in, Messages API upstream, OpenAI chat back — plain and streamed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnthropicStandIn, startGatewayOnAnthropic } from '../support/anthropic-standin';
import type { GatewayFixture } from '../support/gateway-fixture';

let anthropic: AnthropicStandIn;
let f: GatewayFixture;
beforeAll(async () => {
  ({ anthropic, f } = await startGatewayOnAnthropic());
});
afterAll(async () => {
  await f?.close();
  await anthropic?.close();
});

describe('Anthropic through the OpenAI surface (local stand-in of the Messages API)', () => {
  it('translates the request: system prompt, turns, max_tokens, stop, headers', async () => {
    const data = await f.client().chat.completions.create({
      model: 'claude',
      max_tokens: 50,
      temperature: 0.2,
      stop: ['END'],
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello there' },
      ],
    });
    const sent = anthropic.requests.at(-1)!;
    expect(sent.headers['x-api-key']).toBe('sk-ant-standin');
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.body).toMatchObject({
      model: 'claude-sonnet-4-5',
      system: 'Be brief.',
      max_tokens: 50,
      temperature: 0.2,
      stop_sequences: ['END'],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello there' }] }],
    });
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0].message).toMatchObject({ role: 'assistant', content: 'You said: hello there' });
    expect(data.choices[0].finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 4, total_tokens: 15 });
  });

  it('maps max_tokens stops to finish_reason length and prices by usage', async () => {
    const { data, response } = await f
      .client()
      .chat.completions.create({ model: 'claude', max_tokens: 2, messages: [{ role: 'user', content: 'a b c d' }] })
      .withResponse();
    expect(data.choices[0].finish_reason).toBe('length');
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo(11 * 3e-6 + 2 * 15e-6, 10);
  });

  it('translates the event stream into OpenAI chunks, usage included', async () => {
    const stream = await f.client().chat.completions.create({
      model: 'claude',
      max_tokens: 50,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'stream me' }],
    });
    let text = '';
    let finish: string | null = null;
    let usage;
    let first = true;
    for await (const chunk of stream) {
      if (first) expect(chunk.choices[0].delta.role).toBe('assistant');
      first = false;
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('You said: stream me');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 4 });
    expect(anthropic.requests.at(-1)!.body.stream).toBe(true);
  });

  it("passes Anthropic's own errors on in OpenAI's shape", async () => {
    f.store.endpoints.upsert({ ...f.store.endpoints.list()[0], apiKeyCipher: null });
    f.rt.reload();
    const err = await f
      .client()
      .chat.completions.create({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(err.status).toBe(401);
    expect(err.error.message).toMatch(/claude refused the request: authentication_error: invalid x-api-key/);
  });
});
