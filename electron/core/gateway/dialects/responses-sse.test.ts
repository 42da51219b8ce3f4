// The Responses stream's serialisation shortcuts (settings serialised once, snapshots and finished
// items once, the stored response taken from the sent text) against plain JSON.stringify, byte
// for byte, over the streams a target sends: text to the token limit, reasoning and tool calls,
// a failure midway, and requests with and without the optional settings.
import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth';
import type { GatewayRuntime } from '../runtime';
import { responsesDialect } from '../pipeline/responses-dialect';
import type { ChatChunkBody } from './chat-types';
import { responsesToChatRequest } from './openai-responses';
import { type ResponsesStreamEvent, ResponsesStreamTranslator } from './responses-stream';

const plain = (events: ResponsesStreamEvent[]) =>
  events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');

const chunk = (delta: Record<string, unknown>, finish: string | null = null): ChatChunkBody => ({
  id: 'chatcmpl-1',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta, finish_reason: finish }],
});
const usage: ChatChunkBody = {
  choices: [],
  usage: {
    prompt_tokens: 12,
    completion_tokens: 7,
    total_tokens: 19,
    completion_tokens_details: { reasoning_tokens: 2 },
  },
};

const streams: Record<string, { chunks: ChatChunkBody[]; failWith?: string }> = {
  'text to the token limit': {
    chunks: [
      chunk({ role: 'assistant', content: '' }),
      ...'Say "hi"\n\u2028 é😀'.split(' ').map((w) => chunk({ content: `${w} ` })),
      chunk({ content: 'x' }, 'length'),
    ],
  },
  'reasoning, text and two tool calls': {
    chunks: [
      chunk({ reasoning_content: 'Think ' }),
      chunk({ reasoning_content: 'first.' }),
      chunk({ content: 'Calling.' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_a', function: { name: 'shell', arguments: '{"cmd":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"ls"}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', function: { name: 'read', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
      usage,
    ],
  },
  'a failure midway': {
    chunks: [chunk({ content: 'Half' }), chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f' } }] })],
    failWith: 'boom "quoted"',
  },
  'nothing but the end': { chunks: [chunk({}, 'stop')] },
};

const requests: Record<string, Record<string, unknown>> = {
  'a plain request': { model: 'm', input: 'x' },
  'every optional setting': {
    model: 'm',
    input: 'x',
    instructions: 'Be terse.',
    user: 'u-1',
    metadata: { team: 'a' },
    temperature: 0.2,
    top_p: 0.9,
    max_output_tokens: 64,
    reasoning: { effort: 'high' },
    tools: [{ type: 'function', name: 'shell', parameters: { type: 'object', properties: {} }, strict: false }],
    text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' } } },
  },
};

/** The translator's events, encoded as the gateway sends them: a write per chunk. */
function streamOf(request: Record<string, unknown>, s: { chunks: ChatChunkBody[]; failWith?: string }) {
  const { echo } = responsesToChatRequest(request);
  const t = new ResponsesStreamTranslator({
    model: 'm',
    echo,
    createdAt: 1_700_000_000,
    id: 'resp_t',
    now: () => 1_700_000_009_000,
  });
  const batches = [t.begin(), ...s.chunks.map((c) => t.push(c)), s.failWith ? t.fail(s.failWith) : t.finish()];
  return { t, events: batches.flat(), text: batches.map((b) => t.encode(b)).join('') };
}

describe('the Responses stream, written with its shortcuts', () => {
  for (const [requestName, request] of Object.entries(requests))
    for (const [streamName, s] of Object.entries(streams))
      it(`is what JSON.stringify writes: ${streamName}, ${requestName}`, () => {
        const { t, events, text } = streamOf(request, s);
        expect(text).toBe(plain(events));
        // The Response kept for store: true is the closing event's, as the client got it.
        expect(t.final).toBe((events.at(-1) as { response: unknown }).response);
        expect(t.json.of(t.final!)).toBe(JSON.stringify(t.final));
      });

  it('is what JSON.stringify writes with settings of no fields at all', () => {
    const t = new ResponsesStreamTranslator({ model: 'm', echo: {} as never, createdAt: 1, id: 'resp_x' });
    const events = [...t.begin(), ...t.push(chunk({ content: 'a' })), ...t.finish()];
    expect(t.encode(events)).toBe(plain(events));
  });

  it('stores the text the client got in the closing event (store: true), under the id the store minted', () => {
    const STORE_ID = `resp_${'0a'.repeat(24)}`;
    const kept: Array<{ response: Record<string, unknown>; responseJson?: string }> = [];
    const rt = {
      clock: { now: () => 1_700_000_000_000 },
      store: { responses: { get: () => null, newId: () => STORE_ID, put: (r: (typeof kept)[number]) => kept.push(r) } },
    } as unknown as GatewayRuntime;
    const principal = { isMaster: true, keyId: null, models: [] } as unknown as Principal;
    const request = responsesDialect.parse({ model: 'm', input: 'hi', stream: true, user: 'u' }, rt, principal);
    const leg = request.answer.streamLeg({ rt, target: {} as never, startedAt: 1_700_000_000_000, promptEstimate: 3 })!;
    const sse = [
      leg.begin(),
      leg.write(`data: ${JSON.stringify(chunk({ content: 'Hello' }))}\n\n`),
      leg.write(`data: ${JSON.stringify(chunk({ content: '.' }, 'stop'))}\n\ndata: [DONE]\n\n`),
      leg.end(),
    ].join('');
    leg.settle?.();
    const last = sse.trim().split('\n\n').at(-1)!;
    expect(last.startsWith('event: response.completed\ndata: ')).toBe(true);
    const sent = JSON.parse(last.slice(last.indexOf('data: ') + 6)).response;
    expect(kept).toHaveLength(1);
    expect(kept[0].responseJson).toBe(JSON.stringify(sent));
    expect(JSON.parse(kept[0].responseJson!)).toEqual(kept[0].response);
    expect(sent.id).toBe(STORE_ID);
  });
});
