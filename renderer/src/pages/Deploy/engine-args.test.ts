import { describe, expect, it } from 'vitest';
import { joinArgs, splitArgs } from './engine-args';

describe('splitArgs', () => {
  it('splits on spaces and keeps quoted and escaped spaces', () => {
    expect(splitArgs('  --a 1   --b  ')).toEqual(['--a', '1', '--b']);
    expect(splitArgs(`--t 'a b' --u "c \\"d\\"" e\\ f`)).toEqual(['--t', 'a b', '--u', 'c "d"', 'e f']);
    expect(splitArgs(`--json '{"k": 1}'`)).toEqual(['--json', '{"k": 1}']);
    expect(splitArgs(`--empty ''`)).toEqual(['--empty', '']);
    expect(splitArgs('')).toEqual([]);
  });

  it('says when a quote is left open', () => {
    expect(() => splitArgs(`--a 'b`)).toThrow(/single quote is not closed/);
    expect(() => splitArgs('--a "b')).toThrow(/double quote is not closed/);
  });
});

describe('joinArgs', () => {
  it('round-trips through splitArgs, quoting only what needs it', () => {
    const args = ['--reasoning-parser', 'qwen3', '--chat-template', "it's a b", '', '--x="y"'];
    expect(joinArgs(['--a', 'b'])).toBe('--a b');
    expect(splitArgs(joinArgs(args))).toEqual(args);
  });
});
