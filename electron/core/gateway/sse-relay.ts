// Relays an upstream SSE stream to the client event by event (never buffering more than one
// event), counting usage on the way: the usage chunk when the upstream sends one, else one token
// per content chunk. When the client did not ask for usage, the usage chunk we asked for on its
// behalf is dropped so the client sees exactly what it asked for. Events are split by
// eventsource-parser, the one SSE parser of the gateway.
import { createParser, type EventSourceParser } from 'eventsource-parser';

export interface StreamUsage {
  promptTokens: number | null;
  completionTokens: number;
  /** True when the numbers came from the upstream's own usage chunk. */
  exact: boolean;
  firstChunkAt: number | null;
  finished: boolean;
}

export class SseRelay {
  private readonly parser: EventSourceParser;
  /** What to send to the client from the current push. */
  private out = '';
  /** The closing `[DONE]` event, held back until the request is logged. */
  private held = '';
  readonly usage: StreamUsage = {
    promptTokens: null,
    completionTokens: 0,
    exact: false,
    firstChunkAt: null,
    finished: false,
  };

  constructor(
    private readonly clientWantsUsage: boolean,
    private readonly now: () => number,
  ) {
    this.parser = createParser({
      onEvent: (event) => {
        // Written back as the event came (vLLM and OpenAI send one `data:` line per event).
        const text = `${event.event ? `event: ${event.event}\n` : ''}${event.id ? `id: ${event.id}\n` : ''}${event.data
          .split('\n')
          .map((line) => `data: ${line}`)
          .join('\n')}\n\n`;
        if (this.usage.finished) this.held += text;
        else if (this.inspect(event.data)) {
          if (this.usage.finished) this.held += text;
          else this.out += text;
        }
      },
      onComment: (comment) => {
        if (!this.usage.finished) this.out += `:${comment}\n\n`;
      },
    });
  }

  /** Takes upstream text; returns what to send to the client now (possibly ''). */
  push(chunk: string): string {
    this.parser.feed(chunk);
    const out = this.out;
    this.out = '';
    return out;
  }

  /** What is left at the end: the held `[DONE]` (an unterminated last event is not sent). */
  end(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }

  /** Returns false for events to drop. */
  private inspect(data: string): boolean {
    if (!data) return true;
    if (data === '[DONE]') {
      this.usage.finished = true;
      return true;
    }
    if (this.usage.firstChunkAt === null) this.usage.firstChunkAt = this.now();
    // Parse only what can carry usage or content; a content chunk is one token in vLLM's stream.
    let parsed: {
      usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
      choices?: Array<{ delta?: { content?: string | null }; text?: string }>;
    };
    try {
      parsed = JSON.parse(data);
    } catch {
      return true;
    }
    const usage = parsed.usage;
    if (usage && typeof usage.completion_tokens === 'number') {
      this.usage.promptTokens = usage.prompt_tokens ?? this.usage.promptTokens;
      this.usage.completionTokens = usage.completion_tokens;
      this.usage.exact = true;
      if (!this.clientWantsUsage && (parsed.choices?.length ?? 0) === 0) return false;
      return true;
    }
    if (!this.usage.exact) {
      for (const choice of parsed.choices ?? []) {
        if (choice.delta?.content || choice.text) this.usage.completionTokens += 1;
      }
    }
    return true;
  }
}
