import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GatewayError } from '../http-io';
import { parseField } from './invalid-request';
import { responsesToChatRequest } from './responses-request';
import { ItemSchemas, parseResponsesRequest, ResponsesRequestSchema } from './responses-schema';

const byZod = (body: unknown) => parseField(ResponsesRequestSchema, body, '');
const errorOf = (parse: () => unknown) => {
  try {
    parse();
  } catch (err) {
    return { message: (err as GatewayError).message, param: (err as GatewayError).param };
  }
  return null;
};

const VALID: unknown[] = [
  { model: 'm', input: 'hi' },
  { model: 'm', input: 'hi', max_output_tokens: 16, stream: true, store: false, truncation: 'auto' },
  { model: 'm', input: [{ role: 'user', content: 'x' }], temperature: 0, top_p: 1, top_logprobs: 20, user: 'u' },
  { model: 'm', previous_response_id: 'resp_1', instructions: null, background: false, prompt_cache_key: 'k' },
  // Nested settings whose keys zod puts in its own order: the echo must send them as zod does.
  {
    model: 'm',
    input: 'hi',
    text: { verbosity: 'low', format: { strict: true, type: 'json_schema', name: 'n', schema: {} } },
    reasoning: { summary: 'auto', effort: 'low' },
    tools: [{ name: 'f', type: 'function', parameters: { type: 'object' } }, { type: 'web_search' }],
    tool_choice: { name: 'f', type: 'function' },
    metadata: { b: '1', a: '2' },
  },
  { model: 'm', input: 'hi', tool_choice: 'auto', tools: null, text: null },
];

const INVALID: unknown[] = [
  null,
  [],
  'text',
  {},
  { model: '' },
  { model: 'm', input: 3 },
  { model: 'm', max_output_tokens: 0 },
  { model: 'm', max_output_tokens: 1.5 },
  { model: 'm', temperature: 2.5 },
  { model: 'm', top_p: -0.1 },
  { model: 'm', top_logprobs: 21 },
  { model: 'm', user: null },
  { model: 'm', truncation: 'sometimes' },
  { model: 'm', stream: 'yes' },
  { model: 'm', store: 1 },
  { model: 'm', tools: [{ name: 'f' }] },
  { model: 'm', tool_choice: 'sometimes' },
  { model: 'm', text: { format: { type: 'json_schema', name: 'n' } } },
  { model: 'm', metadata: { a: 1 } },
  { model: 'm', reasoning: { effort: 3 } },
  // Two bad fields: the first in the schema's order is named, as zod names it.
  { model: 'm', temperature: 9, tools: 'none' },
  { model: 7, metadata: { a: 1 } },
];

describe('parseResponsesRequest', () => {
  afterEach(() => vi.restoreAllMocks());

  // The translation reads the parsed body field by field: each field must be what zod makes of
  // it, byte for byte as serialised (the echo repeats tools, text, reasoning, tool_choice, metadata).
  it('gives what the whole schema gives for valid bodies, each field in its key order', () => {
    for (const body of VALID) {
      const fast = parseResponsesRequest(body) as Record<string, unknown>;
      const zod = byZod(body) as Record<string, unknown>;
      expect(Object.keys(fast).sort()).toEqual(Object.keys(zod).sort());
      for (const key of Object.keys(zod))
        expect([key, JSON.stringify(fast[key])]).toEqual([key, JSON.stringify(zod[key])]);
    }
  });

  it('refuses what the schema refuses with the same 400', () => {
    for (const body of INVALID) {
      const expected = errorOf(() => byZod(body));
      expect(expected).not.toBeNull();
      expect(errorOf(() => parseResponsesRequest(body))).toEqual(expected);
    }
  });

  it('checks a body without nested settings without running the whole schema', () => {
    const whole = vi.spyOn(ResponsesRequestSchema, 'safeParse');
    const body = { model: 'm', input: 'Say hello', max_output_tokens: 16, stream: true };
    expect(parseResponsesRequest(body)).toEqual(byZod(body));
    expect(whole).toHaveBeenCalledTimes(1); // byZod's own call only
  });
});

describe('input messages with text content', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are read without their schema, and translate as before', () => {
    const item = vi.spyOn(ItemSchemas.message, 'safeParse');
    const { chat } = responsesToChatRequest({
      model: 'm',
      instructions: 'Be brief.',
      input: [
        { role: 'developer', content: 'Answer in English.' },
        { type: 'message', role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Again' },
      ],
    });
    expect(item).not.toHaveBeenCalled();
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Be brief.\n\nAnswer in English.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello.' },
      { role: 'user', content: 'Again' },
    ]);
    expect(responsesToChatRequest({ model: 'm', input: 'Hi' }).chat.messages).toEqual([
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('with a role the schema refuses give its 400', () => {
    const bad = { role: 'tool', content: 'x' };
    const expected = errorOf(() => parseField(ItemSchemas.message, bad, 'input.0'));
    expect(expected?.param).toBe('input.0.role');
    expect(errorOf(() => responsesToChatRequest({ model: 'm', input: [bad] }))).toEqual(expected);
  });
});
