// Errors in the shape of the route the client called: Anthropic's on /v1/messages (so its SDKs
// raise the error class they would against Anthropic), OpenAI's everywhere else.
import type { ServerResponse } from 'node:http';
import { anthropicErrorBody } from '../dialects/anthropic-messages';
import type { GatewayError } from '../http-io';
import { sendOpenAiError } from '../openai-error';

export const speaksAnthropic = (path: string) => path === '/v1/messages' || path.startsWith('/v1/messages/');

export function sendRouteError(path: string, res: ServerResponse, err: GatewayError, requestId: string): void {
  if (!speaksAnthropic(path)) {
    sendOpenAiError(res, err.status, err.type, err.message, err.code, err.param);
    return;
  }
  // The dialects' own 400s already begin with the field; the pipeline's name it in `param` only.
  const message = err.param && !err.message.startsWith(err.param) ? `${err.param}: ${err.message}` : err.message;
  const text = JSON.stringify(anthropicErrorBody(err.status, { type: err.type, message, code: err.code }, requestId));
  res.writeHead(err.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
