// The headers LiteLLM's clients read (docs.litellm.ai/docs/proxy/response_headers) and the answer's
// `model` as the name the client asked for, against a real gateway and simulator: whole answers
// and streams, chat, completions and embeddings. The rewrite of `model` is a scan, not a parse:
// it is checked here on tricky bodies and, as a property, on random JSON objects.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standingHeaders } from '../../electron/core/gateway/admission';
import { streamModelRewriter, withTopLevelModel } from '../../electron/core/gateway/pipeline/answer-model';
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
let limited: string;

beforeAll(async () => {
  const sims = await startSims({
    fast: { model: 'fast-served', ttftMs: 1, itlMs: 1, maxNumSeqs: 64, maxModelLen: 8192 },
    embedder: { model: 'embedder', runner: 'pooling', ttftMs: 1, itlMs: 1 },
  });
  f = await startGatewayFixture((fx) => {
    simEndpoint(fx, 'fast', { ...PRICE, maxModelLen: 8192 });
    simEndpoint(fx, 'embedder');
    return {
      groups: [simGroup('chat', [{ sim: 'fast' }]), simGroup('embed', [{ sim: 'embedder' }])],
      aliases: { 'gpt-4o': 'chat' },
    };
  }, sims);
  limited = (await call(f, '/key/generate', { key_alias: 'limited', rpm_limit: 50, tpm_limit: 100_000, max_budget: 5 }))
    .body.key;
});
afterAll(() => f?.close());

describe('LiteLLM response headers', () => {
  it('name the deployment, its base URL, the cost, the key spend and the overhead', async () => {
    const first = await f
      .client(limited)
      .chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 })
      .withResponse();
    const h = first.response.headers;
    expect(h.get('x-litellm-model-id')).toBe('fast');
    expect(h.get('x-litellm-model-group')).toBe('chat');
    expect(h.get('x-litellm-model-api-base')).toBe(`${f.sims.fast.url}/v1`);
    const cost = Number(h.get('x-litellm-response-cost'));
    expect(cost).toBeGreaterThan(0);
    expect(cost).toBeCloseTo(Number(h.get('x-switchyard-cost-usd')), 8);
    const usage = first.data.usage!;
    expect(cost).toBeCloseTo(usage.prompt_tokens * PRICE.inputCostPerToken + usage.completion_tokens * 2e-6, 12);
    expect(Number.isInteger(Number(h.get('x-litellm-overhead-duration-ms')))).toBe(true);
    expect(Number(h.get('x-litellm-overhead-duration-ms'))).toBeGreaterThanOrEqual(0);
    const spentBefore = Number(h.get('x-litellm-key-spend'));
    expect(spentBefore).toBe(0);
    const second = await f
      .client(limited)
      .chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 })
      .withResponse();
    // The spend before this request: the first one's cost.
    expect(Number(second.response.headers.get('x-litellm-key-spend'))).toBeCloseTo(cost, 10);
  });

  it("carry the key's rate limits; a key without limits gets none", async () => {
    const limitedRes = await fetch(`${f.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${limited}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 }),
    });
    expect(limitedRes.headers.get('x-ratelimit-limit-requests')).toBe('50');
    expect(limitedRes.headers.get('x-ratelimit-limit-tokens')).toBe('100000');
    // What is left after this request (earlier tests in this file used the same key).
    const left = Number(limitedRes.headers.get('x-ratelimit-remaining-requests'));
    expect(left).toBeGreaterThanOrEqual(0);
    expect(left).toBeLessThan(50);
    expect(Number(limitedRes.headers.get('x-ratelimit-remaining-tokens'))).toBeLessThan(100_000);
    expect(limitedRes.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+s$/);
    expect(limitedRes.headers.get('x-ratelimit-reset-tokens')).toMatch(/^\d+s$/);
    const next = await fetch(`${f.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${limited}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 }),
    });
    expect(Number(next.headers.get('x-ratelimit-remaining-requests'))).toBe(left - 1);
    const free = await f
      .client()
      .chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 })
      .withResponse();
    expect(free.response.headers.get('x-ratelimit-limit-requests')).toBeNull();
    expect(free.response.headers.get('x-ratelimit-remaining-requests')).toBeNull();
    expect(free.response.headers.get('x-litellm-key-spend')).toBeNull();
  });
});

