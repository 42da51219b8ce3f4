// /vllm/{deployment}/{path}: a deployment's native vLLM routes (tokenize, metrics, sleep…), passed
// through as they are, to keys allowed a model group the deployment serves (or any group) and to
// the master key. The inference routes among them are admitted like the OpenAI routes: their
// worst case is held against the key's and team's budgets and tokens per minute, and settled to
// the usage read from the answer or the stream; every request is logged with its real tokens.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { admitRequest, reservationHeaders } from './admission';
import type { Principal } from './auth';
import { costUsd } from './cost';
import { GatewayError, parseJsonObject, readBody } from './http-io';
import { assertWithinRequestBounds } from './request-bounds';
import type { RoutingTable, Target } from './routing/table';
import type { GatewayRuntime } from './runtime';
import { drained, relayStream } from './stream-response';
import { likelyTokens, promptSize } from './token-estimate';
import { sendUpstream } from './upstream';
import { promptFloor, requestShape, worstCase, type WorstCase, type WorstCaseRoute } from './worst-case';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'host',
  'content-length',
  'authorization',
  'x-api-key',
  'api-key',
  'x-litellm-api-key',
]);

/** vLLM's inference routes whose usage the gateway can bound beforehand and read afterwards. */
const INFERENCE_ROUTES: Record<string, WorstCaseRoute> = {
  '/v1/chat/completions': 'chat/completions',
  '/v1/completions': 'completions',
  '/v1/embeddings': 'embeddings',
  '/pooling': 'embeddings',
  '/classify': 'embeddings',
  '/rerank': 'rerank',
  '/v1/rerank': 'rerank',
  '/v2/rerank': 'rerank',
  '/score': 'score',
  '/v1/score': 'score',
};

/** Routes that run no model: free, though rate limits and an exhausted budget still apply. */
const FREE_ROUTES = new Set([
  '/health',
  '/ping',
  '/version',
  '/load',
  '/metrics',
  '/v1/models',
  '/tokenize',
  '/detokenize',
  '/is_sleeping',
  '/sleep',
  '/wake_up',
  '/reset_prefix_cache',
]);

/** Whether `p` may reach deployment target `t`: the master key, a key with no allow-list, or one allowed a group serving it. */
function mayReach(table: RoutingTable, p: Principal, t: Target): boolean {
  if (p.isMaster || p.models.length === 0) return true;
  return p.models.some((m) => table.resolve(m)?.targets.some((x) => x.key === t.key));
}

function forbidden(name: string, p: Principal): GatewayError {
  return new GatewayError(
    403,
    'permission_error',
    `This key may not use deployment \`${name}\`: it serves none of the model groups this key may use (${p.models.join(', ')}).`,
    'model_not_allowed',
  );
}

/** A route the gateway cannot account for, on a priced deployment: unbounded (refused where a budget applies). */
function unaccountable(path: string, t: Target): WorstCase {
  const priced = t.inputCostPerToken > 0 || t.outputCostPerToken > 0;
  return {
    usd: priced ? Infinity : 0,
    tokens: Infinity,
    unbounded: priced
      ? {
          reason: `${path} is not a route whose usage the gateway can bound before it is sent`,
          fix: `Use ${Object.keys(INFERENCE_ROUTES).join(', ')} under /vllm/${t.name}/, or the gateway's /v1 routes.`,
          param: null,
        }
      : null,
  };
}

