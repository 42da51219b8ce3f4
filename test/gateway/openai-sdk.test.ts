// The official openai SDK, unchanged but for baseURL and key, through the gateway to simulators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MASTER_KEY,
  simEndpoint,
  simGroup,
  startGatewayFixture,
  startSims,
  type GatewayFixture,
} from '../support/gateway-fixture';

let f: GatewayFixture;
beforeAll(async () => {
  const sims = await startSims({
    chatA: { model: 'Qwen/Qwen3-0.6B', servedModelNames: ['qwen-a'], ttftMs: 2, itlMs: 1, maxModelLen: 4096 },
    chatB: { model: 'Qwen/Qwen3-0.6B', servedModelNames: ['qwen-b'], ttftMs: 2, itlMs: 1, maxModelLen: 4096 },
    embed: { model: 'BAAI/bge-small-en-v1.5', runner: 'pooling', embeddingDim: 384 },
  });
  f = await startGatewayFixture(
    (fx) => {
      simEndpoint(fx, 'chatA', { maxModelLen: 4096 });
      simEndpoint(fx, 'chatB', { maxModelLen: 4096 });
      simEndpoint(fx, 'embed');
      return {
        groups: [
          simGroup('chat', [
            { sim: 'chatA', weight: 3 },
            { sim: 'chatB', weight: 1 },
          ]),
          simGroup('embeddings', [{ sim: 'embed' }]),
        ],
        aliases: { 'gpt-4o-mini': 'chat' },
      };
    },
    sims,
    { random: seededRandom(42) },
  );
});
afterAll(() => f?.close());

/** A fixed sequence, so the weighted split below is the same on every run. */
function seededRandom(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('openai SDK through the gateway', () => {
  it('chat completion, with the routing headers', async () => {
    const { data, response } = await f
      .client()
      .chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 12 })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0].message.content!.length).toBeGreaterThan(0);
    expect(data.usage!.completion_tokens).toBeGreaterThan(0);
    expect(['chatA', 'chatB']).toContain(response.headers.get('x-switchyard-deployment'));
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(response.headers.get('x-switchyard-cost-usd')).toBe('0.00000000');
  });

  it('streamed chat with usage, chunk by chunk', async () => {
    const stream = await f.client().chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'Count to five' }],
      max_tokens: 20,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let usage: { completion_tokens: number } | undefined;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text.length).toBeGreaterThan(0);
    expect(usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('a stream without include_usage gets no usage chunk, yet the gateway logs the tokens', async () => {
    const stream = await f.client().chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 8,
      stream: true,
    });
    let sawUsage = false;
    for await (const chunk of stream) if (chunk.usage) sawUsage = true;
    expect(sawUsage).toBe(false);
    f.rt.writer.flush();
    const [row] = f.store.requestLog.recent(1);
    expect(row.completionTokens).toBeGreaterThan(0);
    expect(row.promptTokens).toBeGreaterThan(0);
    expect(row.ttftMs).not.toBeNull();
  });

  it('completions and embeddings', async () => {
    const completion = await f
      .client()
      .completions.create({ model: 'chat', prompt: 'Once upon a time', max_tokens: 10 });
    expect(completion.object).toBe('text_completion');
    expect(completion.choices[0].text.length).toBeGreaterThan(0);
    const embedding = await f.client().embeddings.create({ model: 'embeddings', input: ['hello world', 'goodbye'] });
    expect(embedding.data).toHaveLength(2);
    expect(embedding.data[0].embedding).toHaveLength(384);
  });

  it('an alias reaches its group, and /v1/models lists the groups', async () => {
    const data = await f
      .client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], max_tokens: 4 });
    expect(data.choices).toHaveLength(1);
    const models = await f.client().models.list();
    expect(models.data.map((m) => m.id).sort()).toEqual(['chat', 'embeddings']);
  });

  it('weights 3:1 split traffic near 3:1', async () => {
    const counts: Record<string, number> = { chatA: 0, chatB: 0 };
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        const { response } = await f
          .client()
          .chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], max_tokens: 2 })
          .withResponse();
        counts[response.headers.get('x-switchyard-deployment')!] += 1;
      }),
    );
    expect(counts.chatA + counts.chatB).toBe(200);
    expect(counts.chatA / counts.chatB).toBeGreaterThan(2);
    expect(counts.chatA / counts.chatB).toBeLessThan(4.5);
  });

  it('a virtual key sees only its models', async () => {
    const { key } = f.store.keys.create({ models: ['embeddings'] });
    f.rt.reload();
    expect((await f.client(key).models.list()).data.map((m) => m.id)).toEqual(['embeddings']);
    const err = await f
      .client(key)
      .chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(err.status).toBe(403);
    expect(err.error.type).toBe('permission_error');
  });
});

