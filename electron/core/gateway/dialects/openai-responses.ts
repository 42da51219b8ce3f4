// The OpenAI Responses dialect (POST /v1/responses) as the gateway calls it: request → chat
// request (with the hook for previous_response_id), chat.completion → Response, chat chunks →
// the Responses event stream. Errors on this route keep OpenAI's shape, as on chat.
import { ChatSseTranslation } from './chat-sse';
import { type ResponsesStreamEvent, type ResponsesStreamOptions, ResponsesStreamTranslator } from './responses-stream';

export {
  type PriorResponse,
  type ResponseEcho,
  type ResponsesTranslationOptions,
  responsesToChatRequest,
  type TranslatedResponsesRequest,
} from './responses-request';
export {
  chatToResponse,
  type ResponseOptions,
  responseUsageOf,
  statusOf,
  type WireResponse,
} from './responses-response';
export {
  encodeResponsesEvents,
  type ResponsesStreamEvent,
  type ResponsesStreamOptions,
  ResponsesStreamTranslator,
} from './responses-stream';

/**
 * The whole stream leg for one request: feed it the target's SSE text (`write`, then `end` or
 * `fail`) and send what it returns. `translator.begin()` may be sent before the target answers;
 * `translator.usage` has the tokens to charge; the final event's `response` is what to store.
 */
export function responsesStreamFromChatSse(options: ResponsesStreamOptions): {
  sse: ChatSseTranslation<ResponsesStreamEvent>;
  translator: ResponsesStreamTranslator;
} {
  const translator = new ResponsesStreamTranslator(options);
  return { sse: new ChatSseTranslation(translator, (events) => translator.encode(events)), translator };
}
