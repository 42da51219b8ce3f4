// The inbound adapters of OpenAI's own routes (chat, completions, embeddings, rerank): the body is
// already the common form, the target's answer is already the client's, and a stream is relayed
// as it comes (stream-response.ts).
import { GatewayError } from '../http-io';
import { assertWithinRequestBounds } from '../request-bounds';
import type { AnswerAdapter, InboundDialect, TargetRoute } from './inbound';
import { withTopLevelModel } from './answer-model';
import { lastTopLevelValue } from './json-scan';

/** The common checks of every route: a model group name and a boolean `stream`. */
export function requireModel(body: Record<string, unknown>): string {
  const model = body.model;
  if (typeof model !== 'string' || !model) {
    throw new GatewayError(
      400,
      'invalid_request_error',
      'The request needs a "model": the name of a model group (GET /v1/models lists them).',
      'missing_model',
      'model',
    );
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') {
    throw new GatewayError(400, 'invalid_request_error', '"stream" must be true or false.', 'invalid_type', 'stream');
  }
  return model;
}

/** The usage of an OpenAI-shaped answer (pooling routes report total_tokens only). */
export function usageOfAnswer(parsed: Record<string, unknown> | null): { prompt: number; completion: number } {
  const usage = (parsed?.usage ?? {}) as { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
  return { prompt: usage.prompt_tokens ?? usage.total_tokens ?? 0, completion: usage.completion_tokens ?? 0 };
}

/**
 * The usage of an OpenAI-shaped answer's text: its top-level `usage` object alone is parsed,
 * found from the end, where vLLM and OpenAI write it; the whole answer only when that match
 * cannot be shown to be the top-level one.
 */
export function usageOfAnswerText(text: string): { prompt: number; completion: number } {
  const at = lastTopLevelValue(text, 'usage');
  if (at === undefined) return usageOfAnswer(null);
  if (at === null) return usageOfAnswer(safeJson(text));
  return usageOfAnswer({ usage: safeJson(text.slice(at.start, at.end)) });
}

export function safeJson(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The target's answer is already the client's, with its `model` the name the client asked for. */
const asIs = (asked: string): AnswerAdapter => ({
  respond: (text) => ({ body: withTopLevelModel(text, asked), usage: usageOfAnswerText(text) }),
  streamLeg: () => null,
});

export function openAiDialect(route: TargetRoute): InboundDialect {
  return {
    route,
    parse(body) {
      assertWithinRequestBounds(route, body);
      const model = requireModel(body);
      if (route === 'chat/completions' && !Array.isArray(body.messages)) {
        throw new GatewayError(
          400,
          'invalid_request_error',
          '"messages" must be an array of chat messages.',
          'invalid_type',
          'messages',
        );
      }
      return {
        model,
        stream: body.stream === true,
        targetRoute: route,
        body,
        worstCaseRoute: route,
        vllmExtras: false,
        warnings: [],
        answer: asIs(model),
      };
    },
  };
}
