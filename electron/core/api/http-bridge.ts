// The headless bridge: the admin API over HTTP on loopback, derived from the shared contract.
//   POST /api/<call>   JSON body = the call's input → {result} or {error} (status from the code)
//   GET  /api/events   server-sent events, one `data: {"name","payload"}` per push event
//   POST /api/<download>  (or GET with the input as query parameters) a streamed file, e.g. logs.download
//   GET  /*            the built renderer (static files)
// Every /api route needs the admin token (Authorization: Bearer, or ?token= for EventSource);
// the Host header must be loopback, which stops DNS-rebinding pages from reaching the API.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex, Writable } from 'node:stream';
import { HTTP_STATUS_OF, type ApiErrorBody } from '../../../shared/contract';
import type { EventBus } from '../events';
import { dispatch, type Handlers } from './dispatch';
import { toErrorBody } from '../errors';
import { MAX_JSON_DEPTH, jsonNestingDepth } from '../json-nesting';
import { BAD_PATH_MESSAGE, decodeRequestPath, pathOf } from '../url-path';
import type { ReplicaRoutes } from './replicas';
import { serveStatic } from './static-files';

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_DISCARD_BYTES = 64 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export interface AdminServerOptions {
  handlers: Handlers;
  events: EventBus;
  token: string;
  host: string;
  port: number;
  /** Folder of the built renderer; null serves the API alone. */
  rendererDir: string | null;
  /** Routes that answer with a streamed file instead of {result}, by name. */
  downloads?: Record<string, Download>;
  /** The gateway replicas' routes under /replica/ (api/replicas.ts), with their own token. */
  replicas?: ReplicaRoutes;
}

/** A streamed answer: `open` checks the input (throwing ApiError) before a byte is sent. */
export interface Download {
  open(input: unknown): { contentType: string; filename: string; write(out: Writable): Promise<unknown> };
}

export interface AdminServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  // The last resort of a failed call may find its answer already under way: cut it rather than throw.
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(text);
}

const sendError = (res: ServerResponse, error: ApiErrorBody, status = HTTP_STATUS_OF[error.code]) =>
  sendJson(res, status, { error });

function tokenMatches(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isLoopbackHost(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.replace(/:\d+$/, '');
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** A query parameter holding JSON; left as text when it is not (the route's check then says so). */
function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Streams a download; an error before the first byte is the admin API's error shape, after it a cut connection. */
async function sendDownload(res: ServerResponse, download: Download, input: unknown): Promise<void> {
  let opened: ReturnType<Download['open']>;
  try {
    opened = download.open(input);
  } catch (err) {
    sendError(res, toErrorBody(err));
    return;
  }
  res.writeHead(200, {
    'content-type': opened.contentType,
    'content-disposition': `attachment; filename="${opened.filename}"`,
    'cache-control': 'no-store',
  });
  try {
    await opened.write(res);
    res.end();
  } catch (err) {
    console.error('[api] download failed:', err);
    res.destroy();
  }
}

type Body = { ok: true; text: string } | { ok: false; problem: 'too_large' | 'incomplete'; keepAlive: boolean };

/**
 * Reads the body, keeping at most MAX_BODY_BYTES. Past that the rest is read and dropped, so
 * the client, still sending, sees the 413 rather than a reset connection; past
 * MAX_DISCARD_BYTES (or when the declared length is already that big) it is answered at once
 * and the connection closed.
 */
function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_DISCARD_BYTES) {
      resolve({ ok: false, problem: 'too_large', keepAlive: false });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DISCARD_BYTES) {
        req.removeAllListeners('data');
        resolve({ ok: false, problem: 'too_large', keepAlive: false });
      } else chunks.length = 0;
    });
    req.on('end', () =>
      resolve(
        size > MAX_BODY_BYTES
          ? { ok: false, problem: 'too_large', keepAlive: true }
          : { ok: true, text: Buffer.concat(chunks).toString('utf8') },
      ),
    );
    req.on('error', () => resolve({ ok: false, problem: 'incomplete', keepAlive: false }));
    req.on('close', () => {
      if (!req.complete) resolve({ ok: false, problem: 'incomplete', keepAlive: false });
    });
  });
}

