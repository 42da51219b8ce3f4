// The simulator's HTTP server (node:http, no framework: it must outrun any gateway in front of
// it). vLLM's routes per model kind, API-key checks on /v1 paths, FastAPI's 404/405 bodies,
// uvicorn's access log, and connections reset until start-up completes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleChatCompletions } from './chat';
import { handleCompletions } from './completions';
import type { SimContext } from './context';
import { HttpMetrics } from './http-metrics';
import { sendJson, sendNotFound, sendUnauthorized, sendVllmError, VllmError } from './http-io';
import * as info from './info-routes';
import { handleEmbeddings, handleRerank, handleScore } from './pooling';
import { REASON_PHRASES, uvicornLine } from './vllm-log';

type Handler = (ctx: SimContext, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

interface Route {
  methods: readonly string[];
  handler: Handler;
  /** Which servers have it: every one, generate models, pooling models, or dev mode only. */
  on: 'always' | 'generate' | 'pooling' | 'dev';
}

const GET = ['GET'];
const POST = ['POST'];

function routeTable(metrics: HttpMetrics): Record<string, Route> {
  return {
    '/health': { methods: GET, handler: info.handleHealth, on: 'always' },
    '/ping': { methods: ['GET', 'POST'], handler: info.handleHealth, on: 'always' },
    '/version': { methods: GET, handler: info.handleVersion, on: 'always' },
    '/load': { methods: GET, handler: info.handleLoad, on: 'always' },
    '/metrics': {
      methods: GET,
      handler: (c, q, s) => info.handleMetrics(c, q, s, () => metrics.render()),
      on: 'always',
    },
    '/v1/models': { methods: GET, handler: info.handleModels, on: 'always' },
    '/tokenize': { methods: POST, handler: info.handleTokenize, on: 'always' },
    '/detokenize': { methods: POST, handler: info.handleDetokenize, on: 'always' },
    '/v1/chat/completions': { methods: POST, handler: handleChatCompletions, on: 'generate' },
    '/v1/completions': { methods: POST, handler: handleCompletions, on: 'generate' },
    '/v1/embeddings': { methods: POST, handler: handleEmbeddings, on: 'pooling' },
    '/score': { methods: POST, handler: handleScore, on: 'pooling' },
    '/v1/score': { methods: POST, handler: handleScore, on: 'pooling' },
    '/rerank': { methods: POST, handler: handleRerank, on: 'pooling' },
    '/v1/rerank': { methods: POST, handler: handleRerank, on: 'pooling' },
    '/v2/rerank': { methods: POST, handler: handleRerank, on: 'pooling' },
    '/sleep': { methods: POST, handler: info.handleSleep, on: 'dev' },
    '/wake_up': { methods: POST, handler: info.handleWakeUp, on: 'dev' },
    '/is_sleeping': { methods: GET, handler: info.handleIsSleeping, on: 'dev' },
    '/reset_prefix_cache': { methods: POST, handler: info.handleResetPrefixCache, on: 'dev' },
  };
}

/** vLLM's --api-key guard covers /v1 (and, newer, /v2 and /inference) only. */
const GUARDED = /^\/(v1|v2|inference)(\/|$)/;

export interface SimServer {
  server: Server;
  /** Opens the doors: until called, every connection is reset (the engine is still loading). */
  markReady(): void;
  /** Stops listening and drops every connection, in-flight requests included. */
  close(): Promise<void>;
}

export function createSimServer(ctx: SimContext): SimServer {
  const httpMetrics = new HttpMetrics();
  const table = routeTable(httpMetrics);
  const { opts } = ctx;
  const available = (route: Route) =>
    route.on === 'always' ||
    (route.on === 'dev' ? opts.devMode : route.on === 'pooling' ? opts.pooling : !opts.pooling);
  const routes = new Map(Object.entries(table).filter(([, r]) => available(r)));
  const keys = opts.apiKeys.map((k) => `Bearer ${k}`);
  let ready = false;
  const sockets = new Set<Socket>();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const route = routes.get(path);
    res.once('finish', () => {
      httpMetrics.observe(
        req.method ?? 'GET',
        route ? path : 'none',
        res.statusCode,
        (performance.now() - started) / 1000,
      );
      if (opts.accessLog) {
        const addr = req.socket.remoteAddress ?? '127.0.0.1';
        opts.log(
          uvicornLine(
            `${addr}:${req.socket.remotePort ?? 0} - "${req.method} ${url} HTTP/${req.httpVersion}" ${res.statusCode} ${REASON_PHRASES[res.statusCode] ?? ''}`.trimEnd(),
          ),
        );
      }
    });
    if (
      keys.length &&
      req.method !== 'OPTIONS' &&
      GUARDED.test(path) &&
      !keys.includes(req.headers.authorization ?? '')
    ) {
      req.resume();
      sendUnauthorized(res);
      return;
    }
    if (!route) {
      req.resume();
      sendNotFound(res);
      return;
    }
    if (!route.methods.includes(req.method ?? '')) {
      req.resume();
      sendJson(res, 405, { detail: 'Method Not Allowed' });
      return;
    }
    if (ctx.dead && route.on !== 'always' && route.on !== 'dev') {
      req.resume();
      sendVllmError(
        res,
        new VllmError(
          500,
          'EngineCore encountered an issue. See stack trace (above) for the root cause.',
          'EngineDeadError',
        ),
      );
      return;
    }
    try {
      const done = route.handler(ctx, req, res);
      if (done) done.catch((err) => fail(res, err));
    } catch (err) {
      fail(res, err);
    }
  };

  const fail = (res: ServerResponse, err: unknown) => {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    if (err instanceof VllmError) sendVllmError(res, err);
    else sendVllmError(res, new VllmError(500, `Internal server error: ${(err as Error)?.message ?? String(err)}`));
  };

  const server = createServer({ keepAliveTimeout: 5_000 }, handle);
  server.on('connection', (socket: Socket) => {
    // While loading, vLLM has no server on the port yet: the client sees a reset. A TCP RST,
    // not a FIN: fetch (undici) retries a request on a plain close and would never give up.
    if (!ready) {
      socket.resetAndDestroy();
      return;
    }
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  return {
    server,
    markReady: () => {
      ready = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        ctx.engine.close();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
