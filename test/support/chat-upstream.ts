// Pieces of the stream relay tests: chat SSE events as a target sends them, and the gateway's own
// request to a local stand-in target on `port` (what the pipeline's send stage makes of a target).
import { sendUpstream, type UpstreamResponse } from '../../electron/core/gateway/upstream';

/** One chat.completion.chunk event. */
export const chatChunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/** The usage event a target sends last when asked for it. */
export const usageChunk = `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 2 } })}\n\n`;

/** A streamed chat completion asked of the stand-in target listening on `port`. */
export const askChatUpstream = (port: number): Promise<UpstreamResponse> =>
  sendUpstream({
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    firstByteTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
  });
