// The Anthropic Messages dialect (POST /v1/messages, /v1/messages/count_tokens) as the gateway
// calls it: request → chat request, chat.completion → Message, chat chunks → Anthropic's event
// stream, gateway errors → Anthropic's error body, and the count_tokens fallback estimate.
import { ChatSseTranslation } from './chat-sse';
import {
  encodeMessagesEvents,
  type MessagesStreamEvent,
  type MessagesStreamOptions,
  MessagesStreamTranslator,
} from './messages-stream';

export { estimateMessagesTokens, likelyChatPromptTokens } from './messages-count-tokens';
export {
  type AnthropicErrorBody,
  type AnthropicErrorType,
  anthropicErrorBody,
  anthropicErrorType,
  openAiErrorOf,
} from './messages-errors';
export {
  countTokensToChatRequest,
  type MessagesTranslationOptions,
  messagesToChatRequest,
  type TranslatedMessagesRequest,
} from './messages-request';
export { chatToMessage, type MessageResponseOptions, stopReasonOf, toolInputOf } from './messages-response';
export {
  encodeMessagesEvents,
  type MessagesStreamEvent,
  type MessagesStreamOptions,
  MessagesStreamTranslator,
} from './messages-stream';

/**
 * The whole stream leg for one request: feed it the target's SSE text (`write`, then `end` or
 * `fail`) and send what it returns to the client. `translator.usage` has the tokens to charge.
 */
export function messagesStreamFromChatSse(options: MessagesStreamOptions): {
  sse: ChatSseTranslation<MessagesStreamEvent>;
  translator: MessagesStreamTranslator;
} {
  const translator = new MessagesStreamTranslator(options);
  return { sse: new ChatSseTranslation(translator, encodeMessagesEvents), translator };
}
