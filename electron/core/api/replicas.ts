// The admin API's routes for gateway replicas (`switchyard gateway --join`), beside the contract's
// calls on the same loopback listener (http-bridge.ts hands /replica/* here):
//   GET  /replica/v1/snapshot   the routing table, key hashes, teams and users (ReplicaSnapshot)
//   GET  /replica/v1/changes    server-sent events: `event: change` each time that state changes
//   POST /replica/v1/log-rows   a batch of spooled request-log rows (LogBatch), idempotent by request id
// Each needs the replica-join token (replica/join-token.ts) as `Authorization: Bearer`; the admin
// token and the master key are not accepted here, and the join token opens nothing else.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_STATUS_OF, type ApiErrorBody } from '../../../shared/contract';
import { invalidInput, toErrorBody } from '../errors';
import type { ReplicaHub } from '../replica/replica-hub';
import type { ReplicaLogIngest } from '../replica/log-ingest';
import { joinTokenMatches } from '../replica/join-token';
import { LOG_BATCH_MAX_BYTES, LogBatch, REPLICA_ROUTES } from '../replica/replica-wire';
import type { Store } from '../store';

export interface ReplicaRoutes {
  /** Answers `path` when it is a replica route (true), else leaves the request alone (false). */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

const fail = (res: ServerResponse, error: ApiErrorBody, status = HTTP_STATUS_OF[error.code]) =>
  send(res, status, { error });

/** The body as text, or null after answering 413 when it is over LOG_BATCH_MAX_BYTES. */
function readBoundedBody(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  return new Promise((resolve) => {
    if (Number(req.headers['content-length'] ?? 0) > LOG_BATCH_MAX_BYTES) {
      tooLarge(res, req);
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > LOG_BATCH_MAX_BYTES) {
        req.removeAllListeners('data');
        tooLarge(res, req);
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

function tooLarge(res: ServerResponse, req: IncomingMessage): void {
  fail(
    res,
    {
      code: 'invalid_input',
      message: `A log batch is at most ${LOG_BATCH_MAX_BYTES} bytes (4 MiB): ship fewer rows per batch.`,
    },
    413,
  );
  res.on('finish', () => req.socket.destroySoon());
}

export function replicaRoutes(store: Store, hub: ReplicaHub, ingest: ReplicaLogIngest): ReplicaRoutes {
  async function ingestBatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBoundedBody(req, res);
    if (text === null) return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      fail(res, { code: 'invalid_input', message: `The log batch is not valid JSON: ${(err as Error).message}` });
      return;
    }
    const batch = LogBatch.safeParse(raw);
    if (!batch.success) {
      fail(res, invalidInput('log batch', batch.error).toBody());
      return;
    }
    send(res, 200, { result: ingest.ingest(batch.data) });
  }

  return {
    handle(req, res, path) {
      if (!path.startsWith('/replica/')) return false;
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
      if (!joinTokenMatches(store, bearer)) {
        fail(res, {
          code: 'unauthorized',
          message:
            'Missing or wrong replica-join token: run `switchyard gateway token` on the instance machine and pass it to --token.',
        });
        return true;
      }
      const route = `${req.method} ${path}`;
      try {
        if (route === `GET ${REPLICA_ROUTES.snapshot}`) send(res, 200, { result: hub.snapshot() });
        else if (route === `GET ${REPLICA_ROUTES.changes}`) hub.follow(res);
        else if (route === `POST ${REPLICA_ROUTES.logRows}`)
          ingestBatch(req, res).catch((err) => fail(res, toErrorBody(err)));
        else
          fail(res, {
            code: 'not_found',
            message: `No replica route ${route.slice(0, 200)}: the routes are GET ${REPLICA_ROUTES.snapshot}, GET ${REPLICA_ROUTES.changes} and POST ${REPLICA_ROUTES.logRows}.`,
          });
      } catch (err) {
        console.error('[api] replica route failed:', err);
        fail(res, toErrorBody(err));
      }
      return true;
    },
  };
}
