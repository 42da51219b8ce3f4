// The pipeline's common form: the OpenAI Chat Completions request, response and stream chunk, as
// every OpenAI-compatible target (vLLM, llama.cpp, Ollama, LM Studio, OpenAI) speaks it, plus the
// fields vLLM adds (reasoning text, top_k, chat_template_kwargs, the matched stop string). The
// inbound dialects translate to and from these; the SDK's own types keep them honest.
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionContentPartText,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
  ChatCompletionSystemMessageParam,
  ChatCompletionToolMessageParam,
  ChatCompletionUserMessageParam,
} from 'openai/resources/chat/completions';

/** An assistant turn as sent back to the target: vLLM's templates read the reasoning of earlier turns. */
export type ChatAssistantMessage = ChatCompletionAssistantMessageParam & { reasoning_content?: string };

export type ChatMessage =
  | ChatCompletionSystemMessageParam
  | ChatCompletionUserMessageParam
  | ChatAssistantMessage
  | ChatCompletionToolMessageParam;

export type ChatContentPart = ChatCompletionContentPart;
export type ChatTextPart = ChatCompletionContentPartText;

/** A chat request in the common form: OpenAI's fields plus vLLM's sampling and template extras. */
export type ChatRequest = Omit<ChatCompletionCreateParamsBase, 'messages'> & {
  messages: ChatMessage[];
  top_k?: number;
  chat_template_kwargs?: Record<string, unknown>;
  stream_options?: { include_usage?: boolean; continuous_usage_stats?: boolean } | null;
};

// Compile-time check that the common form stays a valid OpenAI message list.
export const asOpenAiMessages = (messages: ChatMessage[]): ChatCompletionMessageParam[] => messages;

/** A tool call in a chat.completion: a function call, or (OpenAI) a custom tool's free text. */
export interface ChatToolCall {
  id: string;
  type?: string;
  function?: { name: string; arguments: string };
  custom?: { name: string; input: string };
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/**
 * A chat.completion as targets send it, read loosely (upstream bodies are not trusted to be
 * complete): vLLM puts the reasoning in `reasoning_content` (older) or `reasoning` (newer), and the
 * matched stop string in `stop_reason`.
 */
export interface ChatCompletionBody {
  id?: string;
  created?: number;
  model?: string;
  choices?: Array<{
    index?: number;
    finish_reason?: string | null;
    stop_reason?: string | number | null;
    message?: {
      role?: string;
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      refusal?: string | null;
      tool_calls?: ChatToolCall[] | null;
    } | null;
  }>;
  usage?: ChatUsage | null;
}

/** A piece of one tool call in a stream: the first names it, the rest carry argument text. */
export interface ChatToolCallDelta {
  index?: number;
  id?: string | null;
  type?: string;
  function?: { name?: string | null; arguments?: string | null } | null;
}

/** One chat.completion.chunk, read loosely, as `ChatCompletionBody`. */
export interface ChatChunkBody {
  id?: string;
  created?: number;
  model?: string;
  choices?: Array<{
    index?: number;
    finish_reason?: string | null;
    stop_reason?: string | number | null;
    delta?: {
      role?: string;
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      refusal?: string | null;
      tool_calls?: ChatToolCallDelta[] | null;
    } | null;
  }>;
  usage?: ChatUsage | null;
  /** vLLM and the gateway put an error object in the stream when generation fails midway. */
  error?: { message?: string; type?: string; code?: string | number | null } | null;
}

/** The reasoning text of a message or delta, whichever field the target uses. */
export const reasoningOf = (m: { reasoning_content?: string | null; reasoning?: string | null } | null | undefined) =>
  m?.reasoning_content || m?.reasoning || '';
