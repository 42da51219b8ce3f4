import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  applyDone,
  DEFAULT_SETTINGS,
  emptyAnswer,
  messagesFor,
  newConversation,
  parseSettings,
  requestsForLastTurn,
} from './playground-model';

const figures = {
  status: 200,
  requestId: 'playground-x',
  servedBy: 'a',
  modelGroup: 'chat',
  attempts: 1,
  ttftMs: 10,
  latencyMs: 100,
  tokensPerSecond: 50,
  promptTokens: 5,
  completionTokens: 6,
  costUsd: 0.001,
  logSeq: 7,
};

describe('the Playground conversation', () => {
  it('joins deltas (text, reasoning, tool-call pieces by index) and closes with the figures', () => {
    let c = newConversation(['chat', 'chat-large']);
    const [a, b] = [emptyAnswer('chat'), emptyAnswer('chat-large')];
    c = { ...c, turns: [{ user: 'hi', answers: [a, b] }] };
    c = applyDelta(c, { runId: a.runId, content: 'Hel', reasoning: 'th', toolCalls: [] });
    c = applyDelta(c, {
      runId: a.runId,
      content: 'lo',
      reasoning: 'ink',
      toolCalls: [{ index: 0, id: 'call_1', name: 'get_weather', arguments: '{"ci' }],
    });
    c = applyDelta(c, {
      runId: a.runId,
      content: '',
      reasoning: '',
      toolCalls: [{ index: 0, name: '', arguments: 'ty":"Paris"}' }],
    });
    c = applyDone(c, { runId: a.runId, outcome: 'finished', error: null, finishReason: 'tool_calls', figures });
    const [first, second] = c.turns[0].answers;
    expect(first).toMatchObject({ content: 'Hello', reasoning: 'think', state: 'finished', figures });
    expect(first.toolCalls).toEqual([{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
    expect(second.state).toBe('streaming');
    // An event of another window's run changes nothing.
    expect(applyDelta(c, { runId: 'other', content: 'x', reasoning: '', toolCalls: [] })).toBe(c);
  });

  it('sends each target its own history, a tool call answered before the next turn', () => {
    let c = newConversation(['chat', 'chat-large']);
    c = { ...c, settings: { ...c.settings, system: 'Be brief.' } };
    const first = [
      { ...emptyAnswer('chat'), content: 'A', state: 'finished' as const },
      {
        ...emptyAnswer('chat-large'),
        state: 'finished' as const,
        toolCalls: [{ id: 't1', name: 'get_weather', arguments: '{}' }],
      },
    ];
    c = {
      ...c,
      turns: [
        { user: 'one', answers: first },
        { user: 'two', answers: [emptyAnswer('chat'), emptyAnswer('chat-large')] },
      ],
    };
    expect(messagesFor(c, 0).map((m) => `${m.role}:${m.content}`)).toEqual([
      'system:Be brief.',
      'user:one',
      'assistant:A',
      'user:two',
    ]);
    expect(messagesFor(c, 1).map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'user']);
    const requests = requestsForLastTurn(c, { temperature: 0 }, undefined);
    expect(requests.map((r) => r.model)).toEqual(['chat', 'chat-large']);
    expect(requests[1].messages[3]).toMatchObject({ role: 'tool', toolCallId: 't1' });
  });

  it('checks the settings field by field', () => {
    expect(parseSettings(DEFAULT_SETTINGS)).toEqual({
      ok: true,
      params: { temperature: 0.7, maxTokens: 256 },
      tools: undefined,
    });
    expect(parseSettings({ ...DEFAULT_SETTINGS, temperature: '3' })).toMatchObject({ ok: false, field: 'temperature' });
    expect(parseSettings({ ...DEFAULT_SETTINGS, maxTokens: '1.5' })).toMatchObject({ ok: false, field: 'maxTokens' });
    expect(parseSettings({ ...DEFAULT_SETTINGS, stop: 'a\nb\nc\nd\ne' })).toMatchObject({ ok: false, field: 'stop' });
    expect(parseSettings({ ...DEFAULT_SETTINGS, tools: '[{' })).toMatchObject({ ok: false, field: 'tools' });
    expect(parseSettings({ ...DEFAULT_SETTINGS, tools: '[{"type":"function"}]' })).toMatchObject({
      ok: false,
      field: 'tools',
    });
    const ok = parseSettings({
      ...DEFAULT_SETTINGS,
      seed: '42',
      stop: 'END\n',
      tools: '{"type":"function","function":{"name":"f"}}',
    });
    expect(ok).toMatchObject({
      ok: true,
      params: { seed: 42, stop: ['END'] },
      tools: [{ type: 'function', function: { name: 'f' } }],
    });
  });
});
