// Errors that point at the cause, against a real gateway and simulators: bad bodies are refused
// before routing with the field named (as vLLM names it), an answer longer than every target's
// context says so with the largest, embeddings sent to a chat group name the group's kind, and
// budget refusals show amounts with enough digits to be true. A fast-check property sends random
// bad shapes of each field and asserts a 400 naming it, never a 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usdPair, usdText } from '../../electron/core/gateway/usd-text';
import {
  type GatewayFixture,
  MASTER_KEY,
  simEndpoint,
  simGroup,
  startGatewayFixture,
  startSims,
} from '../support/gateway-fixture';
import { call, PRICE } from './support';

let f: GatewayFixture;

beforeAll(async () => {
  const sims = await startSims({
    small: { model: 'small', ttftMs: 1, itlMs: 1, maxNumSeqs: 64, maxModelLen: 4096 },
    large: { model: 'large', ttftMs: 1, itlMs: 1, maxNumSeqs: 64, maxModelLen: 8192 },
  });
  f = await startGatewayFixture((fx) => {
    simEndpoint(fx, 'small', { ...PRICE, maxModelLen: 4096 });
    simEndpoint(fx, 'large', { ...PRICE, maxModelLen: 8192 });
    return { groups: [simGroup('chat', [{ sim: 'small' }, { sim: 'large' }])] };
  }, sims);
});
afterAll(() => f?.close());

type ErrorBody = { error: { message: string; type: string; param: string | null; code: string } };

async function post(path: string, body: unknown, key = MASTER_KEY): Promise<{ status: number; body: ErrorBody }> {
  const res = await fetch(`${f.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as ErrorBody };
}

const hi = [{ role: 'user', content: 'hi' }];

describe('bad requests are named before routing', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['messages: []', { messages: [] }, 'messages'],
    ['max_tokens: -1', { messages: hi, max_tokens: -1 }, 'max_tokens'],
    ['max_tokens: "ten"', { messages: hi, max_tokens: 'ten' }, 'max_tokens'],
    ['max_tokens: 0', { messages: hi, max_tokens: 0 }, 'max_tokens'],
    ['max_completion_tokens: 1.5', { messages: hi, max_completion_tokens: 1.5 }, 'max_completion_tokens'],
    ['messages: "hi"', { messages: 'hi' }, 'messages'],
  ];
  for (const [name, body, param] of cases) {
    it(`${name} → 400 naming "${param}", not "no deployment could serve"`, async () => {
      const r = await post('/v1/chat/completions', { model: 'chat', ...body });
      expect(r.status).toBe(400);
      expect(r.body.error.type).toBe('invalid_request_error');
      expect(r.body.error.param).toBe(param);
      expect(r.body.error.message).toContain(param);
      expect(r.body.error.message).not.toMatch(/No deployment could serve/);
    });
  }

  it("max_tokens 1000000 says it is more than any target's context, with the largest", async () => {
    const r = await post('/v1/chat/completions', { model: 'chat', messages: hi, max_tokens: 1_000_000 });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^max_tokens 1000000 is more than any target's context \(largest: 8192\)/);
    expect(r.body.error).toMatchObject({ param: 'max_tokens', code: 'context_length_exceeded' });
    // Within every context: served, so the check is no blanket refusal of large max_tokens.
    const fits = await post('/v1/chat/completions', { model: 'chat', messages: hi, max_tokens: 3000 });
    expect(fits.status).toBe(200);
  });

  it('completions without a prompt, embeddings without input, each named', async () => {
    const noPrompt = await post('/v1/completions', { model: 'chat', max_tokens: 3 });
    expect(noPrompt.status).toBe(400);
    expect(noPrompt.body.error.param).toBe('prompt');
    const noInput = await post('/v1/embeddings', { model: 'chat' });
    expect(noInput.status).toBe(400);
    expect(noInput.body.error.param).toBe('input');
  });

  it('embeddings sent to a chat group: an OpenAI-shaped 400 naming the group\'s kind, not {"detail":"Not Found"}', async () => {
    const r = await post('/v1/embeddings', { model: 'chat', input: 'hello' });
    expect(r.status).toBe(400);
    expect(r.body.error.type).toBe('invalid_request_error');
    expect(r.body.error.code).toBe('unsupported_route_for_model');
    expect(r.body.error.message).toMatch(/`chat` is a chat \(generative\) model group/);
    expect(r.body.error.message).toMatch(/embedding models/);
    expect(JSON.stringify(r.body)).not.toContain('detail');
  });

  it('property: random bad shapes of each field get a 400 naming it, never a 5xx', async () => {
    const notInt = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 2 }),
      fc.constant({}),
    );
    const badTokens = fc.oneof(
      notInt,
      fc.integer({ min: -1_000_000, max: 0 }),
      fc.integer({ min: 2 ** 31, max: 2 ** 40 }),
    );
    const badMessages = fc.oneof(
      fc.constant([]),
      fc.string({ maxLength: 6 }),
      fc.integer(),
      fc.constant({}),
      fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant({ content: 'no role' })), {
        minLength: 1,
        maxLength: 3,
      }),
    );
    const shape = fc.oneof(
      fc.record({ field: fc.constant('max_tokens'), value: badTokens }),
      fc.record({ field: fc.constant('max_completion_tokens'), value: badTokens }),
      fc.record({ field: fc.constant('messages'), value: badMessages }),
      fc.record({ field: fc.constant('n'), value: fc.oneof(notInt, fc.integer({ min: -50, max: 0 })) }),
      fc.record({ field: fc.constant('stream'), value: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()) }),
    );
    await fc.assert(
      fc.asyncProperty(shape, async ({ field, value }) => {
        const body: Record<string, unknown> = { model: 'chat', messages: hi, max_tokens: 4, [field]: value };
        const r = await post('/v1/chat/completions', body);
        expect(r.status).toBe(400);
        expect(`${r.body.error.param} ${r.body.error.message}`).toContain(field);
      }),
      { numRuns: 60 },
    );
  });
});

describe('budget messages', () => {
  it('"$0.0000005 remains", not "$0.000000"', async () => {
    const key = (await call(f, '/key/generate', { key_alias: 'tiny', max_budget: 0.0000005 })).body.key;
    const r = await post('/v1/chat/completions', { model: 'chat', messages: hi, max_tokens: 100 }, key);
    expect(r.status).toBe(429);
    expect(r.body.error.message).toMatch(/\$0\.0000005 remains and this request could cost up to \$0\.000\d+/);
  });

  it('amounts are shown to four significant digits, and two unequal ones never read the same', () => {
    expect(usdText(0.0000005)).toBe('$0.0000005');
    expect(usdText(12.345678)).toBe('$12.35');
    expect(usdText(0)).toBe('$0.00');
    expect(usdText(0.00123456)).toBe('$0.001235');
    expect(usdPair(0.0001234, 0.00012341)).toEqual(['$0.0001234', '$0.00012341']);
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 1e4, noNaN: true }),
        fc.double({ min: 1e-9, max: 1e4, noNaN: true }),
        (a, b) => {
          const [sa, sb] = usdPair(a, b);
          if (Math.abs(a - b) > 1e-12) expect(sa).not.toBe(sb);
          expect(Math.abs(Number(sa.slice(1)) - a)).toBeLessThanOrEqual(Math.max(a * 1e-3, 1e-12));
        },
      ),
    );
  });
});
