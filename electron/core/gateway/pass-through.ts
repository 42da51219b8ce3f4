// /vllm/{deployment}/{path}: a deployment's native vLLM routes (tokenize, metrics, sleep…), passed
// through as they are. Rate limits apply; a key with no budget left is refused.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from './auth';
import { GatewayError, readBody } from './http-io';
import type { GatewayRuntime } from './runtime';
import { sendUpstream } from './upstream';

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
]);

export async function handlePassThrough(
  rt: GatewayRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal,
  requestId: string,
): Promise<void> {
  const startedAt = rt.clock.now();
  const match = /^\/vllm\/([^/]+)(\/.*)?$/.exec((req.url ?? '').split('?')[0]);
  const name = decodeURIComponent(match?.[1] ?? '');
  const rest = (match?.[2] ?? '/') + (req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '');
  const target = rt
    .table()
    .targets()
    .find((t) => t.kind === 'deployment' && t.name === name);
  if (!target)
    throw new GatewayError(
      404,
      'not_found_error',
      `No deployment named \`${name}\`. \`switchyard ps\` lists them.`,
      'deployment_not_found',
    );
  if (target.unavailable)
    throw new GatewayError(
      503,
      'service_unavailable',
      `${name} cannot take requests now: ${target.unavailable}.`,
      'deployment_unavailable',
    );

  const admission = rt.admit(principal, 0);
  if (!admission.ok)
    throw new GatewayError(
      429,
      'rate_limit_exceeded',
      `Rate limit reached (${admission.limit}): ${admission.message}`,
      'rate_limit_exceeded',
      null,
      { 'retry-after': String(admission.retryAfterS) },
    );
  const exhausted = rt.budgetScopes(principal).some((id) => {
    const s = rt.ledger.get(id);
    return s?.maxUsd != null && s.spentUsd >= s.maxUsd;
  });
  if (exhausted) {
    admission.release(0);
    throw new GatewayError(429, 'budget_exceeded', 'Budget exceeded: this key has no budget left.', 'budget_exceeded');
  }

  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req, rt.maxBodyBytes);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !HOP_BY_HOP.has(k)) headers[k] = v;
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  let status = 502;
  try {
    const upstream = await sendUpstream({
      url: target.baseUrl.replace(/\/v1$/, '') + rest,
      method: req.method ?? 'GET',
      headers,
      body,
      firstByteTimeoutMs: rt.timeouts.firstByteMs,
      idleTimeoutMs: rt.timeouts.idleMs,
    });
    status = upstream.statusCode;
    const out: Record<string, string> = { 'x-switchyard-deployment': name, 'x-switchyard-attempts': '1' };
    for (const [k, v] of Object.entries(upstream.headers)) if (typeof v === 'string' && !HOP_BY_HOP.has(k)) out[k] = v;
    res.writeHead(status, out);
    for await (const chunk of upstream.body) res.write(chunk);
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
    admission.release(0);
    await rt.writer.log({
      id: requestId,
      at: startedAt,
      keyId: principal.keyId,
      teamId: principal.teamId,
      modelGroup: null,
      deployment: name,
      status,
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
      latencyMs: rt.clock.now() - startedAt,
      ttftMs: null,
      attempts: 1,
      errorClass: status >= 400 ? 'pass_through' : null,
    });
  }
}
