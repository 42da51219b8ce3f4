// The request path of the OpenAI-compatible routes (chat, completions, embeddings, rerank):
// authenticate → limits → budget reservation → route (retries, fallbacks) → forward → settle → log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayRuntime } from './runtime';
import type { Principal } from './auth';
import { admitRequest, reservationHeaders } from './admission';
import { costUsd } from './cost';
import { GatewayError, parseJsonObject, readBody } from './http-io';
import { dispatch, type SendResult } from './routing/router';
import type { RoutedGroup, Target } from './routing/table';
import {
  AnthropicStreamTranslator,
  anthropicErrorMessage,
  anthropicHeaders,
  fromAnthropicResponse,
  toAnthropicRequest,
} from './providers/anthropic';
import { assertWithinRequestBounds } from './request-bounds';
import { relayStream } from './stream-response';
import { likelyTokens, promptSize } from './token-estimate';
import { sendUpstream, type UpstreamResponse, upstreamFailureKind } from './upstream';
import { requestShape, worstCaseOver } from './worst-case';

export type OpenAiRoute = 'chat/completions' | 'completions' | 'embeddings' | 'rerank';

const GENERATES: Record<OpenAiRoute, boolean> = {
  'chat/completions': true,
  completions: true,
  embeddings: false,
  rerank: false,
};

type Sent = { response: UpstreamResponse; text: string | null; startedAt: number };

