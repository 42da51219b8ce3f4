// Ties a generate or pooling request to its HTTP response: it counts toward GET /load while open,
// and a client that disconnects early aborts its sequences (freeing their KV blocks).
import type { ServerResponse } from 'node:http';
import type { SimContext } from './context';
import type { ChoiceState } from './generation';
import type { SseStream } from './sse';

interface Abortable {
  abort(): void;
}

export function bindToResponse(ctx: SimContext, res: ServerResponse, work: Abortable): void {
  ctx.inFlight++;
  res.once('close', () => {
    ctx.inFlight--;
    if (!res.writableFinished) work.abort();
  });
}

/** Headers every inference response carries; X-Request-Id only with --enable-request-id-headers. */
export function responseHeaders(ctx: SimContext, requestId: string): Record<string, string> {
  return ctx.opts.enableRequestIdHeaders ? { 'x-request-id': requestId } : {};
}

/** vLLM's UsageInfo, field order included. */
export function usageOf(run: { promptTokens: number; completionTokens: number }) {
  return {
    prompt_tokens: run.promptTokens,
    total_tokens: run.promptTokens + run.completionTokens,
    completion_tokens: run.completionTokens,
    prompt_tokens_details: null,
  };
}

export interface StreamUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Usage so far of one choice, as continuous_usage_stats chunks carry it. */
export function choiceUsage(c: ChoiceState): StreamUsage {
  return { prompt_tokens: c.promptTokens, completion_tokens: c.tokens, total_tokens: c.promptTokens + c.tokens };
}

/**
 * The common end of a generate request: an aborted one drops the connection; a streamed one
 * sends the usage chunk (when asked for) and [DONE]. Returns false when a JSON body is still due.
 */
export function endGeneration(
  res: ServerResponse,
  run: { choices: ChoiceState[]; promptTokens: number; completionTokens: number },
  stream: SseStream | null,
  includeUsage: boolean,
  usageChunk: (usage: StreamUsage) => unknown,
): boolean {
  if (run.choices.some((c) => c.finishReason === 'abort')) {
    res.destroy();
    return true;
  }
  if (!stream) return false;
  if (includeUsage) {
    const total = run.promptTokens + run.completionTokens;
    stream.send(
      usageChunk({ prompt_tokens: run.promptTokens, completion_tokens: run.completionTokens, total_tokens: total }),
    );
  }
  stream.done();
  return true;
}
