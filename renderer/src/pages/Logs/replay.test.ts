import { describe, expect, it } from 'vitest';
import type { CapturedBodies } from '../../../../shared/contract-capture';
import { replayOf } from './replay';

const stored = (body: unknown, extra: Partial<CapturedBodies> = {}): CapturedBodies => ({
  route: 'chat/completions',
  request: { text: JSON.stringify(body), bytes: 10, truncated: false },
  response: null,
  requestHeaders: {},
  redacted: [],
  ...extra,
});

describe('replay in the Playground', () => {
  it('takes the model, system prompt, settings, tools and earlier turns; leaves the last user message unsent', () => {
    const tools = [{ type: 'function', function: { name: 'lookup' } }];
    const r = replayOf(
      stored({
        model: 'chat',
        temperature: 0.2,
        max_tokens: 64,
        seed: 7,
        stop: ['END'],
        tools,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'one' },
          { role: 'user', content: [{ type: 'text', text: 'second' }] },
        ],
      }),
      'req-1',
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.draft).toBe('second');
    expect(r.conversation.targets).toEqual(['chat']);
    expect(r.conversation.settings).toMatchObject({
      system: 'Be brief.',
      temperature: '0.2',
      topP: '',
      maxTokens: '64',
      seed: '7',
      stop: 'END',
    });
    expect(JSON.parse(r.conversation.settings.tools)).toEqual(tools);
    expect(r.conversation.turns).toHaveLength(1);
    expect(r.conversation.turns[0].user).toBe('first');
    expect(r.conversation.turns[0].answers[0]).toMatchObject({ target: 'chat', content: 'one', state: 'finished' });
  });

  it('refuses a cut, non-JSON or non-chat body with the reason', () => {
    const cut = replayOf(
      stored({ model: 'chat', messages: [] }, { request: { text: '{"mo', bytes: 99999, truncated: true } }),
      'r',
    );
    expect(cut).toMatchObject({ ok: false, reason: expect.stringMatching(/size cap/) });
    expect(replayOf(stored({ model: 'e', input: 'x' }, { route: 'embeddings' }), 'r')).toMatchObject({ ok: false });
    expect(replayOf(stored(null, { request: { text: 'nope', bytes: 4, truncated: false } }), 'r')).toMatchObject({
      ok: false,
      reason: 'The stored request is not JSON.',
    });
  });
});
