// A key or team budget spent through the real gateway (official openai SDK, simulated engine):
// the ledger stops short of 100 % spend, so the gateway's refusal is recorded, and the core's
// budget watcher announces the budget as exhausted — until the budget is raised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { EventPayload } from '../../shared/contract';
import { BudgetWatcher } from '../../electron/core/budget-watch';
import { EventBus } from '../../electron/core/events';
import { simEndpoint, simGroup, startGatewayFixture, startSims, type GatewayFixture } from '../support/gateway-fixture';

let f: GatewayFixture;
const heard: EventPayload<'budgets.alert'>[] = [];
let watcher: BudgetWatcher;

beforeAll(async () => {
  const sims = await startSims({ fast: { model: 'fast', ttftMs: 2, itlMs: 1, maxNumSeqs: 64 } });
  f = await startGatewayFixture((fx) => {
    simEndpoint(fx, 'fast', { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 });
    return { groups: [simGroup('chat', [{ sim: 'fast' }])] };
  }, sims);
  const events = new EventBus();
  events.on('budgets.alert', (a) => heard.push(a));
  watcher = new BudgetWatcher(f.store, events, { now: () => Date.now() });
});
afterAll(() => f?.close());

/** Sends requests until the gateway answers 429; returns how many got through. */
async function spendUntilRefused(
  client: OpenAI,
): Promise<{ served: number; refusal: { status: number; type: string } }> {
  for (let served = 0; served < 200; served++) {
    const err = await client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }], max_tokens: 20 })
      .then(
        () => null,
        (e) => e,
      );
    if (err) return { served, refusal: { status: err.status, type: err.error?.type } };
  }
  throw new Error('the budget was never exhausted');
}

describe('an exhausted budget', () => {
  it('a key: 429 budget_exceeded, recorded, announced once at 100 %, cleared by a higher budget', async () => {
    const { key, info } = f.store.keys.create({ alias: 'tiny', models: [], maxBudgetUsd: 0.0005 });
    f.rt.reload();
    const { served, refusal } = await spendUntilRefused(
      new OpenAI({ baseURL: `${f.url}/v1`, apiKey: key, maxRetries: 0 }),
    );
    expect(served).toBeGreaterThan(2);
    expect(refusal).toEqual({ status: 429, type: 'budget_exceeded' });
    f.rt.writer.flush();
    const stored = f.store.keys.get(info.id)!;
    expect(stored.spendUsd).toBeLessThan(0.0005);
    expect(stored.budgetExhausted).toBe(true);
    watcher.check();
    watcher.check();
    expect(heard.filter((a) => a.id === info.id).map((a) => a.threshold)).toEqual([100]);

    f.store.keys.update(info.id, { maxBudgetUsd: 1 });
    f.rt.reload();
    expect(f.store.keys.get(info.id)!.budgetExhausted).toBe(false);
    await new OpenAI({ baseURL: `${f.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 5,
    });
    f.rt.writer.flush();
    expect(f.store.keys.get(info.id)!.budgetExhausted).toBe(false);
  });

  it('a team: its keys are refused and the team is announced, not the keys', async () => {
    const team = f.store.teams.create({ alias: 'research', maxBudgetUsd: 0.0004 });
    const { key, info } = f.store.keys.create({ models: [], teamId: team.id, maxBudgetUsd: 10 });
    f.rt.reload();
    const { refusal } = await spendUntilRefused(new OpenAI({ baseURL: `${f.url}/v1`, apiKey: key, maxRetries: 0 }));
    expect(refusal.type).toBe('budget_exceeded');
    f.rt.writer.flush();
    expect(f.store.teams.get(team.id)!.budgetRefusedAt).not.toBeNull();
    expect(f.store.keys.get(info.id)!.budgetExhausted).toBe(false);
    watcher.check();
    expect(heard.filter((a) => a.scope === 'team')).toMatchObject([{ id: team.id, name: 'research', threshold: 100 }]);
    expect(heard.some((a) => a.id === info.id)).toBe(false);
  });
});
