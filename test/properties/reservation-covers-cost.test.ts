// Property: for random valid requests of every route the gateway serves (chat with n, tools and
// every max-tokens variant, streamed or not; completions with prompt arrays, token-id prompts,
// best_of, echo; embeddings; rerank), what the gateway reserves before sending a request
// (x-switchyard-reserved-usd) is at least what the simulator's real usage then costs (the
// request-log row), on a group whose fallback has a larger context, through a real gateway.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, errorOf, loggedRow, newKey } from '../support/gateway-calls';
import { simEndpoint, simGroup, startGatewayFixture, startSims, type GatewayFixture } from '../support/gateway-fixture';
import {
  chatRequest,
  completionRequest,
  embeddingRequest,
  rerankRequest,
  runSeed,
  type GatewayRequest,
} from './request-arbitraries';

const PRICE = { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 };
let f: GatewayFixture;
let key = '';

beforeAll(async () => {
  const fast = { ttftMs: 0, itlMs: 0, maxNumSeqs: 1024, numGpuBlocks: 100_000 };
  const agent = { enableAutoToolChoice: true, toolCallParser: 'hermes', reasoningParser: 'qwen3' };
  const sims = await startSims({
    small: { model: 'small', maxModelLen: 1024, ...fast, ...agent },
    big: { model: 'big', maxModelLen: 4096, ...fast, ...agent },
    pool: { model: 'pool', runner: 'pooling', maxModelLen: 1024, ...fast },
  });
  f = await startGatewayFixture((fx) => {
    simEndpoint(fx, 'small', { ...PRICE, maxModelLen: 1024 });
    simEndpoint(fx, 'big', { inputCostPerToken: 3e-6, outputCostPerToken: 1e-6, maxModelLen: 4096 });
    simEndpoint(fx, 'pool', { inputCostPerToken: 1e-7, maxModelLen: 1024 });
    return {
      groups: [
        simGroup('chat', [{ sim: 'small' }], { fallbacks: ['chat-big'] }),
        simGroup('chat-big', [{ sim: 'big' }]),
        simGroup('embed', [{ sim: 'pool' }]),
      ],
    };
  }, sims);
  // A budget large enough never to refuse, so every reservation is computed and held.
  key = newKey(f, { models: [], maxBudgetUsd: 1_000 }).key;
});
afterAll(() => f?.close());

const anyRequest = fc.oneof(
  { arbitrary: chatRequest('chat'), weight: 4 },
  { arbitrary: completionRequest('chat'), weight: 4 },
  { arbitrary: embeddingRequest('embed'), weight: 1 },
  { arbitrary: rerankRequest('embed'), weight: 1 },
);

describe('property: the reservation covers the real cost', () => {
  it('for random valid requests of every route, reserved USD ≥ the logged cost', async () => {
    const served = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(anyRequest, async (r: GatewayRequest) => {
        const answer = await call(f.url, r.path, key, r.body);
        if (answer.status !== 200) {
          // The engine's own refusal (a prompt past the small context, say), passed on in OpenAI's shape.
          expect(answer.status, answer.text).toBe(400);
          expect(errorOf(answer).message).toBeTruthy();
          served.refused++;
          return;
        }
        served.ok++;
        const row = loggedRow(f, answer.requestId);
        expect(row, 'logged before the answer ended').toBeDefined();
        expect(answer.reservedUsd).not.toBeNull();
        expect(answer.reservedUsd!, `${r.path} ${JSON.stringify(r.body).slice(0, 400)}`).toBeGreaterThanOrEqual(
          row!.cost_usd,
        );
      }),
      { numRuns: 250, seed: runSeed('reservation ≥ cost') },
    );
    console.log(`reservation ≥ cost: ${served.ok} served, ${served.refused} refused by the engine`);
    expect(served.ok).toBeGreaterThan(200);
  }, 120_000);
});
