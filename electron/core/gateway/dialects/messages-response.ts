// chat.completion → Anthropic Message: thinking, then text, then one tool_use block per tool
// call; the stop reason and usage in Anthropic's terms. `model` is what the client asked for.
import { createHash } from 'node:crypto';
import type { ContentBlock, Message, StopReason, Usage } from '@anthropic-ai/sdk/resources/messages';
import { type ChatCompletionBody, type ChatUsage, reasoningOf } from './chat-types';
import { randomBase64url } from './random-id';

export const messageId = () => `msg_${randomBase64url(12)}`;
export const toolUseId = () => `toolu_${randomBase64url(12)}`;

/**
 * The `signature` of a thinking block. Anthropic's is an opaque base64 value that clients keep and
 * send back with the block; Claude Code and the SDKs expect one to be there. A target behind the
 * chat route has none, so the gateway makes one from the thinking text (base64 of its SHA-256): not
 * empty, the same for the same text, and never checked when it comes back (the text is what goes
 * to the target).
 */
export const thinkingSignature = (thinking: string): string => createHash('sha256').update(thinking).digest('base64');

/**
 * A chat finish reason in Anthropic's terms. vLLM names the stop string it matched in
 * `stop_reason`; when that is one of the client's stop sequences the turn ended on it.
 */
export function stopReasonOf(
  finish: string | null | undefined,
  matched: string | number | null | undefined,
  stopSequences: readonly string[],
  calledTools: boolean,
): { stop_reason: StopReason; stop_sequence: string | null } {
  if (finish === 'length') return { stop_reason: 'max_tokens', stop_sequence: null };
  if (finish === 'tool_calls' || finish === 'function_call' || calledTools) {
    return { stop_reason: 'tool_use', stop_sequence: null };
  }
  if (finish === 'content_filter') return { stop_reason: 'refusal', stop_sequence: null };
  if (typeof matched === 'string' && stopSequences.includes(matched)) {
    return { stop_reason: 'stop_sequence', stop_sequence: matched };
  }
  return { stop_reason: 'end_turn', stop_sequence: null };
}

/**
 * Tool arguments as the tool_use block's `input` object. A model that wrote no arguments gets
 * `{}`; arguments that are not a JSON object are kept whole under `_unparsed_arguments`, so the
 * client's schema check names the problem and nothing the model wrote is lost.
 */
export function toolInputOf(args: string | null | undefined): Record<string, unknown> {
  const text = (args ?? '').trim();
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // kept below
  }
  return { _unparsed_arguments: args };
}

export function usageOf(usage: ChatUsage | null | undefined, promptTokens = 0): Usage {
  const reasoning = usage?.completion_tokens_details?.reasoning_tokens;
  return {
    input_tokens: usage?.prompt_tokens ?? promptTokens,
    output_tokens: usage?.completion_tokens ?? 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: null,
    inference_geo: null,
    output_tokens_details: typeof reasoning === 'number' ? { thinking_tokens: reasoning } : null,
    server_tool_use: null,
    service_tier: null,
    speed: null,
  };
}

export interface MessageResponseOptions {
  /** The model name the client asked for. */
  model: string;
  stopSequences?: readonly string[];
  /** The prompt's token count when the target did not report usage. */
  promptTokens?: number;
}

/** Translates a target's chat.completion into the Message the client expects. */
export function chatToMessage(completion: ChatCompletionBody, options: MessageResponseOptions): Message {
  const choice = completion.choices?.[0];
  const message = choice?.message;
  const content: ContentBlock[] = [];
  const reasoning = reasoningOf(message);
  if (reasoning) content.push({ type: 'thinking', thinking: reasoning, signature: thinkingSignature(reasoning) });
  const text = message?.content ?? message?.refusal ?? '';
  if (text) content.push({ type: 'text', text, citations: null });
  const calls = message?.tool_calls ?? [];
  for (const call of calls) {
    content.push({
      type: 'tool_use',
      id: call.id || toolUseId(),
      name: call.function?.name ?? '',
      input: toolInputOf(call.function?.arguments),
      caller: { type: 'direct' },
    });
  }
  return {
    id: messageId(),
    type: 'message',
    role: 'assistant',
    model: options.model,
    content,
    ...stopReasonOf(choice?.finish_reason, choice?.stop_reason, options.stopSequences ?? [], calls.length > 0),
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: usageOf(completion.usage, options.promptTokens),
  };
}
