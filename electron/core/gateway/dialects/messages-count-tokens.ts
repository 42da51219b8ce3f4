// POST /v1/messages/count_tokens without the target's tokenizer: the gateway asks the target's
// /tokenize when it has one; this is the fallback, the same estimate routing uses (text at about
// four bytes a token, a few template tokens per message) with images counted from their pixels.
import type { MessageTokensCount } from '@anthropic-ai/sdk/resources/messages';
import { likelyTokens, promptSize } from '../token-estimate';
import type { ChatContentPart, ChatRequest } from './chat-types';
import { imagePartTokens } from './image-tokens';
import { countTokensToChatRequest } from './messages-request';

/**
 * The instructions a chat template wraps around the tool list ("You may call one or more
 * functions… <tools></tools> … <tool_call>"): about 150 tokens in hermes-style templates.
 */
const TOOL_PREAMBLE_TOKENS = 150;

/** Likely prompt tokens of a chat request, each image by its pixel size rather than its bytes. */
export function likelyChatPromptTokens(chat: Pick<ChatRequest, 'messages' | 'tools'>): number {
  let images = 0;
  const messages = chat.messages.map((m) => {
    if (!Array.isArray(m.content)) return m;
    const parts = (m.content as ChatContentPart[]).filter((p) => {
      const image = imagePartTokens(p);
      if (image) images += image.likely;
      return !image;
    });
    return { ...m, content: parts };
  });
  const preamble = chat.tools?.length ? TOOL_PREAMBLE_TOKENS : 0;
  return likelyTokens(promptSize({ messages, tools: chat.tools })) + images + preamble;
}

/** The count_tokens answer for a Messages body; throws a 400 naming the bad field. */
export function estimateMessagesTokens(body: unknown): MessageTokensCount {
  const { chat } = countTokensToChatRequest(body);
  return { input_tokens: likelyChatPromptTokens(chat) };
}