export async function handlePassThrough(
  rt: GatewayRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal,
  requestId: string,
): Promise<void> {
  const startedAt = rt.clock.now();
  const match = /^\/vllm\/([^/]+)(\/.*)?$/.exec((req.url ?? '').split('?')[0]);
  let name: string;
  try {
    name = decodeURIComponent(match?.[1] ?? '');
  } catch {
    throw new GatewayError(
      400,
      'invalid_request_error',
      'The deployment name in the path is not valid percent-encoding.',
      'invalid_path',
    );
  }
  const path = match?.[2] ?? '/';
  const rest = path + (req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '');
  const table = rt.table();
  const target = table.targets().find((t) => t.kind === 'deployment' && t.name === name);
  if (!target)
    throw new GatewayError(
      404,
      'not_found_error',
      `No deployment named \`${name}\`. \`switchyard ps\` lists them.`,
      'deployment_not_found',
    );
  if (!mayReach(table, principal, target)) throw forbidden(name, principal);
  if (target.unavailable)
    throw new GatewayError(
      503,
      'service_unavailable',
      `${name} cannot take requests now: ${target.unavailable}.`,
      'deployment_unavailable',
    );

  const method = req.method ?? 'GET';
  const readsOnly = method === 'GET' || method === 'HEAD';
  const raw = readsOnly ? undefined : await readBody(req, rt.maxBodyBytes);
  const route = readsOnly ? undefined : INFERENCE_ROUTES[path];
  const free = readsOnly || FREE_ROUTES.has(path);
  let body: Record<string, unknown> | null = null;
  let worst: WorstCase = { usd: 0, tokens: 0, unbounded: null };
  let fewestPromptTokens = 0;
  if (route) {
    body = parseJsonObject(raw!);
    assertWithinRequestBounds(route, body);
    const shape = requestShape(route, body);
    worst = worstCase(shape, target);
    fewestPromptTokens = promptFloor(shape);
  } else if (!free) worst = unaccountable(path, target);

  if (free) {
    const exhausted = rt.budgetScopes(principal).some((id) => {
      const s = rt.ledger.get(id);
      return s?.maxUsd != null && s.spentUsd >= s.maxUsd;
    });
    if (exhausted)
      throw new GatewayError(
        429,
        'budget_exceeded',
        'Budget exceeded: this key has no budget left.',
        'budget_exceeded',
      );
  }
  const admitted = await admitRequest(rt, principal, worst);
  let clientGone = false;
  res.on('close', () => {
    if (!res.writableFinished) clientGone = true;
  });

  const stream = body?.stream === true;
  const generates = route === 'chat/completions' || route === 'completions';
  let outgoing: string | Buffer | undefined = raw;
  // The usage of a stream comes in its last chunk, sent only when asked for; the relay drops it
  // again when the client did not ask.
  if (body && stream && generates)
    outgoing = JSON.stringify({
      ...body,
      stream_options: { ...(body.stream_options as object | undefined), include_usage: true },
    });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !HOP_BY_HOP.has(k)) headers[k] = v;
  // An answer whose usage is read must come uncompressed.
  if (route) delete headers['accept-encoding'];
  if (body && outgoing !== raw) headers['content-type'] = 'application/json';
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  const promptLikely = body ? likelyTokens(promptSize(body)) : 0;

  let status = 502;
  let usage = { prompt: 0, completion: 0 };
  let ttftMs: number | null = null;
  const finish = async () => {
    const cost = costUsd(target, usage.prompt, usage.completion);
    admitted.settle({ tokens: usage.prompt + usage.completion, costUsd: cost });
    const logged = rt.writer.log({
      id: requestId,
      at: startedAt,
      keyId: principal.keyId,
      teamId: principal.teamId,
      modelGroup: null,
      deployment: name,
      status,
      promptTokens: usage.prompt,
      completionTokens: usage.completion,
      costUsd: cost,
      latencyMs: rt.clock.now() - startedAt,
      ttftMs,
      attempts: 1,
      errorClass: status >= 400 ? 'pass_through' : null,
      route: 'vllm',
    });
    if (rt.writer.answerWaitsForRow) await logged;
  };

  let relayed = false;
  try {
    const upstream = await sendUpstream({
      url: target.baseUrl.replace(/\/v1$/, '') + rest,
      method,
      headers,
      body: outgoing,
      firstByteTimeoutMs: rt.timeouts.firstByteMs,
      idleTimeoutMs: rt.timeouts.idleMs,
    });
    status = upstream.statusCode;
    const out: Record<string, string> = {
      'x-switchyard-deployment': name,
      'x-switchyard-attempts': '1',
      ...(route ? reservationHeaders(admitted) : {}),
    };
    for (const [k, v] of Object.entries(upstream.headers)) if (typeof v === 'string' && !HOP_BY_HOP.has(k)) out[k] = v;
    const isSse = String(upstream.headers['content-type'] ?? '').startsWith('text/event-stream');
    if (route && status < 400 && isSse) {
      relayed = true;
      await relayStream({
        rt,
        res,
        upstream,
        headers: out,
        clientWantsUsage: Boolean((body?.stream_options as { include_usage?: boolean } | undefined)?.include_usage),
        maxCostUsd: admitted.reservedUsd,
        priceOf: (p, c) => costUsd(target, p, c),
        promptEstimate: promptLikely,
        promptFloor: fewestPromptTokens,
        clientGone: () => clientGone,
        requestStartedAt: startedAt,
        onDone: (r) => {
          status = r.status;
          usage = { prompt: r.prompt, completion: r.completion };
          ttftMs = r.ttftMs;
          return finish();
        },
      });
      return;
    }
    if (route) {
      // Read whole, so its usage is known (and logged) before the answer ends.
      const text = await upstream.body.text();
      if (status < 400) usage = usageOf(text);
      await finish();
      relayed = true;
      out['content-length'] = String(Buffer.byteLength(text));
      res.writeHead(status, out);
      res.end(text);
      return;
    }
    res.writeHead(status, out);
    // A slow client holds the upstream back: what it has not taken is not buffered here.
    for await (const chunk of upstream.body) if (!res.write(chunk)) await drained(res);
    res.end();
  } catch (err) {
    if (res.headersSent) res.destroy();
    else
      throw new GatewayError(
        502,
        'api_error',
        `${name} did not answer: ${(err as Error).message}`,
        'upstream_unreachable',
      );
  } finally {
    if (!relayed) await finish();
  }
}

/** Usage of a JSON answer: OpenAI's `usage` (pooling routes give only total_tokens). */
function usageOf(text: string): { prompt: number; completion: number } {
  try {
    const u = (JSON.parse(text) as { usage?: Record<string, unknown> }).usage ?? {};
    const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
    const completion = n(u.completion_tokens);
    const prompt =
      typeof u.prompt_tokens === 'number' ? n(u.prompt_tokens) : Math.max(0, n(u.total_tokens) - completion);
    return { prompt, completion };
  } catch {
    return { prompt: 0, completion: 0 };
  }
}
