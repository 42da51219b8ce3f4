// The case names the profile and A/B modes take (bench/gateway/dialects.ts's dialectCase): each
// names exactly one of the dialect rows, and a name that is none says which names there are.
import { describe, expect, it } from 'vitest';
import { DIALECTS, dialectCase, dialectHeaders } from '../../bench/gateway/dialects';

describe('dialect case names', () => {
  it('names every dialect row by route, stream and store: false, and no two rows alike', () => {
    const names = ['chat', 'chat-stream', 'messages', 'messages-stream', 'responses', 'responses-stream'];
    const cases = [...names, 'responses-nostore', 'responses-stream-nostore'].map(dialectCase);
    expect(new Set(cases).size).toBe(DIALECTS.length);
    expect(dialectCase('responses-stream-nostore')).toMatchObject({
      route: '/v1/responses',
      stream: true,
      variant: 'store: false',
    });
    const responses = dialectCase('responses');
    expect(responses).toMatchObject({ route: '/v1/responses', stream: false });
    expect(responses.variant).toBeUndefined();
    expect(dialectCase('chat')).toMatchObject({ route: '/v1/chat/completions', stream: false });
  });

  it('refuses a name that is no row, listing the names', () => {
    for (const name of ['embeddings', 'chat-nostore', 'messages-nostore', '']) {
      expect(() => dialectCase(name)).toThrow(/one of chat, messages, responses/);
    }
  });

  it("gives the Messages route the bearer key as x-api-key, keeping Switchyard's headers", () => {
    const headers = dialectHeaders({
      headers: { authorization: 'Bearer sk-bench-1', 'content-type': 'application/json' },
    });
    expect(headers).toEqual({
      authorization: 'Bearer sk-bench-1',
      'content-type': 'application/json',
      'x-api-key': 'sk-bench-1',
      'anthropic-version': '2023-06-01',
    });
  });
});
