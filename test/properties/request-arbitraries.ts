// Random valid request bodies for the gateway's OpenAI routes, as fast-check arbitraries: chat
// (messages as strings or text parts, n, every max-tokens variant, streams with and without usage,
// tools), completions (string, strings, token ids, lists of token ids; n, best_of, echo) and the
// pooling routes (embeddings inputs of every shape, rerank). Sizes stay well inside the targets'
// contexts, so the engine accepts them and the comparison is with real usage.
import fc from 'fast-check';

export interface GatewayRequest {
  path: '/v1/chat/completions' | '/v1/completions' | '/v1/embeddings' | '/v1/rerank';
  body: Record<string, unknown>;
}

const text = (maxLength: number) =>
  fc.oneof(
    fc.string({ minLength: 1, maxLength }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.ceil(maxLength / 3) }),
    fc.lorem({ maxCount: Math.max(1, Math.floor(maxLength / 8)) }).filter((s) => s.length > 0),
  );

/** Every way a client bounds (or does not bound) the output. */
const maxTokens = (bounded: boolean) => {
  const n = fc.integer({ min: 1, max: 48 });
  const given = [
    n.map((v) => ({ max_tokens: v })),
    n.map((v) => ({ max_completion_tokens: v })),
    fc.tuple(n, n).map(([a, b]) => ({ max_tokens: a, max_completion_tokens: b })),
  ];
  return bounded ? fc.oneof(...given) : fc.oneof(...given, fc.constant({}), fc.constant({ max_tokens: null }));
};

const streaming = fc.oneof(
  fc.constant({}),
  fc.constant({ stream: true }),
  fc.constant({ stream: true, stream_options: { include_usage: true } }),
);

const tool = fc.record({
  type: fc.constant('function'),
  function: fc.record({
    name: fc.constantFrom('get_weather', 'read_file', 'search'),
    description: text(60),
    parameters: fc.constant({
      type: 'object',
      properties: { query: { type: 'string' }, limit: { type: 'integer' } },
      required: ['query'],
    }),
  }),
});

const content = fc.oneof(
  text(160),
  fc.array(
    text(80).map((t) => ({ type: 'text', text: t })),
    { minLength: 1, maxLength: 3 },
  ),
);

/** An earlier agent turn: the assistant's tool call and the tool's answer. */
const toolRoundTrip = fc
  .record({ name: fc.constantFrom('get_weather', 'search'), query: text(40), answer: text(160) })
  .map(({ name, query, answer }) => [
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: JSON.stringify({ query }) } }],
    },
    { role: 'tool', tool_call_id: 'call_1', content: answer },
  ]);

export const chatRequest = (model: string, bounded = false) =>
  fc
    .record({
      messages: fc.array(fc.record({ role: fc.constantFrom('system', 'user', 'assistant'), content }), {
        minLength: 1,
        maxLength: 4,
      }),
      n: fc.integer({ min: 1, max: 3 }),
      limits: maxTokens(bounded),
      stream: streaming,
      tools: fc.option(fc.array(tool, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      roundTrip: fc.option(toolRoundTrip, { nil: undefined }),
      ignoreEos: fc.boolean(),
    })
    .map(({ messages, n, limits, stream, tools, roundTrip, ignoreEos }): GatewayRequest => {
      const hasBound = Object.values(limits).some((v) => typeof v === 'number');
      return {
        path: '/v1/chat/completions',
        body: {
          model,
          messages: [...messages, ...(roundTrip ?? []), { role: 'user', content: 'go on' }],
          n,
          ...limits,
          ...stream,
          ...(tools ? { tools } : {}),
          // Forcing the full length only where it is bounded keeps each run short.
          ...(ignoreEos && hasBound ? { ignore_eos: true } : {}),
        },
      };
    });

const tokenIds = fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 60 });

export const completionRequest = (model: string, bounded = false) =>
  fc
    .record({
      prompt: fc.oneof(
        text(200),
        fc.array(text(80), { minLength: 1, maxLength: 4 }),
        tokenIds,
        fc.array(tokenIds, { minLength: 1, maxLength: 3 }),
      ),
      n: fc.integer({ min: 1, max: 3 }),
      bestOf: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      limits: maxTokens(bounded),
      stream: streaming,
      echo: fc.boolean(),
      ignoreEos: fc.boolean(),
    })
    .map(
      ({ prompt, n, bestOf, limits, stream, echo, ignoreEos }): GatewayRequest => ({
        path: '/v1/completions',
        body: {
          model,
          prompt,
          n,
          ...(bestOf ? { best_of: Math.max(bestOf, n) } : {}),
          ...limits,
          ...stream,
          ...(echo ? { echo } : {}),
          ...(ignoreEos && 'max_tokens' in limits && limits.max_tokens != null ? { ignore_eos: true } : {}),
        },
      }),
    );

export const embeddingRequest = (model: string) =>
  fc
    .oneof(
      text(200),
      fc.array(text(60), { minLength: 1, maxLength: 5 }),
      tokenIds,
      fc.array(tokenIds, { maxLength: 3, minLength: 1 }),
    )
    .map((input): GatewayRequest => ({ path: '/v1/embeddings', body: { model, input } }));

export const rerankRequest = (model: string) =>
  fc
    .record({ query: text(80), documents: fc.array(text(120), { minLength: 1, maxLength: 5 }) })
    .map(({ query, documents }): GatewayRequest => ({ path: '/v1/rerank', body: { model, query, documents } }));

/** The seed of this run: FC_SEED to replay one, else a fresh one (printed either way). */
export function runSeed(suite: string): number {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
  console.log(`${suite}: fast-check seed ${seed} (replay with FC_SEED=${seed})`);
  return seed;
}
