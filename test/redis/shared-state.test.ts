// The gateway's shared state against a real redis-server: the Lua scripts' budget holds,
// rate-limit windows, leases that lapse when a process dies, cooldowns announced to every process,
// and how Redis reconciles with the spend SQLite holds.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/clock';
import { BudgetLedger, type SpendChange } from '../../electron/core/gateway/budget';
import type { Admission } from '../../electron/core/gateway/limits';
import { CooldownTracker } from '../../electron/core/gateway/routing/cooldown';
import { RedisGatewayState } from '../../electron/core/gateway/shared-state/redis-state';
import { waitFor } from '../support/net';
import { hasRedis, type RedisServer, startRedis } from './support/redis-server';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

const open: RedisGatewayState[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

let prefixes = 0;
/** A gateway process's state: its own ledger (loaded as from SQLite) over the shared Redis. */
async function processState(options: { prefix: string; leaseMs?: number; spentUsd?: number; maxUsd?: number }) {
  const changes: SpendChange[] = [];
  const ledger = new BudgetLedger(systemClock, (c) => changes.push(c));
  ledger.upsert({
    id: 'key:a',
    maxUsd: options.maxUsd ?? 1,
    spentUsd: options.spentUsd ?? 0,
    duration: null,
    resetAt: null,
  });
  const cooldowns = new CooldownTracker(systemClock);
  const state = new RedisGatewayState(redis.url, ledger, { prefix: options.prefix, leaseMs: options.leaseMs });
  await state.connect(cooldowns);
  open.push(state);
  return { state, ledger, changes, cooldowns };
}
const freshPrefix = () => `t${++prefixes}-${Date.now()}:`;

describe.runIf(hasRedis())('shared gateway state in Redis', () => {
  it('reserve-if-fits: two processes together never hold more than the budget', async () => {
    const prefix = freshPrefix();
    const a = await processState({ prefix });
    const b = await processState({ prefix });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).state.reserve(['key:a'], 0.3)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, scope: 'key:a', requestedUsd: 0.3 });
    // The refusal is persisted, so the app can show the budget as exhausted.
    expect([...a.changes, ...b.changes].some((c) => c.refusedAt !== undefined)).toBe(true);
  });

  it('settle releases the hold and adds the real spend, once, written back for SQLite', async () => {
    const prefix = freshPrefix();
    const a = await processState({ prefix });
    const b = await processState({ prefix });
    const r = await a.state.reserve(['key:a'], 0.9);
    if (!r.ok) throw new Error('the first reservation was refused');
    expect((await b.state.reserve(['key:a'], 0.2)).ok).toBe(false);
    a.state.settle(r.reservation, 0.1);
    a.state.settle(r.reservation, 0.1); // idempotent
    await a.state.settled();
    expect(await a.state.spent(['key:a'])).toEqual([0.1]);
    expect(a.changes.filter((c) => c.refusedAt === undefined)).toEqual([
      { scope: 'key:a', spentUsd: 0.1, resetAt: null },
    ]);
    expect((await b.state.reserve(['key:a'], 0.85)).ok).toBe(true);
    expect((await b.state.reserve(['key:a'], 0.1)).ok).toBe(false);
  });

  it("a crashed process's holds lapse after the lease; a live one's are renewed", async () => {
    const prefix = freshPrefix();
    const crashed = await processState({ prefix, leaseMs: 600 });
    const live = await processState({ prefix, leaseMs: 600 });
    expect((await crashed.state.reserve(['key:a'], 0.5)).ok).toBe(true);
    expect((await live.state.reserve(['key:a'], 0.5)).ok).toBe(true);
    // The stand-in for a crash: this process stops renewing without settling.
    await crashed.state.close();
    open.splice(open.indexOf(crashed.state), 1);
    expect((await live.state.reserve(['key:a'], 0.5)).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 900));
    expect((await live.state.reserve(['key:a'], 0.5)).ok).toBe(true);
    // The live one renewed its first hold: nothing more fits.
    expect((await live.state.reserve(['key:a'], 0.01)).ok).toBe(false);
  });

  it('SQLite stays the source of truth: Redis takes the larger spend, a new period starts from SQLite', async () => {
    const prefix = freshPrefix();
    const a = await processState({ prefix, spentUsd: 0.2 });
    expect((await a.state.reserve(['key:a'], 0.79)).ok).toBe(true);
    expect(await a.state.spent(['key:a'])).toEqual([0.2]);
    // A process that loaded more spend from SQLite (another instance's settlement) raises Redis's view.
    const b = await processState({ prefix, spentUsd: 0.5 });
    expect((await b.state.reserve(['key:a'], 0.3)).ok).toBe(false);
    expect(await a.state.spent(['key:a'])).toEqual([0.5]);
    // A new budget period (a later reset time) starts from what SQLite says for it.
    const later = Date.now() + 60_000;
    b.ledger.upsert({ id: 'key:a', maxUsd: 1, spentUsd: 0, duration: '30d', resetAt: later });
    b.ledger.observeSpend('key:a', 0, false);
    expect((await b.state.reserve(['key:a'], 0.2)).ok).toBe(true);
    expect(await b.state.spent(['key:a'])).toEqual([0]);
  });

  it('rpm holds across processes and says when to retry', async () => {
    const prefix = freshPrefix();
    const a = await processState({ prefix });
    const b = await processState({ prefix });
    const limits = { rpm: 5, tpm: null, parallel: null };
    const answers: Admission[] = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).state.admit([{ id: 'k1', limits, who: 'This key' }], 10)),
    );
    expect(answers.filter((x) => x.ok)).toHaveLength(5);
    const no = answers.find((x) => !x.ok);
    expect(no).toMatchObject({ ok: false, limit: 'rpm', message: 'This key allows 5 requests per minute.' });
    expect(no && !no.ok && no.retryAfterS).toBeGreaterThanOrEqual(59);
  });

  it('key and team admit together or not at all; tpm holds the worst case and settles to the real count', async () => {
    const prefix = freshPrefix();
    const a = await processState({ prefix });
    const key = { id: 'k2', limits: { rpm: null, tpm: 1000, parallel: null }, who: 'This key' };
    const team = { id: 'team:t', limits: { rpm: null, tpm: 500, parallel: null }, who: 'Team research' };
    const first = await a.state.admit([key, team], 400);
    expect(first).toMatchObject({ ok: true, reservedTokens: 400 });
    const second = await a.state.admit([key, team], 400);
    expect(second).toMatchObject({ ok: false, limit: 'tpm' });
    expect(!second.ok && second.message).toContain('Team research allows 500 tokens per minute; 400 are used or held');
    if (first.ok) first.release(50);
    await a.state.settled();
    expect((await a.state.admit([key, team], 400)).ok).toBe(true);
    // The refused request held nothing on the key: 50 + 400 used, 550 left of its 1000.
    expect((await a.state.admit([key], 550)).ok).toBe(true);
    expect((await a.state.admit([key], 1)).ok).toBe(false);
  });

  it('parallel slots are released by release, and by lease expiry when a process dies', async () => {
    const prefix = freshPrefix();
    const crashed = await processState({ prefix, leaseMs: 600 });
    const live = await processState({ prefix, leaseMs: 600 });
    const subject = [{ id: 'k3', limits: { rpm: null, tpm: null, parallel: 2 }, who: 'This key' }];
    const held = await crashed.state.admit(subject, 1);
    const mine = await live.state.admit(subject, 1);
    expect(held.ok && mine.ok).toBe(true);
    expect(await live.state.admit(subject, 1)).toMatchObject({ ok: false, limit: 'parallel' });
    if (mine.ok) mine.release(1);
    await live.state.settled();
    const again = await live.state.admit(subject, 1);
    expect(again.ok).toBe(true);
    await crashed.state.close(); // stand-in for a crash: its slot is never released
    open.splice(open.indexOf(crashed.state), 1);
    expect((await live.state.admit(subject, 1)).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 900));
    expect((await live.state.admit(subject, 1)).ok).toBe(true);
  });

  it('a target one process cools down is cooling down in all, including one that starts later', async () => {
    const prefix = freshPrefix();
    const a = await processState({ prefix });
    const b = await processState({ prefix });
    // Failures of both processes count together: 2 allowed, one each.
    a.cooldowns.recordFailure('target-x', 2, 5_000, 'HTTP 500');
    b.cooldowns.recordFailure('target-x', 2, 5_000, 'HTTP 500');
    await waitFor(
      'the cooldown announced to both',
      () => a.cooldowns.remainingMs('target-x') > 0 && b.cooldowns.remainingMs('target-x') > 0,
      3_000,
    );
    const late = await processState({ prefix });
    expect(late.cooldowns.remainingMs('target-x')).toBeGreaterThan(3_000);
    expect(late.cooldowns.health()).toEqual([expect.objectContaining({ key: 'target-x', lastFailure: 'HTTP 500' })]);
    expect(a.cooldowns.remainingMs('target-y')).toBe(0);
  });
});
