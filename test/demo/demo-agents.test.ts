// `switchyard serve --demo` drives an agent: its chat engines run as vLLM deployed for agents
// (--enable-auto-tool-choice with a tool-call parser, Qwen3's reasoning parser), so a tool round
// trip through the gateway with the demo key works, streamed and not.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/net';
import { type ServeProcess, startServeProcess } from '../support/serve-process';

let serve: ServeProcess;
let client: OpenAI;
beforeAll(async () => {
  serve = await startServeProcess(['--demo']);
  const key = await waitFor(
    'the demo key line',
    () => /demo key \(shown once\): (sk-\S+)/.exec(serve.output())?.[1],
    5_000,
  );
  client = new OpenAI({ baseURL: `${serve.gatewayUrl}/v1`, apiKey: key!, maxRetries: 0 });
});
afterAll(() => serve?.stop());

const tools: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'read_file',
      description: 'Read a file',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
    },
  },
];
const ask: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is in the readme?' }];

describe('serve --demo for agents', () => {
  for (const group of ['chat', 'chat-large']) {
    it(`${group}: a tool call, then a text answer once the result comes back`, async () => {
      const first = await client.chat.completions.create({ model: group, messages: ask, tools, max_tokens: 400 });
      const call = first.choices[0].message.tool_calls?.[0];
      expect(first.choices[0].finish_reason).toBe('tool_calls');
      if (call?.type !== 'function') throw new Error('no function call');
      expect(call.function.name).toBe('read_file');
      expect(JSON.parse(call.function.arguments)).toEqual({ path: 'README.md' });
      const reasoning = (first.choices[0].message as { reasoning?: string | null }).reasoning;
      // The Qwen3 engines think first; Llama does not.
      if (group === 'chat') expect(reasoning?.length).toBeGreaterThan(0);
      else expect(reasoning ?? null).toBeNull();

      const stream = client.chat.completions.stream({
        model: group,
        tools,
        max_tokens: 40,
        messages: [...ask, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '# Demo' }],
      });
      const second = await stream.finalChatCompletion();
      expect(second.choices[0].message.tool_calls ?? []).toEqual([]);
      expect(second.choices[0].message.content?.length).toBeGreaterThan(0);
    });
  }
});
