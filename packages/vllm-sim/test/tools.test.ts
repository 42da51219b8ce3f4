// Tool calls through the official openai SDK against simulators started as vLLM would be: with
// --enable-auto-tool-choice --tool-call-parser hermes, and without (vLLM's own 400 for "auto").
// A whole agent turn (tools → call → tool result → text), streamed deltas reassembled by the
// SDK's stream helper, arguments valid against each tool's schema, usage counting the call.
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../src';
import { schemaErrors } from './schema-check';
import { readJson, startReadySim } from './support';

let agentSim: RunningSimulator;
let plainSim: RunningSimulator;
let agent: OpenAI;
let plain: OpenAI;

beforeAll(async () => {
  [agentSim, plainSim] = await Promise.all([
    startReadySim({ enableAutoToolChoice: true, toolCallParser: 'hermes', outputLenMean: 24 }),
    startReadySim({ outputLenMean: 24 }),
  ]);
  agent = new OpenAI({ baseURL: `${agentSim.url}/v1`, apiKey: 'x', maxRetries: 0 });
  plain = new OpenAI({ baseURL: `${plainSim.url}/v1`, apiKey: 'x', maxRetries: 0 });
});

const weatherSchema = {
  type: 'object',
  properties: {
    location: { type: 'string' },
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    days: { type: 'integer', minimum: 1, maximum: 7 },
  },
  required: ['location', 'unit'],
  additionalProperties: false,
};
const readSchema = {
  type: 'object',
  properties: { file_path: { type: 'string' }, limit: { type: 'integer', minimum: 1 } },
  required: ['file_path'],
};
const tools: ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: weatherSchema } },
  { type: 'function', function: { name: 'Read', description: 'Read a file', parameters: readSchema } },
];
const schemaOf = (name: string) => (name === 'Read' ? readSchema : weatherSchema);
const ask: ChatCompletionMessageParam[] = [
  { role: 'system', content: 'You are an agent. Working directory: /srv/project' },
  { role: 'user', content: 'What does the readme say?' },
];

async function tokenCount(sim: RunningSimulator, prompt: string): Promise<number> {
  const res = await fetch(`${sim.url}/tokenize`, { method: 'POST', body: JSON.stringify({ prompt }) });
  return (await readJson(res)).count;
}

