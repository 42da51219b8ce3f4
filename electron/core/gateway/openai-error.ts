// OpenAI's error shape, which every gateway error uses: {"error":{message,type,param,code}}.
import type { ServerResponse } from 'node:http';

export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_exceeded'
  | 'budget_exceeded'
  | 'api_error'
  | 'service_unavailable';

export function sendOpenAiError(
  res: ServerResponse,
  status: number,
  type: OpenAiErrorType,
  message: string,
  code: string | null = null,
  param: string | null = null,
): void {
  const body = JSON.stringify({ error: { message, type, param, code: code ?? String(status) } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
