// The attempt loop's failure classes: only a target's own failures count towards its cooldown.
import { describe, expect, it } from 'vitest';
import { testTarget } from '../../../../test/support/targets';
import { CooldownTracker } from './cooldown';
import { type AttemptContext, dispatch, type SendFailureKind, type SendResult } from './router';
import { DEFAULT_GROUP_SETTINGS, type RoutedGroup, RoutingTable, type Target } from './table';

const target = (name: string): Target => testTarget(name);

function setup() {
  const now = 1_000_000;
  const clock = { now: () => now };
  const group: RoutedGroup = {
    name: 'chat',
    strategy: 'simple-shuffle',
    targets: [target('a'), target('b')],
    fallbacks: [],
    contextWindowFallbacks: [],
    settings: { ...DEFAULT_GROUP_SETTINGS, allowedFails: 1 },
  };
  const cooldowns = new CooldownTracker(clock);
  const ctx: AttemptContext = {
    table: new RoutingTable([group]),
    cooldowns,
    load: () => ({ inflight: 0, ewmaLatencyMs: null, kvCacheUsage: null, waiting: null }),
    clock,
    random: () => 0.5,
    sleep: async () => {},
    wake: () => {},
  };
  return { group, cooldowns, ctx };
}

const failing = (kind: SendFailureKind, status: number | null) => async (): Promise<SendResult<string>> => ({
  ok: false,
  kind,
  status,
  reason: kind,
  body: '{"error":{}}',
});

describe('dispatch: whose fault a failure is (finding 6)', () => {
  for (const kind of ['client', 'gateway'] as const) {
    it(`a ${kind} failure puts no target into cooldown and tries no other target`, async () => {
      const { group, cooldowns, ctx } = setup();
      let sends = 0;
      const send = failing(kind, kind === 'client' ? 400 : 500);
      const outcome = await dispatch(
        group,
        10,
        () => (sends++, send()),
        ctx,
        () => false,
      );
      expect(outcome).toMatchObject({ kind: 'rejected', status: kind === 'client' ? 400 : 500 });
      expect(sends).toBe(1);
      expect(cooldowns.coolingDown()).toEqual([]);
    });
  }

  for (const [kind, status, answer] of [
    ['network', null, 502],
    ['timeout', null, 504],
    ['bad-response', null, 502],
    ['status', 503, 502],
  ] as const) {
    it(`a target's ${kind} failure cools it down and is retried elsewhere (answer ${answer})`, async () => {
      const { group, cooldowns, ctx } = setup();
      let sends = 0;
      const outcome = await dispatch(
        group,
        10,
        () => (sends++, failing(kind, status)()),
        ctx,
        () => false,
      );
      expect(outcome).toMatchObject({ kind: 'exhausted', status: answer });
      expect(sends).toBe(2);
      expect(cooldowns.coolingDown().sort()).toEqual(['endpoint:a', 'endpoint:b']);
    });
  }
});
