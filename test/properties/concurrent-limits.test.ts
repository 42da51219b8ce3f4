// Property: for random concurrent mixes of requests from two keys of one team, each with small
// budgets and random rpm / tpm / parallel limits, what the gateway records never passes a limit —
// each key's and the team's spend stays within its budget, the tokens of the requests admitted in
// the minute within each tpm, the requests served within each rpm — and every refusal is a 429
// that says which limit. Real simulators, real gateway, real SQLite.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, errorOf, keySpend, loggedRowsOfKey, newKey, teamSpend } from '../support/gateway-calls';
import { simEndpoint, simGroup, startGatewayFixture, startSims, type GatewayFixture } from '../support/gateway-fixture';
import { chatRequest, completionRequest, runSeed } from './request-arbitraries';

const PRICE = { inputCostPerToken: 1e-7, outputCostPerToken: 1e-6 };
let f: GatewayFixture;

beforeAll(async () => {
  const fast = { ttftMs: 0, itlMs: 1, maxNumSeqs: 1024, numGpuBlocks: 100_000 };
  const sims = await startSims({ gen: { model: 'gen', maxModelLen: 4096, ...fast } });
  f = await startGatewayFixture((fx) => {
    simEndpoint(fx, 'gen', { ...PRICE, maxModelLen: 4096 });
    return { groups: [simGroup('chat', [{ sim: 'gen' }])] };
  }, sims);
});
afterAll(() => f?.close());

const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const limits = fc.record({
  maxBudgetUsd: optional(fc.double({ min: 1e-4, max: 5e-3, noNaN: true })),
  // At least the worst case of any request below (under 1,500 tokens), so none is admitted alone past it.
  tpmLimit: optional(fc.integer({ min: 1500, max: 6000 })),
  rpmLimit: optional(fc.integer({ min: 1, max: 60 })),
  maxParallelRequests: optional(fc.integer({ min: 1, max: 16 })),
});
const teamLimits = fc.record({
  maxBudgetUsd: optional(fc.double({ min: 1e-4, max: 8e-3, noNaN: true })),
  tpmLimit: optional(fc.integer({ min: 1500, max: 8000 })),
  rpmLimit: optional(fc.integer({ min: 1, max: 60 })),
});
const small = (text: fc.Arbitrary<{ path: string; body: Record<string, unknown> }>) =>
  text.filter((r) => Buffer.byteLength(JSON.stringify(r.body)) < 800 && !('tools' in r.body));
const mix = fc.array(
  fc.record({
    who: fc.integer({ min: 0, max: 1 }),
    request: fc.oneof(small(chatRequest('chat', true)), small(completionRequest('chat', true))),
  }),
  { minLength: 20, maxLength: 80 },
);

describe('property: concurrent mixes never pass a budget or a limit', () => {
  it('spend ≤ budget, tokens per minute ≤ tpm, served ≤ rpm, for keys and their team', async () => {
    let runs = 0;
    const seen: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.tuple(limits, limits), teamLimits, mix, async (keyLimits, teamSpec, requests) => {
        const team = f.store.teams.create(teamSpec);
        const keys = keyLimits.map((l) => newKey(f, { models: [], teamId: team.id, ...l }));
        const startedAt = Date.now();
        const answers = await Promise.all(
          requests.map(({ who, request }) => call(f.url, request.path, keys[who].key, request.body)),
        );
        // Everything here ran inside one minute, so each window's tokens are all the tokens.
        expect(Date.now() - startedAt).toBeLessThan(60_000);
        for (const a of answers) {
          const what =
            a.status === 200
              ? 'served'
              : `${errorOf(a).type}: ${errorOf(a).message?.match(/\((rpm|tpm|parallel)\)/)?.[1] ?? 'budget'}`;
          seen[what] = (seen[what] ?? 0) + 1;
          if (a.status === 200) continue;
          expect(a.status, a.text).toBe(429);
          expect(['budget_exceeded', 'rate_limit_exceeded']).toContain(errorOf(a).type);
        }
        let teamTokens = 0;
        let teamServed = 0;
        keys.forEach(({ info }, i) => {
          const rows = loggedRowsOfKey(f, info.id).filter((r) => r.status === 200);
          const tokens = rows.reduce((s, r) => s + r.prompt_tokens + r.completion_tokens, 0);
          teamTokens += tokens;
          teamServed += rows.length;
          const l = keyLimits[i];
          if (l.maxBudgetUsd != null) expect(keySpend(f, info.id)).toBeLessThanOrEqual(l.maxBudgetUsd);
          if (l.tpmLimit != null) expect(tokens).toBeLessThanOrEqual(l.tpmLimit);
          if (l.rpmLimit != null) expect(rows.length).toBeLessThanOrEqual(l.rpmLimit);
        });
        if (teamSpec.maxBudgetUsd != null) expect(teamSpend(f, team.id)).toBeLessThanOrEqual(teamSpec.maxBudgetUsd);
        if (teamSpec.tpmLimit != null) expect(teamTokens).toBeLessThanOrEqual(teamSpec.tpmLimit);
        if (teamSpec.rpmLimit != null) expect(teamServed).toBeLessThanOrEqual(teamSpec.rpmLimit);
        runs++;
      }),
      { numRuns: 30, seed: runSeed('concurrent limits') },
    );
    console.log(`concurrent limits: ${JSON.stringify(seen)}`);
    expect(runs).toBe(30);
    // The mixes did meet every kind of refusal, so the limits were tested, not skirted.
    expect(seen.served).toBeGreaterThan(0);
    expect(Object.keys(seen).length).toBeGreaterThanOrEqual(4);
  }, 180_000);
});
