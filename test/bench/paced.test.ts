// The paced long streams' arithmetic: the paths' order turns each round, and a path's added gap is
// the median of its per-round differences from direct (not the difference of the medians).
import { describe, expect, it } from 'vitest';
import { interTokenTargets, pacedSummaries, turned } from '../../bench/gateway/paced';
import type { StreamRun } from '../../bench/gateway/streams';

const run = (gapP50Ms: number, gapP99Ms: number): StreamRun => ({
  ok: 0,
  errors: 0,
  completed: 0,
  windowS: 1,
  requestsPerS: 0,
  p50Ms: 0,
  p99Ms: 0,
  firstError: null,
  chunks: 6400,
  chunksTotal: 6400,
  gapP50Ms,
  gapP99Ms,
  cpuUsPerChunk: 50,
  rssMb: 100,
});

describe('paced long streams', () => {
  it('turns the order by one each round', () => {
    expect(turned(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(turned(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(turned(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
  });

  it('takes added p50/p99 within each round, then the median', () => {
    // Direct's p99 swings between rounds; the relay adds 1, 2 and 3 ms in its own rounds.
    const runs = new Map([
      ['direct', [run(10, 15), run(10, 30), run(10, 12)]],
      ['switchyard', [run(10.5, 16), run(10.1, 32), run(10.2, 15)]],
    ]);
    const sy = pacedSummaries(runs, 64).find((c) => c.path === 'switchyard')!;
    expect(sy.addedP99Ms).toBeCloseTo(2);
    expect(sy.addedP50Ms).toBeCloseTo(0.2);
    // The difference of the medians would be 16 - 15 = 1.
    expect(sy.gapP99Ms - 15).toBeCloseTo(1);
    const [paced] = interTokenTargets([sy], null);
    expect(paced.met).toBe(false);
    expect(paced.value).toBe('2.000 ms');
    // One round (1 ms) met the goal, the others did not.
    expect(paced.unsure).toBe(true);
    expect(paced.note).toContain('rounds 1.000 to 3.000 ms');
  });

  it('keeps the verdict firm when every round falls on one side of 1 ms', () => {
    const runs = new Map([
      ['direct', [run(10, 15), run(10, 15), run(10, 15)]],
      ['switchyard', [run(10, 15.5), run(10, 15.2), run(10, 15.9)]],
    ]);
    const [paced] = interTokenTargets(pacedSummaries(runs, 64), null);
    expect(paced.met).toBe(true);
    expect(paced.unsure).toBe(false);
  });
});
