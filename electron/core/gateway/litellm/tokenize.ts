// POST /tokenize and /detokenize with a model group: sent to the group's first target that has
// vLLM's tokenizer routes (a deployment, or an endpoint that is a vLLM server), with the key's
// allow-list and rate limits applied as on every route; nothing is generated, so nothing is
// charged. The target's answer ({count, tokens, max_model_len} / {prompt}) is relayed as it is.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { admitRequest } from '../admission';
import type { Principal } from '../auth';
import { GatewayError, parseJsonObject, readBody } from '../http-io';
import { requireModel } from '../pipeline/openai-dialect';
import { hasTokenizer } from '../pipeline/agent-routes';
import { resolveAllowedGroup } from '../pipeline/run';
import { upstreamRejection } from '../pipeline/upstream-errors';
import type { GatewayRuntime } from '../runtime';
import { sendUpstream } from '../upstream';

export const TOKENIZER_ROUTES = new Set(['/tokenize', '/detokenize', '/v1/tokenize', '/v1/detokenize']);
const TIMEOUT_MS = 30_000;

export async function handleTokenizerRoute(
  rt: GatewayRuntime,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal,
  requestId: string,
): Promise<void> {
  if (req.method !== 'POST')
    throw new GatewayError(405, 'invalid_request_error', `${path} takes POST.`, 'method_not_allowed');
  const route = path.replace(/^\/v1/, '');
  const body = parseJsonObject(await readBody(req, rt.maxBodyBytes));
  const model = requireModel(body);
  if (route === '/detokenize' && !Array.isArray(body.tokens))
    throw new GatewayError(
      400,
      'invalid_request_error',
      '"tokens" must be an array of token ids to turn back into text.',
      'invalid_type',
      'tokens',
    );
  if (route === '/tokenize' && typeof body.prompt !== 'string' && !Array.isArray(body.messages))
    throw new GatewayError(
      400,
      'invalid_request_error',
      'Send "prompt" (a string) or "messages" (a chat) to tokenize.',
      'invalid_type',
      'prompt',
    );
  const group = resolveAllowedGroup(rt.table(), principal, model);
  const target = group.targets.find(hasTokenizer);
  if (!target)
    throw new GatewayError(
      400,
      'invalid_request_error',
      `The group \`${group.name}\` has no vLLM target that is up: ${route} needs a vLLM server's tokenizer (a deployment, or a hosted_vllm endpoint).`,
      'tokenizer_unavailable',
      'model',
    );
  const admitted = await admitRequest(rt, principal, { usd: 0, tokens: 0, unbounded: null });
  try {
    const response = await sendUpstream({
      url: `${target.baseUrl.replace(/\/v1$/, '')}${route}`,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        ...(target.apiKey ? { authorization: `Bearer ${target.apiKey}` } : {}),
      },
      body: JSON.stringify({ ...body, model: target.upstreamModel }),
      firstByteTimeoutMs: TIMEOUT_MS,
      idleTimeoutMs: TIMEOUT_MS,
    });
    const text = await response.body.text();
    if (response.statusCode >= 400) throw upstreamRejection(response.statusCode, text, target, 1);
    res.writeHead(response.statusCode, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-switchyard-deployment': target.name,
      'x-switchyard-model-group': group.name,
    });
    res.end(text);
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    throw new GatewayError(
      502,
      'api_error',
      `${target.name} did not answer ${route}: ${(err as Error).message}`,
      'upstream_unreachable',
    );
  } finally {
    admitted.settle({ tokens: 0, costUsd: 0 });
  }
}
