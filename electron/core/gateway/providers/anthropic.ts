// Anthropic's Messages API behind the OpenAI chat surface: the request, the response and the
// stream are translated both ways, so clients keep speaking OpenAI's format.
// Wire format: https://docs.anthropic.com/en/api/messages and /en/api/messages-streaming.

import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { OutboundProvider } from './provider';
import { ANTHROPIC_DEFAULT_MAX_TOKENS as DEFAULT_MAX_TOKENS } from '../worst-case';

export const ANTHROPIC_VERSION = '2023-06-01';

type OpenAiPart = { type?: string; text?: string };
type OpenAiMessage = { role: string; content?: string | OpenAiPart[] | null };

const textOf = (content: OpenAiMessage['content']): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => p.text ?? '').join('') : '';

/** OpenAI chat request → Anthropic Messages request body. */
export function toAnthropicRequest(body: Record<string, unknown>, upstreamModel: string): Record<string, unknown> {
  const messages = (body.messages as OpenAiMessage[]) ?? [];
  const system = messages
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => textOf(m.content))
    .join('\n\n');
  const turns = messages
    .filter((m) => m.role !== 'system' && m.role !== 'developer')
    .map((m) => ({
      role: m.role === 'assistant' ? 'assistant' : 'user',
      content: [{ type: 'text', text: textOf(m.content) }],
    }));
  const stop = body.stop;
  const out: Record<string, unknown> = {
    model: upstreamModel,
    messages: turns,
    max_tokens: (body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS) as number,
  };
  if (system) out.system = system;
  if (typeof body.temperature === 'number') out.temperature = Math.min(1, body.temperature);
  if (typeof body.top_p === 'number') out.top_p = body.top_p;
  if (stop != null) out.stop_sequences = Array.isArray(stop) ? stop : [stop];
  if (body.stream === true) out.stream = true;
  if (typeof body.user === 'string') out.metadata = { user_id: body.user };
  return out;
}

export function anthropicHeaders(apiKey: string | null): Record<string, string> {
  return {
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
    ...(apiKey ? { 'x-api-key': apiKey } : {}),
  };
}

const FINISH: Record<string, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  pause_turn: 'stop',
  refusal: 'content_filter',
};
export const finishReason = (stop: string | null | undefined) => (stop ? (FINISH[stop] ?? 'stop') : null);

type AnthropicMessage = {
  id: string;
  model: string;
  stop_reason: string | null;
  content: Array<{ type: string; text?: string }>;
  usage: { input_tokens: number; output_tokens: number; cache_read_input_tokens?: number };
};

/** Anthropic Messages response → OpenAI chat.completion. */
export function fromAnthropicResponse(message: AnthropicMessage, model: string, nowS: number): Record<string, unknown> {
  const text = message.content
    .filter((b) => b.type === 'text')
    .map((b) => b.text ?? '')
    .join('');
  const { input_tokens: prompt, output_tokens: completion } = message.usage;
  return {
    id: `chatcmpl-${message.id}`,
    object: 'chat.completion',
    created: nowS,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text },
        logprobs: null,
        finish_reason: finishReason(message.stop_reason),
      },
    ],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

/** Anthropic's error body → message text, for OpenAI-shaped errors. */
export function anthropicErrorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { type?: string; message?: string } };
    return parsed.error?.message ? `${parsed.error.type ?? 'error'}: ${parsed.error.message}` : text;
  } catch {
    return text;
  }
}

/**
 * Turns Anthropic's SSE stream into OpenAI chat.completion.chunk events as bytes arrive. Always
 * emits the usage chunk (the relay drops it when the client did not ask for usage).
 */
/** One event of Anthropic's Messages stream, read loosely: only the fields the translation uses. */
// biome-ignore lint/suspicious/noExplicitAny: the stream's events are many shapes; each branch reads its own fields
type AnthropicEvent = Record<string, any>;

export class AnthropicStreamTranslator {
  private id = 'chatcmpl-anthropic';
  private prompt = 0;
  private completion = 0;
  private finish: string | null = null;
  private out = '';
  private readonly parser: EventSourceParser;

  constructor(
    private readonly model: string,
    private readonly nowS: number,
  ) {
    this.parser = createParser({
      onEvent: (event) => {
        let parsed: AnthropicEvent;
        try {
          parsed = JSON.parse(event.data) as AnthropicEvent;
        } catch {
          parsed = {
            type: 'error',
            error: { type: 'api_error', message: 'Anthropic sent an event that is not JSON.' },
          };
        }
        this.out += this.translate(parsed);
      },
    });
  }

  private readonly decoder = new TextDecoder();

  push(chunk: string | Uint8Array): string {
    // The body may arrive as bytes: a character split between two chunks is joined by the decoder.
    this.parser.feed(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    const out = this.out;
    this.out = '';
    return out;
  }

  private chunk(delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}): string {
    const choices = delta === NO_CHOICE ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }];
    return `data: ${JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.nowS, model: this.model, choices, ...extra })}\n\n`;
  }

  private translate(event: AnthropicEvent): string {
    switch (event.type) {
      case 'message_start':
        this.id = `chatcmpl-${event.message?.id ?? 'anthropic'}`;
        this.prompt = event.message?.usage?.input_tokens ?? 0;
        this.completion = event.message?.usage?.output_tokens ?? 0;
        return this.chunk({ role: 'assistant', content: '' }, null);
      case 'content_block_delta':
        return event.delta?.type === 'text_delta' && event.delta.text
          ? this.chunk({ content: event.delta.text }, null)
          : '';
      case 'message_delta':
        this.finish = finishReason(event.delta?.stop_reason) ?? 'stop';
        if (typeof event.usage?.output_tokens === 'number') this.completion = event.usage.output_tokens;
        return this.chunk({}, this.finish);
      case 'message_stop':
        return (
          this.chunk(NO_CHOICE, null, {
            usage: {
              prompt_tokens: this.prompt,
              completion_tokens: this.completion,
              total_tokens: this.prompt + this.completion,
            },
          }) + 'data: [DONE]\n\n'
        );
      case 'error':
        return `data: ${JSON.stringify({ error: { message: event.error?.message ?? 'Anthropic stream error', type: event.error?.type ?? 'api_error', param: null, code: 'upstream_stream_error' } })}\n\n`;
      default:
        return ''; // ping, content_block_start, content_block_stop
    }
  }
}

const NO_CHOICE: Record<string, unknown> = {};

/**
 * The outbound adapter for Anthropic targets: chat in the common form is translated to Messages
 * and back; a client's own Messages request (`native`) goes unchanged but for the model name.
 */
export const anthropicProvider: OutboundProvider = {
  refuses: (route, t) =>
    route === 'chat/completions' ? null : `${t.name} is an Anthropic target: it serves chat completions only.`,
  encode(t, request, requestId, native) {
    const body =
      native && request.native
        ? { ...request.native.body, model: t.upstreamModel }
        : toAnthropicRequest(request.stream ? { ...request.body, stream: true } : request.body, t.upstreamModel);
    return {
      url: `${t.baseUrl}/v1/messages`,
      body: JSON.stringify(body),
      headers: {
        ...anthropicHeaders(t.apiKey),
        ...(native ? request.native?.headers : undefined),
        'x-request-id': requestId,
      },
    };
  },
  errorText: (text) => JSON.stringify({ error: { message: anthropicErrorMessage(text) } }),
  decode: (text, model, nowS) => JSON.stringify(fromAnthropicResponse(JSON.parse(text), model, nowS)),
  streamDecoder: (model, nowS) => new AnthropicStreamTranslator(model, nowS),
};
