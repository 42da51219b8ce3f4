import { describe, expect, it } from 'vitest';
import type { ConnectGroup, ToolCalls } from '../../../../shared/contract-connect';
import type { VirtualKey } from '../../lib/types';
import { chosenGroup, snippetKey, toolWarning, usableKeys } from './connect-view';

const key = (id: string, extra: Partial<VirtualKey> = {}): VirtualKey => ({
  id,
  prefix: `sk-${id}…abcd`,
  alias: id,
  models: [],
  maxBudgetUsd: null,
  budgetDuration: null,
  spendUsd: 0,
  budgetResetAt: null,
  budgetExhausted: false,
  teamId: null,
  userId: null,
  blocked: false,
  rpmLimit: null,
  tpmLimit: null,
  maxParallelRequests: null,
  expiresAt: null,
  revokedAt: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  ...extra,
});
const tools = (state: ToolCalls['state']): ToolCalls => ({
  state,
  cause: state === 'yes' ? 'auto-tool-choice' : state === 'no' ? 'no-auto-tool-choice' : 'external-server',
  reason: `because ${state}`,
});
const group = (name: string, state: ToolCalls['state']): ConnectGroup => ({
  name,
  toolCalls: tools(state),
  targets: [],
});

describe('connect view', () => {
  it('offers keys that are neither revoked nor expired', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    const keys = [
      key('a'),
      key('b', { revokedAt: '2026-11-01T00:00:00Z' }),
      key('c', { expiresAt: '2026-12-01T11:00:00Z' }),
      key('d', { expiresAt: '2026-12-02T00:00:00Z' }),
    ];
    expect(usableKeys(keys, now).map((k) => k.id)).toEqual(['a', 'd']);
  });

  it('snippets carry the whole key only when it was made here, else the prefix', () => {
    const keys = [key('a'), key('b')];
    expect(snippetKey('', keys, null)).toBeNull();
    expect(snippetKey('a', keys, null)).toBe('sk-a…abcd');
    expect(snippetKey('b', keys, { id: 'b', key: 'sk-whole-key-of-b' })).toBe('sk-whole-key-of-b');
    expect(snippetKey('a', keys, { id: 'b', key: 'sk-whole-key-of-b' })).toBe('sk-a…abcd');
    expect(snippetKey('gone', keys, null)).toBeNull();
  });

  it('an agent starts on the first group that does tool calls; a chosen group stays while it exists', () => {
    const groups = [group('chat', 'unknown'), group('embed', 'no'), group('agents', 'yes')];
    expect(chosenGroup('claude-code', null, groups)?.name).toBe('agents');
    expect(chosenGroup('curl', null, groups)?.name).toBe('chat');
    expect(chosenGroup('codex', 'embed', groups)?.name).toBe('embed');
    expect(chosenGroup('codex', 'removed', groups)?.name).toBe('agents');
    expect(chosenGroup('codex', null, [])).toBeNull();
  });

  it('warns agent clients only, louder when the group will not do tools than when it cannot be seen', () => {
    expect(toolWarning('claude-code', group('agents', 'yes'))).toBeNull();
    expect(toolWarning('curl', group('embed', 'no'))).toBeNull();
    expect(toolWarning('codex', group('embed', 'no'))).toEqual({
      tone: 'warn',
      title: 'embed will not do tool calls: Codex CLI fails on it',
      text: 'because no',
    });
    expect(toolWarning('claude-code', group('chat', 'unknown'))?.tone).toBe('info');
  });
});