describe('the answer names the model asked for', () => {
  it('a whole chat answer and a completion: `model` is the group or alias, the served model in a header', async () => {
    for (const asked of ['chat', 'gpt-4o']) {
      const { data, response } = await f
        .client()
        .chat.completions.create({ model: asked, messages: [{ role: 'user', content: 'hi' }], max_tokens: 3 })
        .withResponse();
      expect(data.model).toBe(asked);
      expect(response.headers.get('x-switchyard-served-model')).toBe('fast-served');
    }
    const completion = await f.client().completions.create({ model: 'chat', prompt: 'hello', max_tokens: 3 });
    expect(completion.model).toBe('chat');
    const embedding = await f.client().embeddings.create({ model: 'embed', input: ['a', 'b'] });
    expect(embedding.model).toBe('embed');
    expect(embedding.data).toHaveLength(2);
  });

  it('every chunk of a stream says the group', async () => {
    const stream = await f.client().chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'tell me a story' }],
      max_tokens: 40,
      stream: true,
      stream_options: { include_usage: true },
    });
    const models = new Set<string>();
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      models.add(chunk.model);
    }
    expect(chunks).toBeGreaterThan(3);
    expect([...models]).toEqual(['chat']);
    const raw = await fetch(`${f.url}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', prompt: 'once', max_tokens: 20, stream: true }),
    });
    expect(raw.headers.get('x-switchyard-served-model')).toBe('fast-served');
    const text = await raw.text();
    expect(text).not.toContain('"model":"fast-served"');
    expect(text.match(/"model":"gpt-4o"/g)?.length).toBeGreaterThan(3);
  });
});

describe('withTopLevelModel (a scan, not a parse)', () => {
  it('changes only the top-level "model", past nested ones, strings that look like it and escapes', () => {
    const tricky = [
      '{"id":"x","meta":{"model":"nested"},"note":"\\"model\\":\\"fake\\"","model":"served","data":[{"model":"deep"}]}',
      ' { "model" : "served" , "x" : 1 } ',
      '{"a":[1,2,{"b":"]}"}],"c":null,"d":true,"e":-1.5e3,"model":"served"}',
      '{"k\\"ey":"v","model":"s\\u00e9rved"}',
      '{\n  "object": "list",\n  "model": "served"\n}',
    ];
    for (const text of tricky) {
      const out = withTopLevelModel(text, 'group/ä "quoted"');
      const before = JSON.parse(text);
      expect(JSON.parse(out)).toEqual({ ...before, model: 'group/ä "quoted"' });
    }
  });

  it('leaves alone bodies with no top-level string model, and text that is not a JSON object', () => {
    for (const text of [
      '{"meta":{"model":"x"}}',
      '{"model":null}',
      '{"model":{"id":"x"}}',
      '[{"model":"x"}]',
      'Not Found',
      '{"model":"x',
      '',
    ]) {
      expect(withTopLevelModel(text, 'chat')).toBe(text);
    }
  });

  it('property: equals parse, set, compare on random objects, compact or indented', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        fc.nat(6),
        fc.boolean(),
        (rest, served, asked, at, indent) => {
          const entries = Object.entries(rest).filter(([k]) => k !== 'model');
          entries.splice(Math.min(at, entries.length), 0, ['model', served]);
          // Through JSON once, so the expectation holds what JSON can say (-0 is written as 0).
          const body = JSON.parse(JSON.stringify(Object.fromEntries(entries)));
          const text = JSON.stringify(body, null, indent ? 2 : undefined);
          expect(JSON.parse(withTopLevelModel(text, asked))).toEqual({ ...body, model: asked });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('streamModelRewriter', () => {
  it('finds the pair however the stream is split into chunks', () => {
    const events =
      [1, 2, 3]
        .map(
          (i) =>
            `data: {"id":"c","object":"chat.completion.chunk","model":"fast-served","choices":[{"delta":{"content":"t${i} \\"model\\":\\"fast-served\\""}}]}\n\n`,
        )
        .join('') + 'data: [DONE]\n\n';
    const expected = events.replaceAll('"model":"fast-served"', '"model":"chat"');
    for (let cut = 1; cut < events.length; cut += 7) {
      const r = streamModelRewriter('fast-served', 'chat')!;
      const out = r.push(events.slice(0, cut)) + r.push(new TextEncoder().encode(events.slice(cut)));
      expect(out).toBe(expected);
    }
    expect(streamModelRewriter('same', 'same')).toBeUndefined();
  });
});

describe('standingHeaders', () => {
  it("writes OpenAI's remaining and reset headers from what the limiter reports, nothing when it reports nothing", () => {
    expect(standingHeaders(null)).toEqual({});
    expect(
      standingHeaders({ remainingRequests: 49, remainingTokens: 99_000, resetRequestsS: 60, resetTokensS: 12 }),
    ).toEqual({
      'x-ratelimit-remaining-requests': '49',
      'x-ratelimit-remaining-tokens': '99000',
      'x-ratelimit-reset-requests': '60s',
      'x-ratelimit-reset-tokens': '12s',
    });
    expect(
      standingHeaders({ remainingRequests: 0, remainingTokens: null, resetRequestsS: 3, resetTokensS: null }),
    ).toEqual({
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '3s',
    });
  });
});
