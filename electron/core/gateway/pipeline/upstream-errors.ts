// A target's own refusal (a 4xx: bad parameter and so on), passed on to the client as a gateway
// error; the server renders it in the shape of the route the client called.
import { GatewayError } from '../http-io';
import type { Target } from '../routing/table';
import { safeJson } from './openai-dialect';

export function upstreamRejection(status: number, body: string, target: Target, attempts: number): GatewayError {
  const parsed = safeJson(body) as {
    error?: { message?: string; type?: string; param?: string } | string;
    message?: string;
  } | null;
  const message =
    typeof parsed?.error === 'object'
      ? parsed.error.message
      : typeof parsed?.error === 'string'
        ? parsed.error
        : parsed?.message;
  const param = typeof parsed?.error === 'object' ? (parsed.error.param ?? null) : null;
  return new GatewayError(
    status,
    status === 401 || status === 403
      ? 'authentication_error'
      : status === 404
        ? 'not_found_error'
        : 'invalid_request_error',
    `${target.name} refused the request: ${message ?? (body.slice(0, 500) || `HTTP ${status}`)}`,
    'upstream_error',
    param,
    { 'x-switchyard-deployment': target.name, 'x-switchyard-attempts': String(attempts) },
  );
}
