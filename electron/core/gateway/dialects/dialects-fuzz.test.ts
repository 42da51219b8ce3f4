// Nothing a client sends crashes a dialect: any JSON, and valid bodies with any field replaced by
// any value, either translate or give the 400 naming a field. Any chunk sequence from a target
// gives a well-formed stream that ends exactly once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../http-io';
import { estimateMessagesTokens, MessagesStreamTranslator, messagesToChatRequest } from './anthropic-messages';
import type { ChatChunkBody } from './chat-types';
import { ResponsesStreamTranslator, responsesToChatRequest } from './openai-responses';

function translatesOr400(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    const e = err as GatewayError;
    expect(e.status).toBe(400);
    expect(e.param).toBeTruthy();
    expect(e.message.startsWith(`${e.param}: `)).toBe(true);
  }
}

const messagesBody = {
  model: 'chat',
  max_tokens: 64,
  system: [{ type: 'text', text: 'sys' }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'hi' }] },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Read', input: { a: 1 } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'ok' }] },
  ],
  tools: [{ name: 'Read', input_schema: { type: 'object' } }],
  tool_choice: { type: 'auto' },
};
const responsesBody = {
  model: 'chat',
  instructions: 'I',
  input: [
    { role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    { type: 'function_call', call_id: 'c', name: 'shell', arguments: '{}' },
    { type: 'function_call_output', call_id: 'c', output: 'ok' },
  ],
  tools: [{ type: 'function', name: 'shell', parameters: { type: 'object' } }],
  tool_choice: 'auto',
};

/** A copy of `body` with the value at one path (chosen by `pick`) replaced by `value`. */
function replaceAt(body: unknown, pick: number, value: unknown): unknown {
  const paths: Array<Array<string | number>> = [];
  const walk = (v: unknown, path: Array<string | number>) => {
    paths.push(path);
    if (v && typeof v === 'object')
      for (const [k, c] of Object.entries(v)) walk(c, [...path, Array.isArray(v) ? Number(k) : k]);
  };
  walk(body, []);
  const path = paths[pick % paths.length];
  if (path.length === 0) return value;
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]] = value;
  return copy;
}

describe('dialect fuzzing', () => {
  it('Messages: any JSON body translates or gets a 400 naming a field', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        translatesOr400(() => messagesToChatRequest(body));
        translatesOr400(() => estimateMessagesTokens(body));
      }),
      { numRuns: 300 },
    );
  });

  it('Messages: a valid body with any one field replaced translates or gets a 400', () => {
    fc.assert(
      fc.property(fc.nat(), fc.jsonValue(), (pick, value) => {
        translatesOr400(() => messagesToChatRequest(replaceAt(messagesBody, pick, value)));
      }),
      { numRuns: 500 },
    );
  });

  it('Responses: any JSON body, and a valid body with any one field replaced, translate or get a 400', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.jsonValue(), (body, pick, value) => {
        translatesOr400(() => responsesToChatRequest(body));
        translatesOr400(() => responsesToChatRequest(replaceAt(responsesBody, pick, value)));
      }),
      { numRuns: 500 },
    );
  });

  const chunkArb: fc.Arbitrary<ChatChunkBody> = fc.oneof(
    fc.record(
      {
        choices: fc.array(
          fc.record(
            {
              index: fc.constant(0),
              finish_reason: fc.constantFrom(null, 'stop', 'length', 'tool_calls', 'content_filter'),
              delta: fc.record(
                {
                  content: fc.option(fc.string(), { nil: undefined }),
                  reasoning_content: fc.option(fc.string(), { nil: undefined }),
                  tool_calls: fc.option(
                    fc.array(
                      fc.record(
                        {
                          index: fc.nat(3),
                          id: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
                          function: fc.record(
                            { name: fc.option(fc.string(), { nil: undefined }), arguments: fc.string() },
                            { requiredKeys: [] },
                          ),
                        },
                        { requiredKeys: [] },
                      ),
                      { maxLength: 2 },
                    ),
                    { nil: undefined },
                  ),
                },
                { requiredKeys: [] },
              ),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 1 },
        ),
        usage: fc.option(fc.record({ prompt_tokens: fc.nat(), completion_tokens: fc.nat() }), { nil: undefined }),
      },
      { requiredKeys: [] },
    ),
    fc.constant({ error: { message: 'boom' } }),
  );

  it('Messages stream: any chunks give message_start first and one ending, with block starts and stops paired', () => {
    fc.assert(
      fc.property(fc.array(chunkArb, { maxLength: 25 }), (chunks) => {
        const t = new MessagesStreamTranslator({ model: 'm' });
        const events = [...chunks.flatMap((c) => t.push(c)), ...t.finish(), ...t.finish()];
        const endings = events.filter((e) => e.type === 'message_stop' || e.type === 'error');
        expect(endings).toHaveLength(1);
        expect(events.at(-1)).toBe(endings[0]);
        if (events[0].type !== 'error') expect(events[0].type).toBe('message_start');
        const open = new Set<number>();
        for (const e of events) {
          if (e.type === 'content_block_start') {
            expect(open.size).toBe(0);
            open.add(e.index);
          } else if (e.type === 'content_block_delta') expect(open.has(e.index)).toBe(true);
          else if (e.type === 'content_block_stop') expect(open.delete(e.index)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('Responses stream: any chunks give numbered events, items added before done, and one terminal event', () => {
    const { echo } = responsesToChatRequest({ model: 'm', input: 'x' });
    fc.assert(
      fc.property(fc.array(chunkArb, { maxLength: 25 }), (chunks) => {
        const t = new ResponsesStreamTranslator({ model: 'm', echo, createdAt: 0 });
        const events = [...chunks.flatMap((c) => t.push(c)), ...t.finish(), ...t.finish()];
        expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
        const terminal = events.filter((e) =>
          ['response.completed', 'response.incomplete', 'response.failed'].includes(e.type),
        );
        expect(terminal).toHaveLength(1);
        expect(events.at(-1)).toBe(terminal[0]);
        const added = new Set<number>();
        for (const e of events) {
          if (e.type === 'response.output_item.added') added.add(e.output_index);
          if (e.type === 'response.output_item.done') expect(added.has(e.output_index)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
