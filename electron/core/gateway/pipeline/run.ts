// The request pipeline of every inference route: parse (the inbound dialect) → authenticate and
// admit (allow-list, rate limits, worst-case budget reservation) → route and dispatch (retries,
// cooldowns, fallbacks, context-window fallback; the outbound provider per target) → relay →
// settle and log. The stages are the same for every dialect; only the adapters differ.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tapBodies } from '../../capture/body-tap';
import { admitRequest, reservationHeaders, standingHeaders } from '../admission';
import type { Principal } from '../auth';
import { costUsd } from '../cost';
import { GatewayError, parseJsonObject, readBody } from '../http-io';
import { dispatch } from '../routing/router';
import type { RoutedGroup, RoutingTable, Target } from '../routing/table';
import type { GatewayRuntime } from '../runtime';
import { relayStream } from '../stream-response';
import { likelyTokens, promptSize } from '../token-estimate';
import { promptFloor, requestShape, worstCaseOver } from '../worst-case';
import type { AnswerAdapter, CommonRequest, InboundDialect } from './inbound';
import { providerFor } from './outbound';
import { relayStreamLeg } from './relay';
import { targetSender } from './send';
import { type RequestRecord, settle } from './settle';
import { TraceRecorder } from './trace';
import { upstreamRejection } from './upstream-errors';
import { servedByHeaders } from '../litellm/response-headers';
import { streamModelRewriter } from './answer-model';
import { assertServableRequest } from './validate';

/** Stage 2: the group the request names, if this key may use it. */
export function resolveAllowedGroup(table: RoutingTable, principal: Principal, model: string): RoutedGroup {
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
  return group;
}

/** Every target a request could reach: a fallback must not overspend either. */
export function reachableTargets(table: RoutingTable, group: RoutedGroup): Target[] {
  if (group.fallbacks.length === 0 && group.contextWindowFallbacks.length === 0) return group.targets;
  const targets = [...group.targets];
  for (const name of [...group.fallbacks, ...group.contextWindowFallbacks]) {
    const fallback = table.resolve(name);
    if (fallback) targets.push(...fallback.targets);
  }
  return targets;
}

