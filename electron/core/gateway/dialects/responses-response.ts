// chat.completion → OpenAI Responses object: a reasoning item (the target's reasoning text, as
// vLLM's own Responses API gives it: `content` of reasoning_text, empty `summary`), a message
// with output_text, one function_call item per tool call, the status (incomplete at the token
// limit) and usage. `output_text` is a convenience the SDK adds client-side, so it is not sent.
import type {
  Response,
  ResponseFunctionToolCall,
  ResponseOutputItem,
  ResponseOutputMessage,
  ResponseReasoningItem,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import { type ChatCompletionBody, type ChatUsage, reasoningOf } from './chat-types';
import { msHex, randomHex } from './random-id';
import type { ResponseEcho } from './responses-request';

/** A Response as sent on the wire: everything but the SDK's client-side `output_text`. */
export type WireResponse = Omit<Response, 'output_text'>;

const id = (prefix: string) => `${prefix}_${randomHex(16)}`;
/**
 * `resp_` and 48 hex digits, as OpenAI's own response ids: the first 12 are the time in ms, the
 * rest random. A response to be stored gets its id from the store instead (ResponsesRepo.newId),
 * which puts where it will be written in the middle 16 digits.
 */
export const responseId = () => `resp_${msHex(Date.now())}${randomHex(18)}`;
export const outputItemId = (kind: 'msg' | 'rs' | 'fc') => id(kind);

export function responseUsageOf(usage: ChatUsage | null | undefined, promptTokens = 0): ResponseUsage {
  const input = usage?.prompt_tokens ?? promptTokens;
  const output = usage?.completion_tokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage?.prompt_tokens_details?.cached_tokens ?? 0, cache_write_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: input + output,
  };
}

/** Status and incomplete_details for a chat finish reason. */
export function statusOf(finish: string | null | undefined): Pick<WireResponse, 'status' | 'incomplete_details'> {
  if (finish === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finish === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

export function reasoningItem(text: string, itemId = outputItemId('rs')): ResponseReasoningItem {
  return { id: itemId, type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text }] };
}

export function messageItem(
  text: string,
  status: ResponseOutputMessage['status'],
  itemId = outputItemId('msg'),
): ResponseOutputMessage {
  return {
    id: itemId,
    type: 'message',
    role: 'assistant',
    status,
    content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
  };
}

export function functionCallItem(
  callId: string,
  name: string,
  args: string,
  status: NonNullable<ResponseFunctionToolCall['status']>,
  itemId = outputItemId('fc'),
): ResponseFunctionToolCall {
  return { id: itemId, type: 'function_call', call_id: callId, name, arguments: args, status };
}

/** The Response envelope around `output`, with the request's own settings repeated. */
export function responseEnvelope(
  fields: Pick<WireResponse, 'id' | 'created_at' | 'model' | 'output' | 'status' | 'incomplete_details'> &
    Partial<Pick<WireResponse, 'usage' | 'error' | 'completed_at'>>,
  echo: ResponseEcho,
): WireResponse {
  return {
    object: 'response',
    error: null,
    background: false,
    service_tier: 'default',
    ...echo,
    completed_at: null,
    ...fields,
  };
}

export interface ResponseOptions {
  /** The model name the client asked for. */
  model: string;
  echo: ResponseEcho;
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds; null while unknown. */
  completedAt?: number;
  id?: string;
  promptTokens?: number;
}

/** Translates a target's chat.completion into the Response the client expects. */
export function chatToResponse(completion: ChatCompletionBody, options: ResponseOptions): WireResponse {
  const choice = completion.choices?.[0];
  const message = choice?.message;
  const state = statusOf(choice?.finish_reason);
  const output: ResponseOutputItem[] = [];
  const reasoning = reasoningOf(message);
  if (reasoning) output.push(reasoningItem(reasoning));
  const text = message?.content ?? '';
  if (text) output.push(messageItem(text, state.status === 'completed' ? 'completed' : 'incomplete'));
  for (const call of message?.tool_calls ?? []) {
    if (!call.function) continue;
    output.push(functionCallItem(call.id, call.function.name, call.function.arguments ?? '', 'completed'));
  }
  return responseEnvelope(
    {
      id: options.id ?? responseId(),
      created_at: options.createdAt,
      model: options.model,
      output,
      ...state,
      usage: responseUsageOf(completion.usage, options.promptTokens),
      completed_at: state.status === 'completed' ? (options.completedAt ?? options.createdAt) : null,
    },
    options.echo,
  );
}
