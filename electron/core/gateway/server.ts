// The gateway's HTTP server: OpenAI-compatible routes, the vLLM pass-through, virtual-key
// management and /metrics. One error handler turns every failure into OpenAI's error shape.
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { BAD_PATH_MESSAGE, decodeRequestPath, pathOf } from '../url-path';
import { bearerToken, type Principal } from './auth';
import { handleCompletion, type OpenAiRoute } from './completions';
import { cohereRerankDialect } from './litellm/cohere-rerank';
import { HEALTH_PROBES, handleHealthProbe } from './litellm/health';
import { handleTokenizerRoute, TOKENIZER_ROUTES } from './litellm/tokenize';
import { runPipeline } from './pipeline/run';
import { canonicalPath } from './route-paths';
import { GatewayError } from './http-io';
import { handleAdminRoute, isAdminRoute } from './admin-routes';
import { refusalReason } from './metrics';
import { sendOpenAiError } from './openai-error';
import { handlePassThrough } from './pass-through';
import { handleAgentRoute, isAgentRoute } from './pipeline/agent-routes';
import { sendRouteError } from './pipeline/errors';
import type { GatewayRuntime } from './runtime';

export interface GatewayServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const OPENAI_ROUTES: Record<string, OpenAiRoute> = {
  '/v1/chat/completions': 'chat/completions',
  '/v1/completions': 'completions',
  '/v1/embeddings': 'embeddings',
  '/v1/rerank': 'rerank',
};

/** The paths whose answers come from the inference pipeline (pipeline/run.ts), which writes x-request-id itself. */
const PIPELINE_PATHS = new Set([...Object.keys(OPENAI_ROUTES), '/v2/rerank', '/v1/messages', '/v1/responses']);

const isLoopback = (address: string | undefined) =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function authenticate(rt: GatewayRuntime, req: IncomingMessage): { principal: Principal; token: string } {
  const token = bearerToken(req.headers);
  const result = rt.keys.authenticate(token);
  if (!result.ok) throw new GatewayError(401, 'authentication_error', result.message, 'invalid_api_key');
  return { principal: result.principal, token: token! };
}

export interface GatewayHooks {
  /** Keys were changed through /key/* (or routing through /model/new|delete): the app should refresh what it shows. */
  onKeysChanged(change?: 'keys' | 'routing'): void;
}

