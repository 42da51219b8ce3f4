// The per-decision routing trace: off unless SWITCHYARD_ROUTING_TRACE names a file, then one line
// per choice among several targets, with what the strategy saw and the targets left out.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testTarget } from '../../../../test/support/targets';
import { CooldownTracker } from './cooldown';
import type { AttemptContext, SendResult } from './router';
import { DEFAULT_GROUP_SETTINGS, type RoutedGroup, RoutingTable } from './table';

const dir = mkdtempSync(join(tmpdir(), 'routing-trace-'));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('decision trace', () => {
  it('writes each choice with every candidate figure, and why a target was left out', async () => {
    const path = join(dir, 'decisions.jsonl');
    vi.stubEnv('SWITCHYARD_ROUTING_TRACE', path);
    vi.resetModules();
    const { dispatch } = await import('./router');
    const [a, b, c] = ['a', 'b', 'c'].map((n) => testTarget(n, { maxNumSeqs: 4 }));
    const group: RoutedGroup = {
      name: 'chat',
      strategy: 'kv-aware',
      targets: [a, b, c],
      fallbacks: [],
      contextWindowFallbacks: [],
      settings: DEFAULT_GROUP_SETTINGS,
    };
    const clock = { now: () => 5_000 };
    const cooldowns = new CooldownTracker(clock);
    cooldowns.recordFailure(c.key, 1, 30_000);
    const loads = new Map([
      [a.key, { inflight: 4, ewmaLatencyMs: 100, serviceMs: 100, kvCacheUsage: 0.5, waiting: 0 }],
      [b.key, { inflight: 1, ewmaLatencyMs: 100, serviceMs: 100, kvCacheUsage: 0.1, waiting: 0 }],
    ]);
    const ctx: AttemptContext = {
      table: new RoutingTable([group]),
      cooldowns,
      load: (t) => loads.get(t.key) ?? { inflight: 0, ewmaLatencyMs: null, kvCacheUsage: null, waiting: null },
      clock,
      random: () => 0.5,
      sleep: async () => {},
      wake: () => {},
    };
    const ok = async (): Promise<SendResult<string>> => ({ ok: true, value: 'x' });
    await dispatch(group, 10, ok, ctx, () => false);
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ at: 5_000, group: 'chat', retry: 0, chosen: b.key });
    expect(lines[0].left).toEqual([{ key: c.key, why: 'cooling down 30000 ms' }]);
    expect(lines[0].targets.map((t: { key: string; free: boolean; busy: number }) => [t.key, t.free, t.busy])).toEqual([
      [a.key, false, 4],
      [b.key, true, 1],
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
});
