// One Playground chat, sent through the gateway as an app would send it (so routing, fallbacks,
// limits and cost are what apps get): streamed, relayed to the renderer as coalesced
// `playground.delta` events, and closed with one `playground.done` carrying the figures the
// gateway's headers and its request log hold (served target, attempts, TTFT, tokens, cost).
import { createParser } from 'eventsource-parser';
import type { PlaygroundFigures, PlaygroundRequest } from '../../../shared/contract-playground';
import type { EventPayload } from '../../../shared/contract';
import type { LogRow } from '../../../shared/contract-logs';

/** How often pieces of an answer are handed on (ms): a token per event would flood the bridge. */
const DELTA_EVERY_MS = 40;
/** How long the figures wait for the request's log row (the gateway writes it before [DONE]; a stop takes a moment). */
const LOG_WAIT_MS = 2_000;

export interface ChatRunDeps {
  gatewayUrl: string;
  key: string;
  emitDelta(delta: EventPayload<'playground.delta'>): void;
  emitDone(done: EventPayload<'playground.done'>): void;
  /** The request's log row, once the gateway has written it. */
  findLogRow(requestId: string, sinceMs: number): LogRow | null;
  now?: () => number;
}

/** The OpenAI chat body of a Playground request (streamed, usage asked for). */
export function chatBody(request: PlaygroundRequest): Record<string, unknown> {
  const { params } = request;
  const body: Record<string, unknown> = {
    model: request.model,
    stream: true,
    stream_options: { include_usage: true },
    messages: request.messages.map((m) => ({
      role: m.role,
      content: m.images?.length
        ? [
            ...(m.content ? [{ type: 'text', text: m.content }] : []),
            ...m.images.map((url) => ({ type: 'image_url', image_url: { url } })),
          ]
        : m.content,
      ...(m.toolCalls?.length
        ? {
            tool_calls: m.toolCalls.map((c) => ({
              id: c.id,
              type: 'function',
              function: { name: c.name, arguments: c.arguments },
            })),
          }
        : {}),
      ...(m.toolCallId ? { tool_call_id: m.toolCallId } : {}),
    })),
  };
  if (params.temperature !== undefined) body.temperature = params.temperature;
  if (params.topP !== undefined) body.top_p = params.topP;
  if (params.maxTokens !== undefined) body.max_tokens = params.maxTokens;
  if (params.seed !== undefined) body.seed = params.seed;
  if (params.stop?.length) body.stop = params.stop;
  if (request.tools?.length) body.tools = request.tools;
  const format = params.responseFormat;
  if (format?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema')
    body.response_format = {
      type: 'json_schema',
      json_schema: {
        name: format.name,
        schema: format.schema,
        ...(format.strict !== undefined ? { strict: format.strict } : {}),
      },
    };
  return body;
}

const numberHeader = (headers: Headers, name: string): number | null => {
  const v = headers.get(name);
  return v !== null && Number.isFinite(Number(v)) ? Number(v) : null;
};

async function errorMessageOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 500) || `the gateway answered ${response.status}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one chat to its end (finished, stopped through `signal`, or failed); never throws. */
export async function runChat(request: PlaygroundRequest, deps: ChatRunDeps, signal: AbortSignal): Promise<void> {
  const now = deps.now ?? Date.now;
  const started = now();
  const requestId = `playground-${request.runId}`;
  let firstTokenAt: number | null = null;
  let usage: { prompt: number; completion: number } | null = null;
  let finishReason: string | null = null;
  let pending: EventPayload<'playground.delta'> = { runId: request.runId, content: '', reasoning: '', toolCalls: [] };
  let lastFlush = started;
  const flush = () => {
    if (pending.content || pending.reasoning || pending.toolCalls.length) deps.emitDelta(pending);
    pending = { runId: request.runId, content: '', reasoning: '', toolCalls: [] };
    lastFlush = now();
  };
  const figures: PlaygroundFigures = {
    status: 0,
    requestId: null,
    servedBy: null,
    modelGroup: null,
    attempts: null,
    ttftMs: null,
    latencyMs: 0,
    tokensPerSecond: null,
    promptTokens: null,
    completionTokens: null,
    costUsd: null,
    logSeq: null,
  };
  let outcome: 'finished' | 'stopped' | 'failed' = 'finished';
  let error: string | null = null;

  try {
    const response = await fetch(`${deps.gatewayUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${request.apiKey ?? deps.key}`,
        'content-type': 'application/json',
        'x-request-id': requestId,
      },
      body: JSON.stringify(chatBody(request)),
      signal,
    });
    figures.status = response.status;
    figures.requestId = response.headers.get('x-request-id');
    figures.servedBy = response.headers.get('x-switchyard-deployment');
    figures.modelGroup = response.headers.get('x-switchyard-model-group');
    figures.attempts = numberHeader(response.headers, 'x-switchyard-attempts');
    if (!response.ok || !response.body) {
      outcome = 'failed';
      error = await errorMessageOf(response);
    } else {
      const parser = createParser({
        onEvent: (event) => {
          if (event.data === '[DONE]') return;
          let chunk: {
            choices?: Array<{
              delta?: {
                content?: string | null;
                reasoning_content?: string | null;
                reasoning?: string | null;
                tool_calls?: Array<{ index?: number; id?: string; function?: { name?: string; arguments?: string } }>;
              };
              finish_reason?: string | null;
            }>;
            usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
            error?: { message?: string };
          };
          try {
            chunk = JSON.parse(event.data);
          } catch {
            return;
          }
          if (chunk.error?.message) error = chunk.error.message;
          if (chunk.usage)
            usage = { prompt: chunk.usage.prompt_tokens ?? 0, completion: chunk.usage.completion_tokens ?? 0 };
          const choice = chunk.choices?.[0];
          if (!choice) return;
          if (choice.finish_reason) finishReason = choice.finish_reason;
          const delta = choice.delta ?? {};
          const reasoning = delta.reasoning_content ?? delta.reasoning ?? '';
          const content = delta.content ?? '';
          if ((content || reasoning || delta.tool_calls?.length) && firstTokenAt === null) firstTokenAt = now();
          pending.content += content;
          pending.reasoning += reasoning;
          for (const call of delta.tool_calls ?? []) {
            pending.toolCalls.push({
              index: call.index ?? 0,
              id: call.id,
              name: call.function?.name ?? '',
              arguments: call.function?.arguments ?? '',
            });
          }
          if (now() - lastFlush >= DELTA_EVERY_MS) flush();
        },
      });
      const decoder = new TextDecoder();
      for await (const bytes of response.body) parser.feed(decoder.decode(bytes as Uint8Array, { stream: true }));
      if (error) outcome = 'failed';
    }
  } catch (err) {
    if (signal.aborted) outcome = 'stopped';
    else {
      outcome = 'failed';
      error = `Could not reach the gateway at ${deps.gatewayUrl}: ${(err as Error).message}. Is it running (Overview)?`;
    }
  }
  flush();
  const ended = now();
  figures.latencyMs = ended - started;
  figures.ttftMs = firstTokenAt === null ? null : firstTokenAt - started;
  const counted = usage as { prompt: number; completion: number } | null;
  if (counted) {
    figures.promptTokens = counted.prompt;
    figures.completionTokens = counted.completion;
  }

  // The row the gateway logged: its cost, and its tokens when a stop cut the usage chunk off.
  const id = figures.requestId ?? requestId;
  if (figures.status > 0) {
    const deadline = now() + LOG_WAIT_MS;
    let row = deps.findLogRow(id, started - 1_000);
    while (!row && now() < deadline) {
      await sleep(100);
      row = deps.findLogRow(id, started - 1_000);
    }
    if (row) {
      figures.logSeq = row.seq;
      figures.costUsd = row.costUsd;
      figures.promptTokens ??= row.promptTokens;
      figures.completionTokens ??= row.completionTokens;
      figures.servedBy ??= row.deployment;
      figures.attempts ??= row.attempts;
      figures.requestId = row.id;
    }
  }
  if (firstTokenAt !== null && figures.completionTokens && figures.completionTokens > 1 && ended > firstTokenAt)
    figures.tokensPerSecond = (figures.completionTokens - 1) / ((ended - firstTokenAt) / 1000);
  deps.emitDone({ runId: request.runId, outcome, error, finishReason, figures });
}
