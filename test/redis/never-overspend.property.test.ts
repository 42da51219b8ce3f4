// Property, against a real redis-server: however reservations and settlements of three gateway
// processes interleave (each step's operations run concurrently), the spend plus the holds never
// pass the budget, and the final spend is the sum of the settled costs.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/clock';
import { BudgetLedger, type Reservation } from '../../electron/core/gateway/budget';
import { RedisGatewayState } from '../../electron/core/gateway/shared-state/redis-state';
import { hasRedis, type RedisServer, startRedis } from './support/redis-server';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

const MAX_USD = 1;
type Op = { kind: 'reserve'; by: number; usd: number } | { kind: 'settle'; by: number; pick: number; fraction: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('reserve' as const),
    by: fc.nat(2),
    usd: fc.double({ min: 0, max: 0.6, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('settle' as const),
    by: fc.nat(2),
    pick: fc.nat(20),
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
);

let run = 0;
describe.runIf(hasRedis())('never overspend across processes (fast-check, real Redis)', () => {
  it('spend + holds ≤ budget after every step; final spend = sum of settled costs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        async (steps) => {
          const prefix = `prop${++run}-${Date.now()}:`;
          const processes = await Promise.all(
            [0, 1, 2].map(async () => {
              const ledger = new BudgetLedger(systemClock);
              ledger.upsert({ id: 'key:p', maxUsd: MAX_USD, spentUsd: 0, duration: null, resetAt: null });
              const state = new RedisGatewayState(redis.url, ledger, { prefix });
              await state.connect();
              return state;
            }),
          );
          const held: Array<{ r: Reservation; by: number }> = [];
          let settledUsd = 0;
          try {
            for (const step of steps) {
              await Promise.all(
                step.map(async (o) => {
                  if (o.kind === 'reserve') {
                    const r = await processes[o.by].reserve(['key:p'], o.usd);
                    if (r.ok) held.push({ r: r.reservation, by: o.by });
                    return;
                  }
                  const h = held.splice(o.pick % Math.max(1, held.length), 1)[0];
                  if (!h) return;
                  const cost = h.r.amountUsd * o.fraction;
                  settledUsd += cost;
                  processes[o.by].settle(h.r, cost);
                }),
              );
              await Promise.all(processes.map((p) => p.settled()));
              const [spent] = await processes[0].spent(['key:p']);
              const holds = held.reduce((sum, h) => sum + h.r.amountUsd, 0);
              expect((spent ?? 0) + holds).toBeLessThanOrEqual(MAX_USD + 1e-9);
            }
            const [spent] = await processes[0].spent(['key:p']);
            expect(spent ?? 0).toBeCloseTo(settledUsd, 9);
            expect(spent ?? 0).toBeLessThanOrEqual(MAX_USD + 1e-9);
          } finally {
            await Promise.all(processes.map((p) => p.close()));
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});