/** Requests Node's HTTP parser refuses never reach a route; they still get the admin API's error shape. */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({
    error: {
      code: 'invalid_input',
      message:
        status === 431
          ? 'The request headers are too large (16 KiB at most in all).'
          : `The request is not valid HTTP/1.1 (${err.code ?? 'parse error'}).`,
    },
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

export function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const { handlers, events, token } = options;
  const streams = new Set<ServerResponse>();
  const unsubscribe = events.onAny((name, payload) => {
    const frame = `data: ${JSON.stringify({ name, payload })}\n\n`;
    for (const res of streams) res.write(frame);
  });
  const heartbeat = setInterval(() => streams.forEach((res) => res.write(': keep-alive\n\n')), HEARTBEAT_MS);
  heartbeat.unref();

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
    if (!tokenMatches(token, bearer ?? query.get('token'))) {
      sendError(res, {
        code: 'unauthorized',
        message:
          'Missing or wrong admin token: open the URL `switchyard serve` printed (…/#token=…), or read the token from instance.json in the data dir.',
      });
      return;
    }
    const name = decodeRequestPath(path.slice('/api/'.length));
    if (name === null) {
      sendError(res, { code: 'invalid_input', message: BAD_PATH_MESSAGE });
      return;
    }
    if (name === 'events' && req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    const download = options.downloads && Object.hasOwn(options.downloads, name) ? options.downloads[name] : null;
    if (download && req.method === 'GET') {
      const input: Record<string, unknown> = {};
      for (const [k, v] of query) if (k !== 'token') input[k] = k === 'filter' ? parseJsonOr(v) : v;
      await sendDownload(res, download, input);
      return;
    }
    if (req.method !== 'POST') {
      sendError(res, { code: 'invalid_input', message: `Admin calls are POST /api/<call>; got ${req.method}.` });
      return;
    }
    const body = await readBody(req);
    if (!body.ok) {
      // An incomplete body has nobody left to answer.
      if (body.problem === 'incomplete') return;
      sendError(
        res,
        {
          code: 'invalid_input',
          message: `The request body is over the admin API's limit of ${MAX_BODY_BYTES} bytes (1 MiB): send less.`,
        },
        413,
      );
      if (!body.keepAlive) res.on('finish', () => req.socket.destroySoon());
      return;
    }
    if (jsonNestingDepth(body.text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      sendError(res, {
        code: 'invalid_input',
        message: `The request body nests more than ${MAX_JSON_DEPTH} levels of arrays and objects.`,
      });
      return;
    }
    let input: unknown;
    try {
      input = body.text.trim() ? JSON.parse(body.text) : {};
    } catch (err) {
      sendError(res, {
        code: 'invalid_input',
        message: `The request body is not valid JSON: ${(err as Error).message}`,
      });
      return;
    }
    if (download) {
      await sendDownload(res, download, input);
      return;
    }
    const reply = await dispatch(handlers, name, input);
    if (reply.ok) sendJson(res, 200, { result: reply.result });
    else sendError(res, reply.error);
  }

  const server: Server = createServer((req, res) => {
    if (!isLoopbackHost(req.headers.host)) {
      sendError(res, { code: 'unauthorized', message: 'The admin API answers only on 127.0.0.1 or localhost.' });
      return;
    }
    // The raw path, not `new URL(…)`: that throws on targets such as `//%`.
    const path = pathOf(req.url);
    const query = new URLSearchParams((req.url ?? '').slice(path.length + 1));
    if (options.replicas?.handle(req, res, path)) return;
    if (path.startsWith('/api/')) {
      handleApi(req, res, path, query).catch((err) => {
        console.error('[api] request failed:', err);
        sendError(res, { code: 'internal', message: String(err) });
      });
      return;
    }
    if (options.rendererDir && (req.method === 'GET' || req.method === 'HEAD')) {
      serveStatic(options.rendererDir, path, res);
      return;
    }
    sendError(res, { code: 'not_found', message: `No route ${req.method} ${path.slice(0, 200)}.` });
  });
  server.on('clientError', answerClientError);
  server.on('checkExpectation', (_req, res: ServerResponse) =>
    sendError(res, { code: 'invalid_input', message: 'Only `Expect: 100-continue` is supported.' }, 417),
  );

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        url: `http://${options.host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            clearInterval(heartbeat);
            for (const res of streams) res.end();
            streams.clear();
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
