// The routes of the agentic clients' dialects: POST /v1/messages (also ?beta=true) and
// /v1/messages/count_tokens (Claude Code, the Anthropic SDKs), POST /v1/responses and
// GET/DELETE /v1/responses/{id} (Codex CLI, the OpenAI Agents SDK). Inference goes through the
// same pipeline as chat; count_tokens asks the target's own tokenizer when it is a vLLM server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { countTokensToChatRequest, estimateMessagesTokens } from '../dialects/anthropic-messages';
import { GatewayError, parseJsonObject, readBody } from '../http-io';
import type { Principal } from '../auth';
import type { Target } from '../routing/table';
import type { GatewayRuntime } from '../runtime';
import { sendUpstream } from '../upstream';
import { messagesDialectFor } from './messages-dialect';
import { readableBy, responsesDialect } from './responses-dialect';
import { resolveAllowedGroup, runPipeline } from './run';

const RESPONSE_PATH = /^\/v1\/responses\/([\w-]{1,200})$/;
const TOKENIZE_TIMEOUT_MS = 5_000;

export const isAgentRoute = (path: string) =>
  path === '/v1/messages' ||
  path === '/v1/messages/count_tokens' ||
  path === '/v1/responses' ||
  RESPONSE_PATH.test(path);

const methodNotAllowed = (path: string, allowed: string) =>
  new GatewayError(405, 'invalid_request_error', `${path} takes ${allowed}.`, 'method_not_allowed');

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A target whose server has vLLM's /tokenize (a deployment, or an endpoint that is a vLLM server). */
export const hasTokenizer = (t: Target) =>
  !t.unavailable && (t.kind === 'deployment' || t.provider === 'hosted_vllm' || t.provider === 'openai-compatible');

async function tokenizeOn(t: Target, chat: Record<string, unknown>): Promise<number | null> {
  try {
    const response = await sendUpstream({
      url: `${t.baseUrl.replace(/\/v1$/, '')}/tokenize`,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(t.apiKey ? { authorization: `Bearer ${t.apiKey}` } : {}) },
      body: JSON.stringify({ model: t.upstreamModel, messages: chat.messages, tools: chat.tools }),
      firstByteTimeoutMs: TOKENIZE_TIMEOUT_MS,
      idleTimeoutMs: TOKENIZE_TIMEOUT_MS,
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) return null;
    const count = (JSON.parse(text) as { count?: unknown }).count;
    return typeof count === 'number' && count >= 0 ? count : null;
  } catch {
    return null;
  }
}

async function countTokens(rt: GatewayRuntime, req: IncomingMessage, res: ServerResponse, principal: Principal) {
  const body = parseJsonObject(await readBody(req, rt.maxBodyBytes));
  const { chat } = countTokensToChatRequest(body);
  const group = resolveAllowedGroup(rt.table(), principal, chat.model as string);
  const target = group.targets.find(hasTokenizer);
  const counted = target ? await tokenizeOn(target, chat as unknown as Record<string, unknown>) : null;
  // Without a tokenizer at hand, the dialect's estimate (text by bytes, images by their pixels).
  const input_tokens = counted ?? estimateMessagesTokens(body).input_tokens;
  sendJson(res, 200, { input_tokens }, { 'x-switchyard-token-count': counted == null ? 'estimate' : 'tokenizer' });
}

function storedResponse(rt: GatewayRuntime, id: string, principal: Principal) {
  const stored = rt.store.responses.get(id);
  if (!stored || !readableBy(stored, principal)) {
    throw new GatewayError(
      404,
      'not_found_error',
      `No stored response "${id}": only responses created with store: true by this key are kept (for ${rt.store.responses.retentionDays()} days).`,
      'response_not_found',
      'response_id',
    );
  }
  return stored;
}

export async function handleAgentRoute(
  rt: GatewayRuntime,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal,
  requestId: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (path === '/v1/messages' || path === '/v1/responses') {
    if (method !== 'POST') throw methodNotAllowed(path, 'POST');
    return runPipeline(
      rt,
      path === '/v1/messages' ? messagesDialectFor(req.headers) : responsesDialect,
      req,
      res,
      principal,
      requestId,
    );
  }
  if (path === '/v1/messages/count_tokens') {
    if (method !== 'POST') throw methodNotAllowed(path, 'POST');
    return countTokens(rt, req, res, principal);
  }
  const id = RESPONSE_PATH.exec(path)![1];
  if (method === 'GET') return sendJson(res, 200, storedResponse(rt, id, principal).response);
  if (method === 'DELETE') {
    storedResponse(rt, id, principal);
    rt.store.responses.delete(id);
    return sendJson(res, 200, { id, object: 'response', deleted: true });
  }
  throw methodNotAllowed(path, 'GET or DELETE');
}
