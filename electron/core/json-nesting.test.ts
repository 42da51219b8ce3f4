import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonNestingDepth } from './json-nesting';

/** Depth of a parsed value, counted the way the scan counts brackets. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

describe('jsonNestingDepth', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonNestingDepth('1')).toBe(0);
    expect(jsonNestingDepth('{}')).toBe(1);
    expect(jsonNestingDepth('{"a":[[1],{"b":{}}]}')).toBe(4);
    expect(jsonNestingDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(jsonNestingDepth('{"a":"\\"[[[["}')).toBe(1);
    expect(jsonNestingDepth('["\\\\",[[]]]')).toBe(3);
    expect(jsonNestingDepth('{"é[":"ü{"}')).toBe(1);
  });

  it('stops counting once past the limit', () => {
    const hostile = '['.repeat(1_000_000);
    expect(jsonNestingDepth(hostile, 128)).toBe(129);
    expect(jsonNestingDepth(Buffer.from(`${'['.repeat(5000)}${']'.repeat(5000)}`))).toBe(5000);
  });

  it('agrees with the parsed value for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), (value) => {
        expect(jsonNestingDepth(JSON.stringify(value))).toBe(depthOf(value));
      }),
      { numRuns: 500 },
    );
  });
});
