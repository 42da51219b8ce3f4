// Checks made before a request is routed, so a bad request is told what is wrong with it (the
// field named, as vLLM does) instead of every target refusing it in turn and the client reading
// "no deployment could serve…". The type and range checks of every count are in
// request-bounds.ts; these are the ones vLLM makes that need the route or the routing table.
import { GatewayError } from '../http-io';
import type { Target } from '../routing/table';
import type { CommonRequest, TargetRoute } from './inbound';

const given = (v: unknown) => v !== undefined && v !== null;

const invalid = (param: string, message: string, code = 'invalid_value') =>
  new GatewayError(400, 'invalid_request_error', message, code, param);

/** What vLLM refuses on its own OpenAI routes, named by field; throws the first problem found. */
export function assertValidOpenAiBody(route: TargetRoute, body: Record<string, unknown>): void {
  if (route === 'chat/completions' && Array.isArray(body.messages) && body.messages.length === 0)
    throw invalid('messages', '"messages" is empty: send at least one message ({"role": "user", "content": "…"}).');
  if (route === 'chat/completions' || route === 'completions') {
    for (const field of ['max_tokens', 'max_completion_tokens']) {
      const v = body[field];
      if (v === 0) throw invalid(field, `"${field}" must be at least 1, got 0.`);
    }
  }
  if (route === 'completions' && !given(body.prompt))
    throw invalid('prompt', 'The request needs a "prompt": a string, strings or token ids.', 'missing_field');
  if (route === 'completions' && Array.isArray(body.prompt) && body.prompt.length === 0)
    throw invalid('prompt', '"prompt" is empty: send a string, strings or token ids.');
  if (route === 'embeddings') {
    if (!given(body.input))
      throw invalid('input', 'The request needs an "input": a string, strings or token ids.', 'missing_field');
    if (body.input === '' || (Array.isArray(body.input) && body.input.length === 0))
      throw invalid('input', '"input" is empty: send a string, strings or token ids to embed.');
  }
  if (route === 'rerank') {
    if (typeof body.query !== 'string')
      throw invalid('query', 'The request needs a "query": the text to rank the documents against.', 'missing_field');
    if (!Array.isArray(body.documents))
      throw invalid(
        'documents',
        'The request needs "documents": an array of strings (or {"text": …}).',
        'missing_field',
      );
  }
}

/** The answer length asked for on a generating route, or null. */
function askedMaxTokens(body: Record<string, unknown>): { field: string; value: number } | null {
  for (const field of ['max_completion_tokens', 'max_tokens']) {
    const v = body[field];
    if (typeof v === 'number') return { field, value: v };
  }
  return null;
}

/**
 * Once the group is known, before anything is held or sent: a client's own OpenAI body that vLLM
 * would refuse, and an answer longer than every reachable target's whole context (it can never
 * be served; said with the largest context, when every target's is known). Translated dialects
 * build valid bodies and have their max tokens lowered to fit (send.ts), so they are left alone.
 */
export function assertServableRequest(request: CommonRequest, targets: Target[]): void {
  if (request.vllmExtras) return;
  // A client's own OpenAI body (translated ones are built valid): checked once its model is known.
  assertValidOpenAiBody(request.targetRoute, request.body);
  if (targets.length === 0) return;
  if (request.targetRoute !== 'chat/completions' && request.targetRoute !== 'completions') return;
  const asked = askedMaxTokens(request.body);
  if (!asked) return;
  let largest = 0;
  for (const t of targets) {
    if (t.maxModelLen == null) return;
    if (t.maxModelLen > largest) largest = t.maxModelLen;
  }
  if (asked.value > largest)
    throw new GatewayError(
      400,
      'invalid_request_error',
      `${asked.field} ${asked.value} is more than any target's context (largest: ${largest}): ask for at most ${largest} tokens less the prompt.`,
      'context_length_exceeded',
      asked.field,
    );
}