describe('bad input never crashes the gateway: OpenAI-shaped 4xx', () => {
  const post = (
    path: string,
    body: string | Buffer,
    headers: Record<string, string> = { authorization: `Bearer ${MASTER_KEY}` },
  ) => fetch(`${f.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const expectError = async (res: Response, status: number, type: string, message: RegExp) => {
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { message: string; type: string; code: string; param: string | null } };
    expect(body.error.type).toBe(type);
    expect(body.error.message).toMatch(message);
    return body.error;
  };

  it('malformed JSON → 400', async () => {
    await expectError(
      await post('/v1/chat/completions', '{"model": "chat", "messages": ['),
      400,
      'invalid_request_error',
      /not valid JSON/,
    );
  });
  it('wrong types → 400 naming the field', async () => {
    const e = await expectError(
      await post('/v1/chat/completions', JSON.stringify({ model: 'chat', messages: 'hello' })),
      400,
      'invalid_request_error',
      /messages/,
    );
    expect(e.param).toBe('messages');
    await expectError(
      await post('/v1/chat/completions', JSON.stringify({ model: 42, messages: [] })),
      400,
      'invalid_request_error',
      /model/,
    );
    await expectError(
      await post('/v1/chat/completions', JSON.stringify({ model: 'chat', messages: [], stream: 'yes' })),
      400,
      'invalid_request_error',
      /stream/,
    );
    await expectError(await post('/v1/chat/completions', '[1,2,3]'), 400, 'invalid_request_error', /JSON object/);
  });
  it('a huge body → 413', async () => {
    const huge = Buffer.alloc(21 * 1024 * 1024, 'a');
    const res = await post('/v1/chat/completions', huge).catch((e) => e);
    if (res instanceof Response) await expectError(res, 413, 'invalid_request_error', /larger than/);
    else expect(String(res)).toMatch(/fetch failed|EPIPE|reset/i); // the connection may close before the body is sent
  });
  it('unknown model → 404 with what to do', async () => {
    const e = await expectError(
      await post('/v1/chat/completions', JSON.stringify({ model: 'gpt-9', messages: [] })),
      404,
      'invalid_request_error',
      /`gpt-9` does not exist.*\/v1\/models/,
    );
    expect(e.code).toBe('model_not_found');
  });
  it('missing or wrong key → 401', async () => {
    await expectError(await post('/v1/chat/completions', '{}', {}), 401, 'authentication_error', /No API key/);
    await expectError(
      await post('/v1/chat/completions', '{}', { authorization: 'Bearer sk-wrong' }),
      401,
      'authentication_error',
      /Unknown API key/,
    );
    await expectError(
      await post('/v1/chat/completions', '{}', { 'x-api-key': 'sk-wrong' }),
      401,
      'authentication_error',
      /Unknown API key/,
    );
  });
  it('unsupported parameters are refused by the engine and passed on as 400', async () => {
    const e = await expectError(
      await post(
        '/v1/chat/completions',
        JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'x' }], temperature: -3 }),
      ),
      400,
      'invalid_request_error',
      /refused the request/,
    );
    expect(e.message.length).toBeGreaterThan(25);
  });
  it('unknown routes and wrong methods → 404 / 405', async () => {
    await expectError(await fetch(`${f.url}/v2/nothing`), 404, 'not_found_error', /No route/);
    await expectError(await fetch(`${f.url}/v1/chat/completions`), 405, 'invalid_request_error', /takes POST/);
  });
  it('still serves after all that', async () => {
    expect((await fetch(`${f.url}/health`)).status).toBe(200);
    const data = await f
      .client()
      .chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], max_tokens: 2 });
    expect(data.choices).toHaveLength(1);
  });
});