describe('tool calls (--enable-auto-tool-choice --tool-call-parser hermes)', () => {
  it('completes an agent turn: a call with schema-valid arguments, then text after the tool result', async () => {
    const first = await agent.chat.completions.create({ model: 'Qwen/Qwen3-0.6B', messages: ask, tools, seed: 3 });
    const [choice] = first.choices;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toHaveLength(1);
    const call = choice.message.tool_calls![0];
    expect(call.id).toMatch(/^chatcmpl-tool-[0-9a-f]{32}$/);
    expect(call.type).toBe('function');
    if (call.type !== 'function') throw new Error('not a function call');
    // A read-only tool is preferred, and a path property gets a path in the working directory.
    expect(call.function.name).toBe('Read');
    const args = JSON.parse(call.function.arguments);
    expect(schemaErrors(args, readSchema)).toEqual([]);
    expect(args.file_path).toBe('/srv/project/README.md');
    // completion_tokens counts what the model wrote for the call (hermes markup included) and EOS.
    const head = `<tool_call>\n{"name": "Read", "arguments": `;
    const written =
      (await tokenCount(agentSim, head)) +
      (await tokenCount(agentSim, call.function.arguments)) +
      (await tokenCount(agentSim, '}\n</tool_call>'));
    expect(first.usage!.completion_tokens).toBe(written + 1);

    // The tools are part of the prompt, as in a hermes-style template.
    const bare = await agent.chat.completions.create({ model: 'Qwen/Qwen3-0.6B', messages: ask, max_tokens: 1 });
    expect(first.usage!.prompt_tokens).toBeGreaterThan(bare.usage!.prompt_tokens + 100);

    const second = await agent.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      tools,
      messages: [
        ...ask,
        choice.message,
        { role: 'tool', tool_call_id: call.id, content: '# Project\nIt simulates vLLM.' },
      ],
    });
    expect(second.choices[0].finish_reason).toMatch(/^(stop|length)$/);
    expect(second.choices[0].message.tool_calls).toEqual([]);
    expect(second.choices[0].message.content!.length).toBeGreaterThan(0);
    // The earlier call and its result count as prompt tokens too.
    expect(second.usage!.prompt_tokens).toBeGreaterThan(first.usage!.prompt_tokens);
  });

  it('streams the call as vLLM does, and the SDK reassembles it into the same arguments', async () => {
    const request = { model: 'Qwen/Qwen3-0.6B', messages: ask, tools, tool_choice: 'auto' as const, seed: 11 };
    const stream = agent.chat.completions.stream({ ...request, stream_options: { include_usage: true } });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    stream.on('chunk', (c) => chunks.push(c));
    const final = await stream.finalChatCompletion();
    const unstreamed = await agent.chat.completions.create(request);

    const call = final.choices[0].message.tool_calls![0];
    const expected = unstreamed.choices[0].message.tool_calls![0];
    if (call.type !== 'function' || expected.type !== 'function') throw new Error('not a function call');
    expect(call.function).toEqual(expected.function);
    expect(call.id).toMatch(/^chatcmpl-tool-/);
    expect(final.choices[0].finish_reason).toBe('tool_calls');

    // Role chunk, one head delta (index, id, type, name: no arguments yet), argument fragments
    // (index and arguments only), finish_reason on the last choice chunk, then usage.
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const toolDeltas = chunks.flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(toolDeltas[0]).toEqual({ id: call.id, type: 'function', index: 0, function: { name: call.function.name } });
    const fragments = toolDeltas.slice(1);
    expect(fragments.length).toBeGreaterThan(3);
    for (const f of fragments) expect(Object.keys(f).sort()).toEqual(['function', 'index']);
    expect(fragments.map((f) => f.function!.arguments).join('')).toBe(call.function.arguments);
    const withChoices = chunks.filter((c) => c.choices.length);
    expect(withChoices.at(-1)!.choices[0].finish_reason).toBe('tool_calls');
    expect(withChoices.slice(0, -1).every((c) => c.choices[0].finish_reason === null)).toBe(true);
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage!.completion_tokens).toBe(unstreamed.usage!.completion_tokens);
  });

  it('always calls a named tool or, under "required", some tool — as vLLM, "stop" for a named one', async () => {
    const named = await agent.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages: [{ role: 'user', content: 'weather?' }],
      tools,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    const call = named.choices[0].message.tool_calls![0];
    if (call.type !== 'function') throw new Error('not a function call');
    expect(call.function.name).toBe('get_weather');
    expect(schemaErrors(JSON.parse(call.function.arguments), weatherSchema)).toEqual([]);
    expect(named.choices[0].finish_reason).toBe('stop');
    expect(named.choices[0].message.content).toBe('');

    // "required" calls even after a tool result.
    const required = await agent.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages: [...ask, { role: 'tool', tool_call_id: 'x', content: 'done' }],
      tools,
      tool_choice: 'required',
    });
    const rcall = required.choices[0].message.tool_calls![0];
    if (rcall.type !== 'function') throw new Error('not a function call');
    expect(schemaErrors(JSON.parse(rcall.function.arguments), schemaOf(rcall.function.name))).toEqual([]);
    expect(required.choices[0].finish_reason).toBe('tool_calls');
  });

  it('varies the arguments with the seed and keeps them valid', async () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 12; seed++) {
      const res = await agent.chat.completions.create({
        model: 'Qwen/Qwen3-0.6B',
        messages: [{ role: 'user', content: 'go' }],
        tools,
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        seed,
      });
      const call = res.choices[0].message.tool_calls![0];
      if (call.type !== 'function') throw new Error('not a function call');
      expect(schemaErrors(JSON.parse(call.function.arguments), weatherSchema)).toEqual([]);
      seen.add(call.function.arguments);
    }
    expect(seen.size).toBeGreaterThan(6);
  });

  it('refuses bad tool requests with vLLM messages', async () => {
    const bad = (body: Record<string, unknown>) =>
      fetch(`${agentSim.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], ...body }),
      }).then(async (r) => ({ status: r.status, message: (await readJson(r)).error.message as string }));
    expect(await bad({ tool_choice: 'required' })).toMatchObject({
      status: 400,
      message: expect.stringContaining('When using `tool_choice`, `tools` must be set.'),
    });
    expect(await bad({ tools, tool_choice: { type: 'function', function: { name: 'nope' } } })).toMatchObject({
      status: 400,
      message: expect.stringContaining('does not match any of the specified `tools`'),
    });
    expect(await bad({ tools: [{ type: 'function', function: {} }] })).toMatchObject({
      status: 400,
      message: expect.stringContaining("('body', 'tools', 0, 'function', 'name')"),
    });
  });
});

describe('tool calls without --enable-auto-tool-choice', () => {
  it('answers "auto" (given or defaulted) with vLLM\'s own 400, and still serves named and required', async () => {
    for (const tool_choice of ['auto' as const, undefined]) {
      const err = await plain.chat.completions
        .create({ model: 'Qwen/Qwen3-0.6B', messages: ask, tools, tool_choice })
        .catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err.status).toBe(400);
      expect(err.error.message).toBe(
        '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
      );
    }
    const required = await plain.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages: ask,
      tools,
      tool_choice: 'required',
    });
    expect(required.choices[0].message.tool_calls).toHaveLength(1);
    const none = await plain.chat.completions.create({
      model: 'Qwen/Qwen3-0.6B',
      messages: ask,
      tools,
      tool_choice: 'none',
    });
    expect(none.choices[0].message.tool_calls).toEqual([]);
    expect(none.choices[0].message.content!.length).toBeGreaterThan(0);
  });

  it('refuses to start as vLLM does: auto tool choice without a parser, or an unknown parser', async () => {
    await expect(startSimulator({ model: 'm', enableAutoToolChoice: true })).rejects.toThrow(
      '--enable-auto-tool-choice requires --tool-call-parser',
    );
    await expect(startSimulator({ model: 'm', enableAutoToolChoice: true, toolCallParser: 'hermes2' })).rejects.toThrow(
      /invalid tool call parser: hermes2 \(chose from \{ .*hermes.* \}\)/,
    );
    await expect(startSimulator({ model: 'm', reasoningParser: 'gpt_oss' })).rejects.toThrow(
      /invalid reasoning parser: gpt_oss .*openai_gptoss/,
    );
  });
});
