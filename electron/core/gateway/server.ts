// The gateway's HTTP server. In this first cut it answers /health and refuses everything else in
// OpenAI's error shape; routing, keys and budgets plug in behind `handle`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { sendOpenAiError } from './openai-error';

export interface GatewayServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('x-request-id', randomUUID());
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok' }));
    return;
  }
  if (path.startsWith('/v1/') || path.startsWith('/vllm/') || path.startsWith('/key/')) {
    sendOpenAiError(res, 503, 'service_unavailable', `${path} is not served yet: no model groups are configured. Deploy a model or import a LiteLLM config first.`, 'no_routes');
    return;
  }
  sendOpenAiError(res, 404, 'not_found_error', `No route ${req.method} ${path}. The gateway serves /health and the OpenAI-compatible /v1/* routes.`, 'route_not_found');
}

export function startGatewayServer(host: string, port: number): Promise<GatewayServer> {
  const server = createServer(handle);
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
      resolve({
        server,
        url,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        }),
      });
    });
  });
}