export async function handleCompletion(
  rt: GatewayRuntime,
  route: OpenAiRoute,
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal,
  requestId: string,
): Promise<void> {
  const startedAt = rt.clock.now();
  const body = parseJsonObject(await readBody(req, rt.maxBodyBytes));
  assertWithinRequestBounds(route, body);
  const model = body.model;
  if (typeof model !== 'string' || !model) {
    throw new GatewayError(
      400,
      'invalid_request_error',
      'The request needs a "model": the name of a model group (GET /v1/models lists them).',
      'missing_model',
      'model',
    );
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') {
    throw new GatewayError(400, 'invalid_request_error', '"stream" must be true or false.', 'invalid_type', 'stream');
  }
  if (route === 'chat/completions' && !Array.isArray(body.messages)) {
    throw new GatewayError(
      400,
      'invalid_request_error',
      '"messages" must be an array of chat messages.',
      'invalid_type',
      'messages',
    );
  }
  const table = rt.table();
  const group = table.resolve(model);
  if (!group)
    throw new GatewayError(
      404,
      'invalid_request_error',
      `The model \`${model}\` does not exist. GET /v1/models lists the model groups this key may use.`,
      'model_not_found',
      'model',
    );
  if (
    !principal.isMaster &&
    principal.models.length > 0 &&
    !principal.models.includes(group.name) &&
    !principal.models.includes(model)
  ) {
    throw new GatewayError(
      403,
      'permission_error',
      `This key may not use \`${model}\`; it may use: ${principal.models.join(', ')}.`,
      'model_not_allowed',
      'model',
    );
  }

  const stream = body.stream === true;
  const generates = GENERATES[route];
  const promptLikely = likelyTokens(promptSize(body));

  // Worst case over every target this request could reach, so a fallback can never overspend.
  const reachable = [
    group,
    ...group.fallbacks.map((f) => table.resolve(f)),
    ...group.contextWindowFallbacks.map((f) => table.resolve(f)),
  ]
    .filter((g): g is RoutedGroup => Boolean(g))
    .flatMap((g) => g.targets);
  const admitted = admitRequest(rt, principal, worstCaseOver(requestShape(route, body), reachable));

  let clientGone = false;
  res.on('close', () => {
    if (!res.writableFinished) clientGone = true;
  });

  const upstreamRequest = (t: Target): { url: string; body: string; headers: Record<string, string> } => {
    const out: Record<string, unknown> = { ...body, model: t.upstreamModel };
    if (stream && generates)
      out.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };
    // No max_tokens is ever added: the engine's own limit (the remaining context) is what the
    // reservation covers, and a stream that passes the reservation is cut by the relay.
    if (t.provider === 'anthropic') {
      return {
        url: `${t.baseUrl}/v1/messages`,
        body: JSON.stringify(toAnthropicRequest(out, t.upstreamModel)),
        headers: { ...anthropicHeaders(t.apiKey), 'x-request-id': requestId },
      };
    }
    return {
      url: `${t.baseUrl}/${route}`,
      body: JSON.stringify(out),
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        ...(t.apiKey ? { authorization: `Bearer ${t.apiKey}` } : {}),
      },
    };
  };

  const send = async (t: Target, g: RoutedGroup): Promise<SendResult<Sent>> => {
    if (t.provider === 'anthropic' && route !== 'chat/completions') {
      return {
        ok: false,
        kind: 'client',
        status: 400,
        reason: 'not supported',
        body: JSON.stringify({
          error: { message: `${t.name} is an Anthropic target: it serves chat completions only.` },
        }),
      };
    }
    // Built before anything is sent: a request that cannot even be encoded is nobody's target failure.
    let outgoing: ReturnType<typeof upstreamRequest>;
    try {
      outgoing = upstreamRequest(t);
    } catch (err) {
      const reason = `the request could not be encoded for ${t.name} (${(err as Error).message}); nothing was sent`;
      return { ok: false, kind: 'gateway', status: 500, reason, body: JSON.stringify({ error: { message: reason } }) };
    }
    rt.loads.begin(t.key);
    const sentAt = rt.clock.now();
    let answered = false;
    try {
      const response = await sendUpstream({
        ...outgoing,
        method: 'POST',
        firstByteTimeoutMs: t.timeoutMs ?? g.settings.timeoutMs ?? rt.timeouts.firstByteMs,
        idleTimeoutMs: rt.timeouts.idleMs,
      });
      answered = true;
      if (response.statusCode >= 400) {
        let text = await response.body.text();
        if (t.provider === 'anthropic') text = JSON.stringify({ error: { message: anthropicErrorMessage(text) } });
        rt.loads.end(t.key, null);
        const reason = `HTTP ${response.statusCode}`;
        return { ok: false, kind: 'status', status: response.statusCode, reason, body: text };
      }
      // A non-streamed body is read here, so a connection that breaks mid-body is still retried.
      let text = stream ? null : await response.body.text();
      if (text != null && t.provider === 'anthropic')
        text = JSON.stringify(fromAnthropicResponse(JSON.parse(text), model, Math.floor(rt.clock.now() / 1000)));
      if (!stream) rt.loads.end(t.key, rt.clock.now() - sentAt);
      return { ok: true, value: { response, text, startedAt: sentAt } };
    } catch (err) {
      rt.loads.end(t.key, null);
      const code = (err as { code?: string }).code ?? 'error';
      const failure = upstreamFailureKind(err);
      // An answer that broke or could not be read is the target's fault; an error before any answer
      // that is neither the network nor a timeout is the gateway's own.
      const kind = failure === 'gateway' && answered ? 'bad-response' : failure;
      const reason =
        kind === 'timeout'
          ? `timed out (${code})`
          : kind === 'network'
            ? `connection failed (${code})`
            : `${code}: ${(err as Error).message}`;
      return { ok: false, kind, status: kind === 'gateway' ? 500 : null, reason };
    }
  };

  let outcome = await dispatch(group, promptLikely, send, rt.attemptContext(table), () => clientGone);
  // Only stopped on-demand deployments could serve it: wait while they start, then try once more.
  if (
    outcome.kind === 'exhausted' &&
    outcome.waking.length > 0 &&
    (await rt.waitUntilServable(group.name, () => clientGone))
  ) {
    const again = await dispatch(
      rt.table().resolve(group.name) ?? group,
      promptLikely,
      send,
      rt.attemptContext(),
      () => clientGone,
    );
    outcome = again.kind === 'served' ? { ...again, attempts: again.attempts + outcome.attempts } : again;
  }
  const finish = (row: {
    status: number;
    target: Target | null;
    group: RoutedGroup;
    prompt: number;
    completion: number;
    cost: number;
    ttftMs: number | null;
    attempts: number;
    errorClass: string | null;
  }) => {
    admitted.settle({ tokens: row.prompt + row.completion, costUsd: row.cost });
    rt.metrics.observe({
      group: row.group.name,
      target: row.target?.name ?? null,
      status: row.status,
      latencyMs: rt.clock.now() - startedAt,
      ttftMs: row.ttftMs,
      prompt: row.prompt,
      completion: row.completion,
      costUsd: row.cost,
      fallback: outcome.kind === 'served' && outcome.fallbackUsed,
    });
    return rt.writer.log({
      id: requestId,
      at: startedAt,
      keyId: principal.keyId,
      teamId: principal.teamId,
      modelGroup: row.group.name,
      deployment: row.target?.name ?? null,
      status: row.status,
      promptTokens: row.prompt,
      completionTokens: row.completion,
      costUsd: row.cost,
      latencyMs: rt.clock.now() - startedAt,
      ttftMs: row.ttftMs,
      attempts: row.attempts,
      errorClass: row.errorClass,
    });
  };

  if (outcome.kind === 'exhausted') {
    await finish({
      status: outcome.status,
      target: null,
      group,
      prompt: 0,
      completion: 0,
      cost: 0,
      ttftMs: null,
      attempts: outcome.attempts,
      errorClass: 'all_targets_failed',
    });
    const type =
      outcome.status === 429
        ? 'rate_limit_exceeded'
        : outcome.status === 400
          ? 'invalid_request_error'
          : 'service_unavailable';
    throw new GatewayError(
      outcome.status === 499 ? 503 : outcome.status,
      type,
      `No deployment could serve \`${model}\`. Tried: ${outcome.tried.join('; ') || 'nothing (the group has no targets)'}.`,
      outcome.status === 400 ? 'context_length_exceeded' : 'no_healthy_deployment',
      null,
      { 'x-switchyard-attempts': String(outcome.attempts) },
    );
  }
  if (outcome.kind === 'rejected') {
    await finish({
      status: outcome.status,
      target: outcome.target,
      group: outcome.group,
      prompt: 0,
      completion: 0,
      cost: 0,
      ttftMs: null,
      attempts: outcome.attempts,
      errorClass: 'upstream_rejected',
    });
    throw upstreamRejection(outcome.status, outcome.body, outcome.target, outcome.attempts);
  }

  const { target, value } = outcome;
  const headers = {
    'x-request-id': requestId,
    'x-switchyard-deployment': target.name,
    'x-switchyard-model-group': outcome.group.name,
    'x-switchyard-attempts': String(outcome.attempts),
    ...reservationHeaders(admitted),
  };

  if (!stream) {
    const parsed = safeJson(value.text!);
    const usage = (parsed?.usage ?? {}) as {
      prompt_tokens?: number;
      completion_tokens?: number;
      total_tokens?: number;
    };
    const prompt = usage.prompt_tokens ?? usage.total_tokens ?? 0;
    const completion = usage.completion_tokens ?? 0;
    const cost = costUsd(target, prompt, completion);
    await finish({
      status: value.response.statusCode,
      target,
      group: outcome.group,
      prompt,
      completion,
      cost,
      ttftMs: null,
      attempts: outcome.attempts,
      errorClass: null,
    });
    res.writeHead(value.response.statusCode, {
      ...headers,
      'content-type': 'application/json',
      'x-switchyard-cost-usd': cost.toFixed(8),
      'content-length': Buffer.byteLength(value.text!),
    });
    res.end(value.text);
    return;
  }

  await relayStream({
    rt,
    res,
    upstream: value.response,
    headers,
    clientWantsUsage: Boolean((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage),
    maxCostUsd: admitted.reservedUsd,
    priceOf: (p, c) => costUsd(target, p, c),
    promptEstimate: promptLikely,
    clientGone: () => clientGone,
    requestStartedAt: startedAt,
    translate:
      target.provider === 'anthropic' ? new AnthropicStreamTranslator(model, Math.floor(startedAt / 1000)) : undefined,
    onDone: ({ prompt, completion, ttftMs, status }) => {
      rt.loads.end(target.key, rt.clock.now() - value.startedAt);
      return finish({
        status,
        target,
        group: outcome.group,
        prompt,
        completion,
        cost: costUsd(target, prompt, completion),
        ttftMs,
        attempts: outcome.attempts,
        errorClass: status === 200 ? null : 'stream_interrupted',
      });
    },
  });
}

function safeJson(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** An upstream's own 4xx (bad parameter and so on), passed on in OpenAI's shape. */
function upstreamRejection(status: number, body: string, target: Target, attempts: number): GatewayError {
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
