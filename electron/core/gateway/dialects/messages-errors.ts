// Errors on the Anthropic route, in Anthropic's shape: {"type":"error","error":{type,message}}.
// The gateway's errors are OpenAI-shaped (status + type); this maps them, so an Anthropic SDK
// raises the error class it would raise against Anthropic (RateLimitError for 429, and so on).
import type { ErrorResponse, ErrorType } from '@anthropic-ai/sdk/resources/shared';

export type AnthropicErrorType = Extract<
  ErrorType,
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error'
>;

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
  request_id: string | null;
}

// Compile-time check that the body is what Anthropic's SDK parses.
export const asSdkErrorResponse = (body: AnthropicErrorBody): ErrorResponse => body;

/** The parts of an OpenAI-shaped error this needs: its type, message and code. */
export interface OpenAiStyleError {
  type?: string | null;
  message?: string | null;
  code?: string | number | null;
}

const BY_TYPE: Record<string, AnthropicErrorType> = {
  invalid_request_error: 'invalid_request_error',
  authentication_error: 'authentication_error',
  permission_error: 'permission_error',
  not_found_error: 'not_found_error',
  rate_limit_exceeded: 'rate_limit_error',
  budget_exceeded: 'rate_limit_error',
  service_unavailable: 'overloaded_error',
  api_error: 'api_error',
};

/** Anthropic's error type for an HTTP status, as Anthropic's API uses them. */
export function anthropicErrorType(status: number): AnthropicErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 504) return 'timeout_error';
  if (status === 503 || status === 529) return 'overloaded_error';
  if (status >= 400 && status < 500) return 'invalid_request_error';
  return 'api_error';
}

/**
 * The Anthropic error body for a gateway error (status + OpenAI-shaped error). The status decides
 * the type where it is specific (401, 403, 404, 429, 503, 504); otherwise the OpenAI type does.
 */
export function anthropicErrorBody(
  status: number,
  error: OpenAiStyleError,
  requestId: string | null = null,
): AnthropicErrorBody {
  const byStatus = anthropicErrorType(status);
  const byType = error.type ? BY_TYPE[error.type] : undefined;
  const type = byStatus === 'invalid_request_error' || byStatus === 'api_error' ? (byType ?? byStatus) : byStatus;
  const message = error.message || `The request failed with HTTP ${status}.`;
  return { type: 'error', error: { type, message }, request_id: requestId };
}

/**
 * The error inside a target's error body (OpenAI's `{"error":{…}}`, vLLM's
 * `{"object":"error","message":…,"type":…}`, or plain text), for `anthropicErrorBody`.
 */
export function openAiErrorOf(text: string): OpenAiStyleError {
  try {
    const parsed = JSON.parse(text) as { error?: OpenAiStyleError | string; message?: string; type?: string };
    if (parsed && typeof parsed.error === 'object' && parsed.error) return parsed.error;
    if (typeof parsed?.error === 'string') return { message: parsed.error };
    if (typeof parsed?.message === 'string') return { message: parsed.message, type: parsed.type ?? null };
  } catch {
    // not JSON: the text is the message
  }
  return { message: text.slice(0, 2000) };
}
