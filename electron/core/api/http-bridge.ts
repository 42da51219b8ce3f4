// The headless bridge: the admin API over HTTP on loopback, derived from the shared contract.
//   POST /api/<call>   JSON body = the call's input → {result} or {error} (status from the code)
//   GET  /api/events   server-sent events, one `data: {"name","payload"}` per push event
//   GET  /*            the built renderer (static files)
// Every /api route needs the admin token (Authorization: Bearer, or ?token= for EventSource);
// the Host header must be loopback, which stops DNS-rebinding pages from reaching the API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { HTTP_STATUS_OF, type ApiErrorBody } from '../../../shared/contract';
import type { EventBus } from '../events';
import { dispatch, type Handlers } from './dispatch';
import { serveStatic } from './static-files';

const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export interface AdminServerOptions {
  handlers: Handlers;
  events: EventBus;
  token: string;
  host: string;
  port: number;
  /** Folder of the built renderer; null serves the API alone. */
  rendererDir: string | null;
}

export interface AdminServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

const sendError = (res: ServerResponse, error: ApiErrorBody) => sendJson(res, HTTP_STATUS_OF[error.code], { error });

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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('too large'), { code: 'TOO_LARGE' }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
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

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
    if (!tokenMatches(token, bearer ?? url.searchParams.get('token'))) {
      sendError(res, {
        code: 'unauthorized',
        message:
          'Missing or wrong admin token: open the URL `switchyard serve` printed (…/#token=…), or read the token from instance.json in the data dir.',
      });
      return;
    }
    const name = decodeURIComponent(url.pathname.slice('/api/'.length));
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
    if (req.method !== 'POST') {
      sendError(res, { code: 'invalid_input', message: `Admin calls are POST /api/<call>; got ${req.method}.` });
      return;
    }
    let input: unknown;
    try {
      const text = await readBody(req);
      input = text.trim() ? JSON.parse(text) : {};
    } catch (err) {
      const tooLarge = (err as { code?: string }).code === 'TOO_LARGE';
      sendError(res, {
        code: 'invalid_input',
        message: tooLarge
          ? `The request body is over ${MAX_BODY_BYTES} bytes.`
          : `The request body is not valid JSON: ${(err as Error).message}`,
      });
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
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, url).catch((err) => sendError(res, { code: 'internal', message: String(err) }));
      return;
    }
    if (options.rendererDir && (req.method === 'GET' || req.method === 'HEAD')) {
      serveStatic(options.rendererDir, url.pathname, res);
      return;
    }
    sendError(res, { code: 'not_found', message: `No route ${req.method} ${url.pathname}.` });
  });

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
