// The inbound adapter of OpenAI's Responses API (POST /v1/responses): the body becomes a chat
// request (dialects/responses-request.ts, earlier turns read from the response store for
// previous_response_id), the chat answer and stream become a Response and its event stream. With
// `store: true` (the default) the turn's input and the final Response are kept for the next turn.
import type { Principal } from '../auth';
import { ChatSseTranslation } from '../dialects/chat-sse';
import type { ChatCompletionBody } from '../dialects/chat-types';
import {
  chatToResponse,
  type ResponsesStreamEvent,
  ResponsesStreamTranslator,
  responsesToChatRequest,
  type WireResponse,
} from '../dialects/openai-responses';
import { assertWithinRequestBounds } from '../request-bounds';
import type { GatewayRuntime } from '../runtime';
import type { AnswerAdapter, InboundDialect } from './inbound';

/** A stored response may be read (and continued) by the key that made it, and by the master key. */
export function readableBy(stored: { keyId: string | null }, principal: Principal): boolean {
  return principal.isMaster || stored.keyId === principal.keyId;
}

export const responsesDialect: InboundDialect = {
  route: 'responses',
  parse(body, rt: GatewayRuntime, principal: Principal) {
    const translated = responsesToChatRequest(body, {
      vllmExtras: true,
      previousResponse: (id) => {
        const stored = rt.store.responses.get(id);
        if (!stored || !readableBy(stored, principal)) return null;
        return { input: stored.input, output: (stored.response.output ?? []) as Array<Record<string, unknown>> };
      },
    });
    const { chat, echo, inputItems } = translated;
    const common = chat as unknown as Record<string, unknown>;
    assertWithinRequestBounds('chat/completions', common);
    const model = chat.model as string;
    // A response to be stored has an id from the store: it says where the store will write it.
    const id = echo.store ? rt.store.responses.newId() : undefined;
    const store = (response: WireResponse, responseJson?: string | Buffer) => {
      if (!echo.store) return;
      rt.store.responses.put({
        id: response.id,
        keyId: principal.keyId,
        createdAt: rt.clock.now(),
        input: inputItems as Array<Record<string, unknown>>,
        response: response as unknown as Record<string, unknown>,
        responseJson,
      });
    };
    const answer: AnswerAdapter = {
      respond(text, ctx) {
        const completion = JSON.parse(text) as ChatCompletionBody;
        const createdAt = Math.floor(ctx.startedAt / 1000);
        const response = chatToResponse(completion, {
          id,
          model,
          echo,
          createdAt,
          completedAt: Math.floor(rt.clock.now() / 1000),
          promptTokens: ctx.promptEstimate,
        });
        // Encoded once: the same bytes are the answer and the stored line's Response.
        const body = Buffer.from(JSON.stringify(response));
        store(response, body);
        const usage = response.usage;
        return {
          body,
          usage: { prompt: usage?.input_tokens ?? 0, completion: usage?.output_tokens ?? 0 },
        };
      },
      streamLeg(ctx) {
        const translator = new ResponsesStreamTranslator({
          id,
          model,
          echo,
          createdAt: Math.floor(ctx.startedAt / 1000),
          promptTokens: ctx.promptEstimate,
          now: () => rt.clock.now(),
        });
        const sse = new ChatSseTranslation(translator, (events: ResponsesStreamEvent[]) => translator.encode(events));
        return {
          begin: () => translator.encode(translator.begin()),
          write: (text) => sse.write(text),
          end: () => sse.end(),
          fail: (message) => sse.fail(message),
          usage: () => ({ prompt: translator.usage.inputTokens, completion: translator.usage.outputTokens }),
          finished: () => translator.done && translator.sawFinishReason,
          settle: () => {
            // Stored as the text the client got in the closing event (serialised once, when it was sent).
            const final = translator.final;
            if (final) store(final, translator.json.of(final));
          },
        };
      },
    };
    return {
      model,
      stream: chat.stream === true,
      targetRoute: 'chat/completions',
      body: common,
      worstCaseRoute: 'chat/completions',
      vllmExtras: true,
      warnings: translated.warnings,
      answer,
    };
  },
};