export async function runPipeline(
  rt: GatewayRuntime,
  dialect: InboundDialect,
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal,
  requestId: string,
): Promise<void> {
  const startedAt = rt.clock.now();
  // Stage 1: parse, in the dialect's terms.
  const raw = await readBody(req, rt.maxBodyBytes);
  const request: CommonRequest = dialect.parse(parseJsonObject(raw), rt, principal);
  // Stage 2: authenticate (done by the server) and admit.
  const table = rt.table();
  const group = resolveAllowedGroup(table, principal, request.model);
  const promptLikely = likelyTokens(promptSize(request.body));
  const reachable = reachableTargets(table, group);
  assertServableRequest(request, reachable);
  // Stage 3: reserve the worst case over every reachable target.
  const shape = requestShape(request.worstCaseRoute, request.body);
  const admitted = await admitRequest(rt, principal, worstCaseOver(shape, reachable));

  let clientGone = false;
  res.on('close', () => {
    if (!res.writableFinished) clientGone = true;
  });

  // Body capture, only where it is on for this key (one check otherwise).
  const capture = rt.capture.for(principal.keyId);
  const bodies = capture
    ? tapBodies({ writer: rt.writer, settings: capture, req, res, raw, requestId, at: startedAt, route: dialect.route })
    : null;

  // Stage 4: route and dispatch.
  const trace = new TraceRecorder(rt.clock, startedAt, group, promptLikely);
  const send = trace.observe(targetSender(rt, request, requestId, promptLikely));
  let outcome = await dispatch(group, promptLikely, send, rt.attemptContext(table), () => clientGone, trace.cooledDown);
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
      trace.cooledDown,
    );
    outcome = again.kind === 'served' ? { ...again, attempts: again.attempts + outcome.attempts } : again;
  }
  const record: RequestRecord = {
    rt,
    route: dialect.route,
    requestId,
    principal,
    startedAt,
    admitted,
    fallbackUsed: () => outcome.kind === 'served' && outcome.fallbackUsed,
    trace,
    bodies,
  };
  const nothingServed = { prompt: 0, completion: 0, cost: 0, ttftMs: null };

  if (outcome.kind === 'exhausted') {
    const type =
      outcome.status === 429
        ? 'rate_limit_exceeded'
        : outcome.status === 400
          ? 'invalid_request_error'
          : 'service_unavailable';
    const failed = new GatewayError(
      outcome.status === 499 ? 503 : outcome.status,
      type,
      `No deployment could serve \`${request.model}\`. Tried: ${outcome.tried.join('; ') || 'nothing (the group has no targets)'}.`,
      outcome.status === 400 ? 'context_length_exceeded' : 'no_healthy_deployment',
      null,
      { 'x-switchyard-attempts': String(outcome.attempts) },
    );
    trace.headers = { 'x-request-id': requestId, ...failed.headers };
    await settle(record, {
      ...nothingServed,
      status: outcome.status,
      target: null,
      group,
      attempts: outcome.attempts,
      errorClass: 'all_targets_failed',
      message: failed.message,
    });
    throw failed;
  }
  if (outcome.kind === 'rejected') {
    const rejection = upstreamRejection(outcome.status, outcome.body, outcome.target, outcome.attempts, {
      route: request.targetRoute,
      group: outcome.group.name,
    });
    trace.headers = { 'x-request-id': requestId, ...rejection.headers };
    await settle(record, {
      ...nothingServed,
      status: outcome.status,
      target: outcome.target,
      group: outcome.group,
      attempts: outcome.attempts,
      errorClass: 'upstream_rejected',
      message: rejection.message,
    });
    throw rejection;
  }

  const { target, value } = outcome;
  const headers = {
    'x-request-id': requestId,
    'x-switchyard-deployment': target.name,
    'x-switchyard-model-group': outcome.group.name,
    'x-switchyard-attempts': String(outcome.attempts),
    ...reservationHeaders(admitted),
    ...standingHeaders(admitted.standing),
    ...servedByHeaders(rt, principal, target, outcome.group.name, value.startedAt - startedAt),
  };
  trace.headers = headers;
  const served = (status: number, prompt: number, completion: number, ttftMs: number | null, message?: string) =>
    settle(record, {
      status,
      target,
      group: outcome.group,
      prompt,
      completion,
      cost: costUsd(target, prompt, completion),
      ttftMs,
      attempts: outcome.attempts,
      errorClass: status === 200 ? null : 'stream_interrupted',
      message,
    });
  const answerCtx = { rt, target, startedAt, promptEstimate: promptLikely };

  // Stage 5: relay (the whole answer, or the stream), then stage 6 inside each: settle and log.
  if (!request.stream) {
    let answer: ReturnType<AnswerAdapter['respond']>;
    try {
      answer = request.answer.respond(value.text!, answerCtx);
    } catch (err) {
      const unreadable = `${target.name} sent an answer that could not be read: ${(err as Error).message}`;
      await served(502, 0, 0, null, unreadable);
      throw new GatewayError(502, 'api_error', unreadable, 'upstream_bad_response', null, headers);
    }
    const { prompt, completion } = answer.usage;
    const status = value.response.statusCode;
    const cost = costUsd(target, prompt, completion);
    // One header object, written once: the trace (which keeps the x-switchyard-* ones) holds it too.
    const sent: Record<string, string | number> = headers;
    sent['content-type'] = 'application/json';
    sent['x-switchyard-cost-usd'] = cost.toFixed(8);
    sent['x-litellm-response-cost'] = String(cost);
    sent['content-length'] = Buffer.byteLength(answer.body);
    // Where the answer must wait for its row (a replica's spool), it is settled first. Otherwise the
    // answer goes first and is settled in the same turn of the event loop, before any other request
    // is read: the budgets, limits and metrics it changes are not seen by anyone sooner either way,
    // and the client gets its first byte without waiting for the row, trace and metrics to be built.
    if (rt.writer.answerWaitsForRow) await served(status, prompt, completion, null);
    res.writeHead(status, sent);
    res.end(answer.body);
    if (!rt.writer.answerWaitsForRow) void served(status, prompt, completion, null);
    return;
  }

  const onDone = ({
    prompt,
    completion,
    ttftMs,
    status,
  }: {
    prompt: number;
    completion: number;
    ttftMs: number | null;
    status: number;
  }) => {
    rt.loads.end(target.key, rt.clock.now() - value.startedAt, completion);
    return served(status, prompt, completion, ttftMs);
  };
  const decoder = value.native
    ? undefined
    : providerFor(target).streamDecoder(request.model, Math.floor(startedAt / 1000));
  const leg = request.answer.streamLeg(answerCtx);
  if (leg) {
    await relayStreamLeg({
      res,
      upstream: value.response,
      headers,
      leg,
      decoder,
      maxCostUsd: admitted.reservedUsd,
      priceOf: (p, c) => costUsd(target, p, c),
      promptEstimate: promptLikely,
      promptFloor: promptFloor(shape),
      clientGone: () => clientGone,
      now: () => rt.clock.now(),
      requestStartedAt: startedAt,
      onDone,
    });
    return;
  }
  await relayStream({
    rt,
    res,
    upstream: value.response,
    headers,
    clientWantsUsage: Boolean((request.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage),
    maxCostUsd: admitted.reservedUsd,
    priceOf: (p, c) => costUsd(target, p, c),
    promptEstimate: promptLikely,
    promptFloor: promptFloor(shape),
    clientGone: () => clientGone,
    requestStartedAt: startedAt,
    translate: decoder ?? streamModelRewriter(target.upstreamModel, request.model),
    onDone,
  });
}
