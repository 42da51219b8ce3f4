// The inbound adapter of Anthropic's Messages API (POST /v1/messages): the body becomes a chat
// request (dialects/messages-request.ts), the chat answer and stream become a Message and
// Anthropic's event stream. To an Anthropic target the client's body goes unchanged and its answer
// comes back unchanged, the usage read from it; its `anthropic-beta` flags go with it.
import type { IncomingHttpHeaders } from 'node:http';
import { createParser } from 'eventsource-parser';
import type { Principal } from '../auth';
import {
  chatToMessage,
  encodeMessagesEvents,
  messagesStreamFromChatSse,
  messagesToChatRequest,
} from '../dialects/anthropic-messages';
import type { ChatCompletionBody } from '../dialects/chat-types';
import { assertWithinRequestBounds } from '../request-bounds';
import type { Target } from '../routing/table';
import type { GatewayRuntime } from '../runtime';
import type { AnswerAdapter, InboundDialect, StreamLeg } from './inbound';
import { safeJson } from './openai-dialect';

const isAnthropic = (t: Target) => t.provider === 'anthropic';

type AnthropicUsage = { input_tokens?: number; output_tokens?: number } | undefined;

/** Anthropic's own stream, relayed byte for byte; its usage is read on the way. */
function nativeStreamLeg(): StreamLeg {
  let prompt: number | null = null;
  let completion = 0;
  let stopped = false;
  const parser = createParser({
    onEvent: (event) => {
      const parsed = safeJson(event.data) as {
        type?: string;
        message?: { usage?: AnthropicUsage };
        usage?: AnthropicUsage;
      } | null;
      const usage = parsed?.type === 'message_start' ? parsed.message?.usage : parsed?.usage;
      if (typeof usage?.input_tokens === 'number') prompt = usage.input_tokens;
      if (typeof usage?.output_tokens === 'number') completion = usage.output_tokens;
      if (parsed?.type === 'message_stop') stopped = true;
    },
  });
  return {
    begin: () => '',
    write(text) {
      parser.feed(text);
      return text;
    },
    end: () => '',
    fail: (message) =>
      `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message } })}\n\n`,
    usage: () => ({ prompt, completion }),
    finished: () => stopped,
  };
}

/**
 * The Messages dialect for one request: the client's `anthropic-beta` flags go with its body to an
 * Anthropic target (they turn on the features the body uses); other targets never see them.
 */
export function messagesDialectFor(headers: IncomingHttpHeaders): InboundDialect {
  const beta = headers['anthropic-beta'];
  const flags = Array.isArray(beta) ? beta.join(',') : beta;
  return flags
    ? { ...messagesDialect, parse: (body, rt, principal) => withBeta(body, rt, principal, flags) }
    : messagesDialect;
}

function withBeta(body: Record<string, unknown>, rt: GatewayRuntime, principal: Principal, flags: string) {
  const request = messagesDialect.parse(body, rt, principal);
  return { ...request, native: { ...request.native!, headers: { 'anthropic-beta': flags } } };
}

export const messagesDialect: InboundDialect = {
  route: 'messages',
  parse(body) {
    const { chat, stopSequences, warnings } = messagesToChatRequest(body, { vllmExtras: true });
    const common = chat as unknown as Record<string, unknown>;
    assertWithinRequestBounds('chat/completions', common);
    const model = chat.model as string;
    const answer: AnswerAdapter = {
      respond(text, ctx) {
        if (isAnthropic(ctx.target)) {
          const usage = (safeJson(text)?.usage ?? {}) as AnthropicUsage;
          return { body: text, usage: { prompt: usage?.input_tokens ?? 0, completion: usage?.output_tokens ?? 0 } };
        }
        const completion = JSON.parse(text) as ChatCompletionBody;
        const message = chatToMessage(completion, { model, stopSequences, promptTokens: ctx.promptEstimate });
        return {
          body: JSON.stringify(message),
          usage: { prompt: message.usage.input_tokens, completion: message.usage.output_tokens },
        };
      },
      streamLeg(ctx) {
        if (isAnthropic(ctx.target)) return nativeStreamLeg();
        const { sse, translator } = messagesStreamFromChatSse({
          model,
          stopSequences,
          promptTokens: ctx.promptEstimate,
        });
        return {
          begin: () => '',
          write: (text) => sse.write(text),
          end: () => sse.end(),
          fail: (message) => sse.fail(message),
          usage: () => ({ prompt: translator.usage.inputTokens, completion: translator.usage.outputTokens }),
          finished: () => translator.done && translator.sawFinishReason,
          keepAlive: () => encodeMessagesEvents(translator.ping()),
        };
      },
    };
    return {
      model,
      stream: chat.stream === true,
      targetRoute: 'chat/completions',
      body: common,
      worstCaseRoute: 'chat/completions',
      native: { provider: 'anthropic', body },
      vllmExtras: true,
      warnings,
      answer,
    };
  },
};
