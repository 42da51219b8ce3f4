// Issue 11 finding 9 as reproduced: on `switchyard serve --demo` (the built CLI), chat without
// max_tokens — what most clients send — answered 400 context_length_exceeded on every demo
// target, because the gateway filled in a max_tokens the engine then refused.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/net';
import { startServeProcess, type ServeProcess } from '../support/serve-process';

let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServeProcess(['--demo']);
});
afterAll(() => serve?.stop());

describe('finding 9: serve --demo', () => {
  it('finding 9: chat without max_tokens is served by every generating demo group, streamed or not', async () => {
    const key = await waitFor(
      'the demo key line',
      () => /demo key \(shown once\): (sk-\S+)/.exec(serve.output())?.[1],
      5_000,
    );
    const client = new OpenAI({ baseURL: `${serve.gatewayUrl}/v1`, apiKey: key!, maxRetries: 0 });
    // A long prompt: a max_tokens of "context minus a low estimate of the prompt" would not fit.
    const content = `Summarise: ${'0123456789 '.repeat(300)}`;
    for (const model of ['chat', 'chat-large']) {
      const { data, response } = await client.chat.completions
        .create({ model, messages: [{ role: 'user', content }] })
        .withResponse();
      expect(data.choices[0].message.content).toBeTruthy();
      expect(Number(response.headers.get('x-switchyard-reserved-usd'))).toBeGreaterThan(0);
      let text = '';
      for await (const chunk of await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      }))
        text += chunk.choices[0]?.delta?.content ?? '';
      expect(text.length).toBeGreaterThan(0);
    }
  });
});
