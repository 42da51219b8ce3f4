import { describe, expect, it } from 'vitest';
import { logView, splitMatches, stripAnsi } from './log-view';

const lines = [
  '\u001b[32mINFO\u001b[0m 11-21 05:25:45 [gpu_worker.py:298] Available KV cache memory: 7.00 GiB',
  'INFO 11-21 05:25:45 [kv_cache_utils.py:1087] GPU KV cache size: 65,536 tokens',
  'INFO 11-21 05:25:47 Application startup complete.',
];

describe('the log viewer', () => {
  it('removes terminal colour codes', () => {
    expect(stripAnsi(lines[0])).toBe('INFO 11-21 05:25:45 [gpu_worker.py:298] Available KV cache memory: 7.00 GiB');
  });

  it('splits a line around every match, any case', () => {
    expect(splitMatches('kv KV kV', 'kv')).toEqual([
      { text: 'kv', match: true },
      { text: ' ', match: false },
      { text: 'KV', match: true },
      { text: ' ', match: false },
      { text: 'kV', match: true },
    ]);
    expect(splitMatches('abc', '')).toEqual([{ text: 'abc', match: false }]);
    expect(splitMatches('abc', 'x')).toEqual([{ text: 'abc', match: false }]);
  });

  it('counts matching lines, highlights them, and can hide the others', () => {
    const all = logView(lines, ' kv cache ', false);
    expect(all).toMatchObject({ matches: 2, total: 3 });
    expect(all.rows.map((r) => [r.n, r.match])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    const only = logView(lines, 'startup', true);
    expect(only.rows.map((r) => r.n)).toEqual([3]);
    expect(only.rows[0].segments.filter((s) => s.match).map((s) => s.text)).toEqual(['startup']);
  });

  it('shows every line when there is no search', () => {
    expect(logView(lines, '', true).rows).toHaveLength(3);
    expect(logView(lines, '', true).matches).toBe(0);
  });
});