export function createGatewayHandler(rt: GatewayRuntime, hooks: GatewayHooks) {
  async function route(req: IncomingMessage, res: ServerResponse, requestId: string, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    // Checked once here, so no route below can meet a malformed `%` (the pass-through decodes its name).
    if (decodeRequestPath(path) === null)
      throw new GatewayError(400, 'invalid_request_error', BAD_PATH_MESSAGE, 'invalid_path');
    if (path === '/health' && (method === 'GET' || method === 'HEAD')) return sendJson(res, 200, { status: 'ok' });
    if (HEALTH_PROBES.has(path) && (method === 'GET' || method === 'HEAD')) return handleHealthProbe(rt, path, res);
    if (path === '/metrics' && method === 'GET') {
      if (!isLoopback(req.socket.remoteAddress) && !authenticate(rt, req).principal.isMaster) {
        throw new GatewayError(
          403,
          'permission_error',
          '/metrics needs the master key from outside this machine.',
          'master_key_required',
        );
      }
      const text = rt.renderMetrics();
      res.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
      return;
    }
    const openAiRoute = OPENAI_ROUTES[path];
    if (openAiRoute) {
      if (method !== 'POST')
        throw new GatewayError(405, 'invalid_request_error', `${path} takes POST.`, 'method_not_allowed');
      const { principal } = authenticate(rt, req);
      return handleCompletion(rt, openAiRoute, req, res, principal, requestId);
    }
    if (path === '/v2/rerank') {
      if (method !== 'POST')
        throw new GatewayError(405, 'invalid_request_error', `${path} takes POST.`, 'method_not_allowed');
      const { principal } = authenticate(rt, req);
      return runPipeline(rt, cohereRerankDialect, req, res, principal, requestId);
    }
    if (TOKENIZER_ROUTES.has(path)) {
      const { principal } = authenticate(rt, req);
      return handleTokenizerRoute(rt, path, req, res, principal, requestId);
    }
    if (isAgentRoute(path)) {
      const { principal } = authenticate(rt, req);
      return handleAgentRoute(rt, path, req, res, principal, requestId);
    }
    if ((path === '/v1/models' || path.startsWith('/v1/models/')) && method === 'GET') {
      const { principal } = authenticate(rt, req);
      const created = Math.floor(rt.clock.now() / 1000);
      const groups = rt
        .table()
        .groups()
        .filter((g) => principal.isMaster || principal.models.length === 0 || principal.models.includes(g.name));
      const model = (name: string) => ({ id: name, object: 'model', created, owned_by: 'switchyard' });
      if (path === '/v1/models') return sendJson(res, 200, { object: 'list', data: groups.map((g) => model(g.name)) });
      // models.retrieve: the id may hold slashes (org/model); a group this key may not use is not shown either.
      const id = decodeRequestPath(path.slice('/v1/models/'.length)) ?? '';
      if (!groups.some((g) => g.name === id))
        throw new GatewayError(
          404,
          'invalid_request_error',
          `The model \`${id}\` does not exist. GET /v1/models lists the model groups this key may use.`,
          'model_not_found',
          'model',
        );
      return sendJson(res, 200, model(id));
    }
    if (path.startsWith('/vllm/')) {
      const { principal } = authenticate(rt, req);
      return handlePassThrough(rt, req, res, principal, requestId);
    }
    if (isAdminRoute(path)) {
      const { principal, token } = authenticate(rt, req);
      return handleAdminRoute(rt, path, req, res, principal, token, hooks.onKeysChanged);
    }
    throw new GatewayError(
      404,
      'not_found_error',
      `No route ${method} ${path}. The gateway serves /v1/chat/completions, /v1/completions, /v1/messages, /v1/responses, /v1/embeddings, /v1/rerank, /v2/rerank, /v1/models (each also without /v1), /tokenize, /detokenize, /vllm/{deployment}/…, /key/*, /model/*, /spend/*, /metrics, /health and /health/liveliness|readiness.`,
      'route_not_found',
    );
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    // A client's own request id is kept when it is a plain token; anything else could not be echoed as a header.
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : timeOrderedUuid(rt.clock.now());
    const path = canonicalPath(pathOf(req.url));
    // The inference pipeline sends x-request-id in its answer's one writeHead: a header set before
    // it would make Node take every header of that writeHead through setHeader again.
    if (!PIPELINE_PATHS.has(path)) res.setHeader('x-request-id', requestId);
    route(req, res, requestId, path).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      res.setHeader('x-request-id', requestId);
      if (err instanceof GatewayError) {
        rt.metrics.refused(err.status, refusalReason(err));
        for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
        sendRouteError(path, res, err, requestId);
        return;
      }
      console.error('[gateway] unexpected error:', err);
      sendOpenAiError(
        res,
        500,
        'api_error',
        `The gateway failed unexpectedly: ${(err as Error).message}. The request was not sent.`,
        'internal_error',
      );
    });
  };
}

const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/**
 * A version-7 UUID (RFC 9562): the time in ms, then random bits. Ids made later sort later, so
 * the request log's index by request id grows at its end; a random (version-4) id put each row
 * on a page of its own and cost more than the rest of the row's write together.
 */
export function timeOrderedUuid(nowMs: number): string {
  const ms = Math.floor(nowMs);
  if (ms !== uuidPrefixMs) {
    const time = ms.toString(16).padStart(12, '0');
    uuidPrefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
    uuidPrefixMs = ms;
  }
  return uuidPrefix + randomUUID().slice(15);
}
/** The time part of the last millisecond's ids, made once per millisecond. */
let uuidPrefixMs = -1;
let uuidPrefix = '';

/**
 * Requests Node's HTTP parser refuses (bad Content-Length, headers over the size limit, broken
 * framing) never reach a route; they still get OpenAI's error shape, then the connection closes.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const message =
    status === 431
      ? 'The request headers are too large (16 KiB at most in all).'
      : status === 408
        ? 'The request took too long to arrive.'
        : /CONTENT_LENGTH/.test(err.code ?? '')
          ? 'The Content-Length header is not valid: send one non-negative number, and not together with Transfer-Encoding.'
          : `The request is not valid HTTP/1.1 (${err.code ?? 'parse error'}).`;
  const body = JSON.stringify({
    error: { message, type: 'invalid_request_error', param: null, code: 'bad_http_request' },
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

export function startGatewayServer(
  rt: GatewayRuntime,
  host: string,
  port: number,
  hooks: GatewayHooks,
): Promise<GatewayServer> {
  const server = createServer(createGatewayHandler(rt, hooks));
  server.on('clientError', answerClientError);
  // Node answers an Expect it does not know with a bare 417; this one says why, in OpenAI's shape.
  server.on('checkExpectation', (_req, res: ServerResponse) =>
    sendOpenAiError(
      res,
      417,
      'invalid_request_error',
      'Only `Expect: 100-continue` is supported.',
      'expectation_failed',
    ),
  );
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolve({
        server,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
