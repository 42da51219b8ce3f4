// Reading request bodies with a size limit, and the gateway's error type, which the server's one
// error handler turns into OpenAI's error shape.
import type { IncomingMessage } from 'node:http';
import { MAX_JSON_DEPTH, jsonNestingDepth } from '../json-nesting';
import type { OpenAiErrorType } from './openai-error';

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly type: OpenAiErrorType,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    // A client that sends half a body and hangs up: nobody will read the answer, but the request
    // must end here (as the client's fault) rather than wait forever or look like the gateway's.
    const incomplete = () =>
      reject(new GatewayError(400, 'invalid_request_error', 'The request body ended early.', 'incomplete_body'));
    req.on('error', incomplete);
    req.on('close', () => {
      if (!req.complete) incomplete();
    });
  });
}

const tooLarge = (maxBytes: number) =>
  new GatewayError(
    413,
    'invalid_request_error',
    `The request body is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB.`,
    'request_too_large',
  );

export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  // Refused before parsing: a deeply nested value would overflow the stack of whatever walks it later.
  if (jsonNestingDepth(raw, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new GatewayError(
      400,
      'invalid_request_error',
      `The request body nests more than ${MAX_JSON_DEPTH} levels of arrays and objects: flatten it.`,
      'nesting_too_deep',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new GatewayError(
      400,
      'invalid_request_error',
      `The request body is not valid JSON: ${(err as Error).message}`,
      'invalid_json',
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new GatewayError(400, 'invalid_request_error', 'The request body must be a JSON object.', 'invalid_json');
  }
  return parsed as Record<string, unknown>;
}
