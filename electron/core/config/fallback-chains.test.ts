// Cycle finding in fallback graphs: each cycle reported once, at the edge that closes it.
import { describe, expect, it } from 'vitest';
import { findCycles, type FallbackGraph } from './fallback-chains';

const graph = (edges: Record<string, string[]>): FallbackGraph =>
  new Map(Object.entries(edges).map(([from, tos]) => [from, tos.map((to, i) => ({ to, path: [from, i] }))]));

describe('findCycles', () => {
  it('finds none in a chain or a diamond', () => {
    expect(findCycles(graph({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }))).toEqual([]);
  });

  it('finds a self-loop, a two-cycle and a longer one, each once', () => {
    expect(findCycles(graph({ a: ['a'], b: ['c'], c: ['b'], d: ['e'], e: ['f'], f: ['d', 'b'] }))).toEqual([
      { cycle: ['a', 'a'], path: ['a', 0] },
      { cycle: ['b', 'c', 'b'], path: ['c', 0] },
      { cycle: ['d', 'e', 'f', 'd'], path: ['f', 0] },
    ]);
  });

  it('reports a cycle reached from outside it only once', () => {
    expect(findCycles(graph({ x: ['a'], y: ['b'], a: ['b'], b: ['a'] }))).toEqual([
      { cycle: ['a', 'b', 'a'], path: ['b', 0] },
    ]);
  });
});
