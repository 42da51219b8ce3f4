import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatChunkReader } from './chat-chunk';

const HEAD = '{"id":"chatcmpl-7f01","object":"chat.completion.chunk","created":1796177624,"model":"bench"';
const first = `${HEAD},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}`;
/** A one-token event as vLLM writes it; `token` is the JSON text of the string, `usage` the text after `"usage":`. */
const tokenEvent = (token: string, o: { field?: string; usage?: string; head?: string } = {}) =>
  `${o.head ?? HEAD},"choices":[{"index":0,"delta":{"${o.field ?? 'content'}":${token}},"logprobs":null,"finish_reason":null}]${o.usage === undefined ? '' : `,"usage":${o.usage}`}}`;

/** What the reader makes of each event, or the error it throws; beside JSON.parse's. */
function readAll(events: string[]) {
  const reader = new ChatChunkReader();
  return events.map((e) => {
    try {
      return { value: reader.read(e) };
    } catch (err) {
      return { error: (err as Error).name };
    }
  });
}
function parseAll(events: string[]) {
  return events.map((e) => {
    try {
      return { value: JSON.parse(e) };
    } catch (err) {
      return { error: (err as Error).name };
    }
  });
}

afterEach(() => vi.restoreAllMocks());

describe('ChatChunkReader', () => {
  it('reads the one-token events of a stream without JSON.parse, as JSON.parse would', () => {
    const events = [first, ...['"Gold"', '","', '" night"', '""'].map((t) => tokenEvent(t))];
    const expected = parseAll(events);
    const parse = vi.spyOn(JSON, 'parse');
    const read = readAll(events);
    // Only the first chunk (which the others are compared with) went through JSON.parse.
    expect(parse).toHaveBeenCalledTimes(1);
    expect(read).toEqual(expected);
    // Same keys in the same order: what a re-serialisation of the chunk would show.
    expect(read.map((r) => JSON.stringify(r.value))).toEqual(events.map((e) => JSON.stringify(JSON.parse(e))));
  });

  it('reads usage counts (continuous usage stats) in either order, as JSON.parse would', () => {
    const events = [
      first,
      tokenEvent('"a"', { usage: '{"prompt_tokens":20,"completion_tokens":1,"total_tokens":21}' }),
      tokenEvent('"b"', { usage: '{"prompt_tokens":20,"total_tokens":22,"completion_tokens":2}' }),
      tokenEvent('"c"', { usage: 'null' }),
      tokenEvent('"d"', { usage: '{}' }),
      tokenEvent('"e"', { usage: '{"prompt_tokens":0,"completion_tokens":3,"total_tokens":3}' }),
    ];
    const expected = parseAll(events);
    const parse = vi.spyOn(JSON, 'parse');
    const read = readAll(events);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(read).toEqual(expected);
    expect(read.map((r) => JSON.stringify(r.value))).toEqual(events.map((e) => JSON.stringify(JSON.parse(e))));
  });

  it('reads reasoning tokens (reasoning_content, reasoning) the same way', () => {
    const events = [
      first,
      tokenEvent('"think"', { field: 'reasoning_content' }),
      tokenEvent('"more"', { field: 'reasoning' }),
    ];
    const expected = parseAll(events);
    const parse = vi.spyOn(JSON, 'parse');
    expect(readAll(events)).toEqual(expected);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('gives what JSON.parse gives for tokens with escapes, quotes, braces and non-ASCII text', () => {
    const tokens = [
      String.raw`"say \"hi\""`,
      String.raw`"a\\b"`,
      String.raw`"line\nbreak\ttab"`,
      String.raw`"\u00e9\ud83d\ude00"`,
      String.raw`"\ud800"`,
      '"é 日本 😀"',
      String.raw`"\"},\"logprobs\":null,\"finish_reason\":null}]}"`,
      '"}]}"',
      String.raw`"\\"`,
    ];
    const events = [first, ...tokens.map((t) => tokenEvent(t))];
    expect(readAll(events)).toEqual(parseAll(events));
  });

  it('throws where JSON.parse throws, and leaves anything else to JSON.parse', () => {
    const events = [
      first,
      tokenEvent('"raw\nnewline"'), // a control character inside a string is not JSON
      tokenEvent(String.raw`"bad \x escape"`),
      tokenEvent('"unterminated'),
      tokenEvent('"ok"').slice(0, -1), // the closing brace missing
      `${tokenEvent('"ok"')} `,
      tokenEvent('"ok"', { usage: '{"prompt_tokens":01,"completion_tokens":1}' }),
      tokenEvent('"ok"', { usage: '{"prompt_tokens":20,"completion_tokens":1,}' }),
      tokenEvent('"ok"', { usage: '{"prompt_tokens":20,"completion_tokens":1' }),
      tokenEvent('"ok"', { usage: '{"__proto__":1}' }),
      tokenEvent('"ok"', { usage: '{"prompt_tokens":-1}' }),
      tokenEvent('"ok"', { usage: '{"prompt_tokens":1.5}' }),
      tokenEvent('"ok"', { usage: '{"prompt_tokens":12345678901234567890}' }),
      tokenEvent('"ok"', { usage: '{"prompt_tokens":20,"prompt_tokens_details":{"cached_tokens":4}}' }),
      tokenEvent('"ok"', { usage: '{"prompt_tokens":2,"prompt_tokens":3}' }),
      tokenEvent('"ok"', { usage: '{"prompt_tokens":20,"completion_tokens":1,"total_tokens":21,}' }),
      tokenEvent('"ok"', { usage: '{"prompt_tokens":20,"completion_tokens":1,"total_tokens":21,"x":1}' }),
      tokenEvent('"ok"', { usage: '{"prompt_tokens":20,"total_tokens":21,"completion_tokens":1]' }),
      tokenEvent('"ok"', { usage: '{"prompt_tokens":20,"total_tokens":21,"completion_tokens":1,"total_tokens":5}' }),
      tokenEvent('"ok"', { usage: '{"prompt_tokens":20,"completion_tokens":1,"completion_tokens":21}' }),
      tokenEvent('"ok"', { field: 'refusal' }),
      tokenEvent('"ok"', { head: HEAD.replace('bench', 'other') }),
      tokenEvent('"ok"').replace('"finish_reason":null', '"finish_reason":"stop"'),
      tokenEvent('"ok"').replace('"logprobs":null', '"logprobs":{"content":[]}'),
      `${HEAD},"choices":[],"usage":{"prompt_tokens":20,"completion_tokens":16,"total_tokens":36}}`,
      '{"error":{"message":"boom"}}',
      'not json',
      tokenEvent('"still read"'),
    ];
    const read = readAll(events);
    expect(read).toEqual(parseAll(events));
    expect(read.filter((r) => 'error' in r).length).toBeGreaterThan(5);
  });

  it('learns the head from the first chunk that names the stream, not from one that does not', () => {
    const events = ['{"choices":[]}', '[1]', 'null', first, tokenEvent('"x"')];
    const expected = parseAll(events);
    const parse = vi.spyOn(JSON, 'parse');
    expect(readAll(events)).toEqual(expected);
    expect(parse).toHaveBeenCalledTimes(4);
  });
});
