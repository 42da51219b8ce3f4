import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from './http-io';
import { assertWithinRequestBounds, REQUEST_BOUNDS, requestBoundsViolation } from './request-bounds';

const chat = (extra: Record<string, unknown>) => ({
  model: 'chat',
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});
const chatProblem = (extra: Record<string, unknown>) => requestBoundsViolation('chat/completions', chat(extra));
const completionProblem = (extra: Record<string, unknown>) =>
  requestBoundsViolation('completions', { model: 'm', prompt: 'hi', ...extra });

describe('finding 7: counts in a request are bounded', () => {
  it('accepts ordinary requests of every route', () => {
    expect(chatProblem({})).toBeNull();
    expect(
      chatProblem({
        n: 4,
        max_tokens: 256,
        max_completion_tokens: 256,
        logprobs: true,
        top_logprobs: 5,
        stop: ['\n\n', 'END'],
        stop_token_ids: [2],
        logit_bias: { '50256': -100, '11': 5.5 },
        seed: -7,
        tools: [{ type: 'function', function: { name: 'f' } }],
        messages: [
          { role: 'system', content: null },
          { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        ],
        n_ignored_null: null,
        best_of: null,
      }),
    ).toBeNull();
    expect(completionProblem({ prompt: ['a', 'b'], n: 2, best_of: 3, logprobs: 5, stop: 'x' })).toBeNull();
    expect(completionProblem({ prompt: [1, 2, 3] })).toBeNull();
    expect(completionProblem({ prompt: [[1, 2], [3]], max_tokens: 0 })).toBeNull();
    expect(requestBoundsViolation('embeddings', { model: 'e', input: ['a', 'b'] })).toBeNull();
    expect(requestBoundsViolation('embeddings', { model: 'e', input: [[1, 2]] })).toBeNull();
    expect(requestBoundsViolation('rerank', { model: 'r', query: 'q', documents: ['a', 'b'], top_n: 1 })).toBeNull();
  });

  it('refuses n=9007199254740993 (which once ran the process out of memory), naming the field and the limit', () => {
    const body = JSON.parse('{"model":"chat","messages":[{"role":"user","content":"hi"}],"n":9007199254740993}');
    expect(requestBoundsViolation('chat/completions', body)).toEqual({
      param: 'n',
      code: 'out_of_range',
      message: '"n" must be from 1 to 128; got 9007199254740992.',
    });
    expect(chatProblem({ n: 129 })).toEqual({
      param: 'n',
      code: 'out_of_range',
      message: '"n" must be from 1 to 128; got 129.',
    });
    expect(chatProblem({ n: 128 })).toBeNull();
  });

  it('refuses wrong types of the count fields with a 400 naming the field', () => {
    for (const n of ['ten', -1, 1.5, 0, true, [], {}])
      expect(chatProblem({ n }), JSON.stringify(n)).toMatchObject({ param: 'n' });
    expect(chatProblem({ n: 'ten' })?.message).toBe('"n" must be an integer; got "ten".');
    expect(chatProblem({ max_tokens: 'lots' })).toMatchObject({ param: 'max_tokens', code: 'invalid_type' });
    expect(chatProblem({ max_tokens: 2 ** 31 })).toMatchObject({ param: 'max_tokens', code: 'out_of_range' });
    expect(chatProblem({ max_completion_tokens: -5 })).toMatchObject({ param: 'max_completion_tokens' });
    expect(chatProblem({ logprobs: 3 })).toMatchObject({ param: 'logprobs', code: 'invalid_type' });
    expect(chatProblem({ seed: 1e300 })).toMatchObject({ param: 'seed' });
    expect(chatProblem({ messages: 'hi' })).toMatchObject({ param: 'messages', code: 'invalid_type' });
    expect(chatProblem({ messages: [null] })).toMatchObject({ param: 'messages[0]' });
    expect(chatProblem({ messages: [{ content: 'no role' }] })).toMatchObject({ param: 'messages[0]' });
    expect(chatProblem({ messages: [{ role: 'user', content: 7 }] })).toMatchObject({ param: 'messages[0]' });
    expect(chatProblem({ messages: [{ role: 'user', content: [1] }] })).toMatchObject({ param: 'messages[0]' });
    expect(chatProblem({ tools: {} })).toMatchObject({ param: 'tools' });
    expect(chatProblem({ tools: ['f'] })).toMatchObject({ param: 'tools[0]' });
    expect(chatProblem({ stop: 5 })).toMatchObject({ param: 'stop' });
    expect(chatProblem({ stop: ['a', 5] })).toMatchObject({ param: 'stop[1]' });
    expect(chatProblem({ stop_token_ids: [-1] })).toMatchObject({ param: 'stop_token_ids[0]' });
    expect(chatProblem({ logit_bias: [] })).toMatchObject({ param: 'logit_bias' });
    expect(chatProblem({ logit_bias: { abc: 1 } })).toMatchObject({ param: 'logit_bias' });
    expect(chatProblem({ logit_bias: { '1': 101 } })).toMatchObject({ param: 'logit_bias' });
    expect(chatProblem({ logit_bias: { '1': '5' } })).toMatchObject({ param: 'logit_bias' });
    expect(completionProblem({ prompt: 5 })).toMatchObject({ param: 'prompt' });
    expect(completionProblem({ prompt: [1.5] })).toMatchObject({ param: 'prompt[0]' });
    expect(completionProblem({ prompt: ['a', 1] })).toMatchObject({ param: 'prompt[1]' });
    expect(completionProblem({ prompt: [[1, -2]] })).toMatchObject({ param: 'prompt[0]' });
    expect(completionProblem({ logprobs: true })).toMatchObject({ param: 'logprobs' });
    expect(requestBoundsViolation('embeddings', { input: { a: 1 } })).toMatchObject({ param: 'input' });
    expect(requestBoundsViolation('rerank', { documents: 'a' })).toMatchObject({ param: 'documents' });
    expect(requestBoundsViolation('rerank', { documents: [], top_n: 'all' })).toMatchObject({ param: 'top_n' });
  });

  it('bounds logprobs, best_of, stop lists, tools, messages, prompts, logit_bias and documents', () => {
    const B = REQUEST_BOUNDS;
    const many = <T>(count: number, item: T) => Array.from({ length: count }, () => item);
    expect(chatProblem({ top_logprobs: 21 })).toMatchObject({ param: 'top_logprobs', code: 'out_of_range' });
    expect(chatProblem({ top_logprobs: 20 })).toBeNull();
    expect(completionProblem({ logprobs: 21 })).toMatchObject({ param: 'logprobs', code: 'out_of_range' });
    expect(completionProblem({ prompt_logprobs: 21 })).toMatchObject({ param: 'prompt_logprobs' });
    expect(completionProblem({ best_of: 129 })).toMatchObject({ param: 'best_of', code: 'out_of_range' });
    expect(completionProblem({ n: 4, best_of: 2 })).toMatchObject({ param: 'best_of', code: 'out_of_range' });
    expect(chatProblem({ stop: many(B.stopSequences + 1, 'x') })).toMatchObject({ param: 'stop' });
    expect(chatProblem({ stop: many(B.stopSequences, 'x') })).toBeNull();
    expect(chatProblem({ stop: 'x'.repeat(B.stopChars + 1) })).toMatchObject({ param: 'stop' });
    expect(chatProblem({ stop: ['a', 'x'.repeat(B.stopChars + 1)] })).toMatchObject({ param: 'stop[1]' });
    expect(chatProblem({ stop_token_ids: many(B.tokenLists + 1, 1) })).toMatchObject({ param: 'stop_token_ids' });
    expect(chatProblem({ tools: many(B.tools + 1, { type: 'function' }) })).toMatchObject({ param: 'tools' });
    expect(chatProblem({ functions: many(B.tools + 1, { name: 'f' }) })).toMatchObject({ param: 'functions' });
    expect(chatProblem({ messages: many(B.messages + 1, { role: 'user', content: 'x' }) })).toMatchObject({
      param: 'messages',
      code: 'out_of_range',
    });
    expect(
      chatProblem({ messages: [{ role: 'user', content: many(B.contentParts + 1, { type: 'text', text: 'x' }) }] }),
    ).toMatchObject({ param: 'messages[0].content' });
    expect(completionProblem({ prompt: many(B.prompts + 1, 'x') })).toMatchObject({ param: 'prompt' });
    expect(requestBoundsViolation('embeddings', { input: many(B.prompts + 1, 'x') })).toMatchObject({
      param: 'input',
    });
    const bias = Object.fromEntries(Array.from({ length: B.logitBias + 1 }, (_, i) => [String(i), 1]));
    expect(chatProblem({ logit_bias: bias })).toMatchObject({ param: 'logit_bias', code: 'out_of_range' });
    expect(requestBoundsViolation('rerank', { documents: many(B.documents + 1, 'd') })).toMatchObject({
      param: 'documents',
    });
    expect(requestBoundsViolation('score', { text_1: 'q', text_2: many(B.documents + 1, 'd') })).toMatchObject({
      param: 'text_2',
    });
    expect(requestBoundsViolation('score', { text_1: 'q', text_2: ['a', 'b'] })).toBeNull();
  });

  it('bounds the sequences one request starts: prompts × max(n, best_of)', () => {
    const prompts = Array.from({ length: 16 }, () => 'p');
    expect(completionProblem({ prompt: prompts, n: 64 })).toBeNull();
    const problem = completionProblem({ prompt: prompts, n: 65 });
    expect(problem).toMatchObject({ param: 'n', code: 'out_of_range' });
    expect(problem?.message).toContain('1040 sequences');
    expect(completionProblem({ prompt: prompts, n: 2, best_of: 65 })).toMatchObject({ param: 'best_of' });
    // A token-id prompt is one prompt, not one per token.
    expect(completionProblem({ prompt: Array.from({ length: 3000 }, () => 1), n: 128 })).toBeNull();
  });

  it('holds for any integer n: inside 1..128 passes, outside is refused naming n', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), (n) => {
        const problem = chatProblem({ n });
        if (n >= 1 && n <= REQUEST_BOUNDS.n) expect(problem).toBeNull();
        else expect(problem?.param).toBe('n');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON in any field, and names a field whenever it refuses', () => {
    const fields = ['n', 'best_of', 'max_tokens', 'logprobs', 'top_logprobs', 'stop', 'tools', 'messages', 'prompt'];
    fc.assert(
      fc.property(
        fc.constantFrom('chat/completions', 'completions', 'embeddings', 'rerank' as const),
        fc.dictionary(fc.constantFrom(...fields, 'input', 'documents', 'logit_bias', 'top_n'), fc.jsonValue()),
        (route, body) => {
          const problem = requestBoundsViolation(route, body);
          if (problem) expect(problem.param.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('throws the 400 in OpenAI terms', () => {
    let error: unknown;
    try {
      assertWithinRequestBounds('chat/completions', chat({ n: 'ten' }));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'n', code: 'invalid_type' });
  });
});
