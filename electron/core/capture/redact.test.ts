import { describe, expect, it } from 'vitest';
import { capped, REDACTED, redactEventStream, redactHeaders, redactJson, redactJsonText } from './redact';

describe('redaction of captured bodies', () => {
  it('replaces every value a path names: [*] any item, [n] one, dotted keys; absent paths change nothing', () => {
    const body = {
      model: 'chat',
      api_key: 'sk-123',
      messages: [
        { role: 'system', content: 'secret system' },
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      ],
      input: [{ text: 'a' }, { text: 'b' }],
    };
    const matched = redactJson(body, ['messages[*].content', 'api_key', 'input[1].text', 'nothing.here', 'model.x']);
    expect(matched).toEqual(['messages[*].content', 'api_key', 'input[1].text']);
    expect(body).toEqual({
      model: 'chat',
      api_key: REDACTED,
      messages: [
        { role: 'system', content: REDACTED },
        { role: 'user', content: REDACTED },
      ],
      input: [{ text: 'a' }, { text: REDACTED }],
    });
  });

  it('leaves text that is not JSON as it came', () => {
    expect(redactJsonText('not json', ['a'])).toEqual({ text: 'not json', matched: [] });
    expect(redactJsonText('{"a":1}', [])).toEqual({ text: '{"a":1}', matched: [] });
  });

  it('redacts an event stream event by event and keeps its framing', () => {
    const sse =
      'data: {"choices":[{"delta":{"content":"Hel"}}]}\n\n' +
      'event: x\ndata: {"choices":[{"delta":{"content":"lo"}}]}\n\ndata: [DONE]\n\n';
    const out = redactEventStream(sse, ['choices[*].delta.content']);
    expect(out.matched).toEqual(['choices[*].delta.content']);
    expect(out.text).toBe(
      `data: {"choices":[{"delta":{"content":"${REDACTED}"}}]}\n\nevent: x\ndata: {"choices":[{"delta":{"content":"${REDACTED}"}}]}\n\ndata: [DONE]\n\n`,
    );
  });

  it('always redacts authorization and x-api-key; others by name, case-insensitively', () => {
    const out = redactHeaders(
      { Authorization: 'Bearer sk-1', 'x-api-key': 'k', 'X-Trace': 't', accept: ['a', 'b'], gone: undefined },
      ['x-trace'],
    );
    expect(out.headers).toEqual({
      authorization: REDACTED,
      'x-api-key': REDACTED,
      'x-trace': REDACTED,
      accept: 'a, b',
    });
    expect(out.matched.sort()).toEqual(['header:authorization', 'header:x-api-key', 'header:x-trace']);
  });

  it('cuts at the cap in bytes, never inside a character, and says the size before the cut', () => {
    expect(capped('abc', 10)).toEqual({ text: 'abc', bytes: 3, truncated: false });
    const euro = '€'.repeat(10); // 3 bytes each
    const cut = capped(euro, 7);
    expect(cut).toEqual({ text: '€€', bytes: 30, truncated: true });
    expect(capped('abc', 10, 500, true)).toEqual({ text: 'abc', bytes: 500, truncated: true });
  });
});
