// A target's own refusal (a 4xx: bad parameter and so on), passed on to the client as a gateway
// error; the server renders it in the shape of the route the client called.
import { GatewayError } from '../http-io';
import type { Target } from '../routing/table';
import type { TargetRoute } from './inbound';
import { safeJson } from './openai-dialect';

const POOLING_ROUTES: ReadonlySet<TargetRoute> = new Set(['embeddings', 'rerank']);

/**
 * A target that answers 404 on an inference route does not serve that kind of model (vLLM's bare
 * {"detail":"Not Found"}): said as the group's kind, in OpenAI's shape, so the client knows to
 * send it elsewhere.
 */
function wrongKind(route: TargetRoute, group: string, target: Target, attempts: number): GatewayError {
  const pooling = POOLING_ROUTES.has(route);
  const kind = pooling ? 'a chat (generative) model group' : 'a pooling (embedding or rerank) model group';
  const fix = pooling
    ? `Send ${route} to a group of ${route === 'rerank' ? 'rerank' : 'embedding'} models (a deployment with --runner pooling).`
    : 'Send chat and completions to a group of generative models.';
  return new GatewayError(
    400,
    'invalid_request_error',
    `\`${group}\` is ${kind}: its target ${target.name} does not serve /v1/${route}. ${fix}`,
    'unsupported_route_for_model',
    'model',
    { 'x-switchyard-deployment': target.name, 'x-switchyard-attempts': String(attempts) },
  );
}

export function upstreamRejection(
  status: number,
  body: string,
  target: Target,
  attempts: number,
  asked?: { route: TargetRoute; group: string },
): GatewayError {
  if (asked && (status === 404 || status === 405) && /^\s*\{\s*"detail"/.test(body))
    return wrongKind(asked.route, asked.group, target, attempts);
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
