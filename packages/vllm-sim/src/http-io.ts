// HTTP plumbing shared by the simulator's routes: reading JSON bodies, writing JSON, and vLLM's
// error shape ({"error":{"message","type","param","code"}} with the integer status as `code`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/** An error a route throws to answer with vLLM's error shape. */
export class VllmError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = errorTypeFor(status),
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

/** vLLM names error types after the exception classes of OpenAI's SDK. */
export function errorTypeFor(status: number): string {
  switch (status) {
    case 400:
      return 'BadRequestError';
    case 401:
      return 'AuthenticationError';
    case 403:
      return 'PermissionDeniedError';
    case 404:
      return 'NotFoundError';
    case 408:
      return 'TimeoutError';
    case 422:
      return 'UnprocessableEntityError';
    case 429:
      return 'RateLimitError';
    case 501:
      return 'NotImplementedError';
    case 503:
      return 'ServiceUnavailableError';
    default:
      return status >= 500 ? 'InternalServerError' : 'BadRequestError';
  }
}

const BASE_HEADERS = { server: 'uvicorn' } as const;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** An empty 200, as vLLM's /health, /ping, /sleep and /wake_up answer. */
export function sendEmpty(res: ServerResponse, status = 200): void {
  res.writeHead(status, { ...BASE_HEADERS, 'content-length': 0 });
  res.end();
}

export function modelNotFound(model: string): VllmError {
  return new VllmError(404, `The model \`${model}\` does not exist.`, 'NotFoundError', 'model');
}

export function contextLengthError(max: number, promptTokens: number, maxTokens: number): VllmError {
  return new VllmError(
    400,
    `This model's maximum context length is ${max} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`,
  );
}

export function errorBody(status: number, message: string, type = errorTypeFor(status), param: string | null = null) {
  return { error: { message, type, param, code: status } };
}

export function sendVllmError(res: ServerResponse, err: VllmError): void {
  sendJson(res, err.status, errorBody(err.status, err.message, err.type, err.param));
}

/** FastAPI's answer for a route that does not exist. */
export function sendNotFound(res: ServerResponse): void {
  sendJson(res, 404, { detail: 'Not Found' });
}

/** vLLM's answer when --api-key is set and the bearer token is missing or wrong (not OpenAI's shape). */
export function sendUnauthorized(res: ServerResponse): void {
  sendJson(res, 401, { error: 'Unauthorized' });
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new VllmError(413, `Request body is larger than ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new VllmError(
      400,
      `[{'type': 'json_invalid', 'loc': ('body', 0), 'msg': 'JSON decode error', 'input': {}, 'ctx': {'error': '${(err as Error).message.replace(/'/g, '')}'}}]`,
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new VllmError(
      400,
      `[{'type': 'model_attributes_type', 'loc': ('body',), 'msg': 'Input should be a valid dictionary or object to extract fields from', 'input': ${JSON.stringify(body)}}]`,
    );
  }
  return body as Record<string, unknown>;
}

/** vLLM's random_uuid(): a uuid4 as 32 hex digits. */
export function randomHexId(): string {
  return randomUUID().replace(/-/g, '');
}

/** The id base vLLM uses: the client's X-Request-Id when it sent one, else a random one. */
export function baseRequestId(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && header ? header : randomHexId();
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
