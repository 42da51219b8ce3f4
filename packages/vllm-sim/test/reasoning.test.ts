// Reasoning through the official openai SDK against a simulator started with
// --reasoning-parser qwen3: `reasoning` (and `reasoning_content`, which vLLM still sends beside it)
// comes first, streamed before any content; its tokens count in completion_tokens and in
// completion_tokens_details; enable_thinking: false and include_reasoning: false are honoured.
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src';
import { readJson, startReadySim } from './support';

let sim: RunningSimulator;
let client: OpenAI;

beforeAll(async () => {
  sim = await startReadySim({
    reasoningParser: 'qwen3',
    enableAutoToolChoice: true,
    toolCallParser: 'hermes',
    outputLenMean: 30,
  });
  client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'x', maxRetries: 0 });
});

const messages = [{ role: 'user' as const, content: 'Why is the sky blue?' }];
type Message = OpenAI.ChatCompletionMessage & { reasoning?: string | null; reasoning_content?: string | null };
type Delta = OpenAI.ChatCompletionChunk.Choice.Delta & { reasoning?: string; reasoning_content?: string };
type Usage = OpenAI.CompletionUsage & { completion_tokens_details?: { reasoning_tokens: number } };

async function tokenCount(text: string): Promise<number> {
  const res = await fetch(`${sim.url}/tokenize`, { method: 'POST', body: JSON.stringify({ prompt: text }) });
  return (await readJson(res)).count;
}

describe('reasoning (--reasoning-parser qwen3)', () => {
  it('answers with reasoning and content, the thinking tokens counted', async () => {
    const res = await client.chat.completions.create({ model: 'Qwen/Qwen3-0.6B', messages, seed: 5 });
    const message = res.choices[0].message as Message;
    expect(message.reasoning!.length).toBeGreaterThan(0);
    expect(message.reasoning_content).toBe(message.reasoning);
    expect(message.content!.length).toBeGreaterThan(0);
    expect(res.choices[0].finish_reason).toBe('stop');
    const usage = res.usage as Usage;
    const thinking = await tokenCount(message.reasoning!);
    expect(usage.completion_tokens_details!.reasoning_tokens).toBe(thinking);
    // Markup (<think>…</think>) and EOS are output tokens too.
    const written = thinking + (await tokenCount(message.content!)) + (await tokenCount('<think>\n\n</think>\n\n'));
    expect(usage.completion_tokens).toBe(written + 1);
  });

  it('streams every reasoning delta before the first content delta, same text as unstreamed', async () => {
    const stream = await client.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages,
      seed: 5,
      stream: true,
      stream_options: { include_usage: true },
    });
    const order: ('reasoning' | 'content')[] = [];
    let reasoning = '';
    let content = '';
    let usage: Usage | undefined;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage as Usage;
      for (const c of chunk.choices) {
        const delta = c.delta as Delta;
        if (delta.reasoning) {
          expect(delta.reasoning_content).toBe(delta.reasoning);
          reasoning += delta.reasoning;
          order.push('reasoning');
        }
        if (delta.content) {
          content += delta.content;
          order.push('content');
        }
      }
    }
    const firstContent = order.indexOf('content');
    expect(firstContent).toBeGreaterThan(0);
    expect(order.slice(firstContent)).not.toContain('reasoning');
    const plain = await client.chat.completions.create({ model: 'Qwen/Qwen3-0.6B', messages, seed: 5 });
    const message = plain.choices[0].message as Message;
    expect(reasoning).toBe(message.reasoning);
    expect(content).toBe(message.content);
    expect(usage!.completion_tokens).toBe(plain.usage!.completion_tokens);
    expect(usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
  });

  it('skips thinking with chat_template_kwargs.enable_thinking: false', async () => {
    const res = await client.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages,
      seed: 5,
      // @ts-expect-error vLLM's extension of the request
      chat_template_kwargs: { enable_thinking: false },
    });
    const message = res.choices[0].message as Message;
    expect(message.reasoning).toBeNull();
    expect(message.content!.length).toBeGreaterThan(0);
    expect((res.usage as Usage).completion_tokens_details!.reasoning_tokens).toBe(0);
  });

  it('thinks but leaves the reasoning out with include_reasoning: false', async () => {
    const res = await client.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages,
      seed: 5,
      // @ts-expect-error vLLM's extension of the request
      include_reasoning: false,
    });
    expect((res.choices[0].message as Message).reasoning).toBeNull();
    expect((res.usage as Usage).completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
  });

  it('reasons before a tool call, and the call still streams whole', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: {
          name: 'search',
          parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
        },
      },
    ];
    const stream = client.chat.completions.stream({ model: 'Qwen/Qwen3-0.6B', messages, tools, seed: 2 });
    let sawReasoning = false;
    stream.on('chunk', (c) => {
      if ((c.choices[0]?.delta as Delta | undefined)?.reasoning) {
        sawReasoning = true;
        expect(c.choices[0].delta.tool_calls).toBeUndefined();
      }
    });
    const final = await stream.finalChatCompletion();
    expect(sawReasoning).toBe(true);
    expect(final.choices[0].finish_reason).toBe('tool_calls');
    const call = final.choices[0].message.tool_calls![0];
    if (call.type !== 'function') throw new Error('not a function call');
    expect(typeof JSON.parse(call.function.arguments).query).toBe('string');
  });

  it('gives the thinking so far, and no content, when max_tokens cuts it short', async () => {
    const res = await client.chat.completions.create({ model: 'Qwen/Qwen3-0.6B', messages, seed: 5, max_tokens: 8 });
    const message = res.choices[0].message as Message;
    expect(res.choices[0].finish_reason).toBe('length');
    expect(message.content).toBeNull();
    expect(message.reasoning!.length).toBeGreaterThan(0);
  });
});
