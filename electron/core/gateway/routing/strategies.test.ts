import { describe, expect, it } from 'vitest';
import { pickTarget, type TargetLoad } from './strategies';
import type { Target } from './table';

const target = (name: string, extra: Partial<Target> = {}): Target => ({
  key: `endpoint:${name}`,
  kind: 'endpoint',
  name,
  provider: 'openai-compatible',
  baseUrl: 'http://x/v1',
  upstreamModel: name,
  apiKey: null,
  weight: 1,
  order: 0,
  maxModelLen: null,
  inputCostPerToken: 0,
  outputCostPerToken: 0,
  timeoutMs: null,
  unavailable: null,
  wakeable: false,
  ...extra,
});
const idle: TargetLoad = { inflight: 0, ewmaLatencyMs: null, kvCacheUsage: null, waiting: null };

function seeded(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

describe('pickTarget', () => {
  it('simple-shuffle follows the weights', () => {
    const a = target('a', { weight: 3 });
    const b = target('b', { weight: 1 });
    const random = seeded(7);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 4_000; i++)
      counts[pickTarget('simple-shuffle', [a, b], () => idle, random).name as 'a' | 'b'] += 1;
    expect(counts.a / counts.b).toBeGreaterThan(2.6);
    expect(counts.a / counts.b).toBeLessThan(3.4);
  });

  it('uses a higher order only when no lower order is offered', () => {
    const primary = target('primary', { order: 0 });
    const backup = target('backup', { order: 1, weight: 100 });
    expect(pickTarget('simple-shuffle', [primary, backup], () => idle).name).toBe('primary');
    expect(pickTarget('simple-shuffle', [backup], () => idle).name).toBe('backup');
  });

  it('least-busy picks the fewest in flight', () => {
    const loads: Record<string, TargetLoad> = { a: { ...idle, inflight: 5 }, b: { ...idle, inflight: 1 } };
    expect(pickTarget('least-busy', [target('a'), target('b')], (t) => loads[t.name]).name).toBe('b');
  });

  it('latency-based tries unmeasured targets first, then the fastest', () => {
    const loads: Record<string, TargetLoad> = {
      a: { ...idle, ewmaLatencyMs: 80 },
      b: { ...idle, ewmaLatencyMs: null },
      c: { ...idle, ewmaLatencyMs: 20 },
    };
    expect(
      pickTarget('latency-based-routing', [target('a'), target('b'), target('c')], (t) => loads[t.name]).name,
    ).toBe('b');
    expect(pickTarget('latency-based-routing', [target('a'), target('c')], (t) => loads[t.name]).name).toBe('c');
  });

  it('cost-based picks the cheapest', () => {
    const cheap = target('cheap', { inputCostPerToken: 1e-7, outputCostPerToken: 2e-7 });
    const dear = target('dear', { inputCostPerToken: 1e-5, outputCostPerToken: 3e-5 });
    expect(pickTarget('cost-based-routing', [dear, cheap], () => idle).name).toBe('cheap');
  });

  it('kv-aware avoids a queue first, then a full KV cache', () => {
    const loads: Record<string, TargetLoad> = {
      queued: { ...idle, waiting: 3, kvCacheUsage: 0.1 },
      full: { ...idle, waiting: 0, kvCacheUsage: 0.95 },
      roomy: { ...idle, waiting: 0, kvCacheUsage: 0.2, inflight: 4 },
    };
    expect(pickTarget('kv-aware', [target('queued'), target('full'), target('roomy')], (t) => loads[t.name]).name).toBe(
      'roomy',
    );
  });
});
