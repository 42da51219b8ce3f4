// Relays an upstream SSE stream to the client as it comes, counting usage on the way: the usage
// chunk when the upstream sends one, else one token per content chunk. When the client did not ask
// for usage, the usage chunk we asked for on its behalf is dropped so the client sees exactly what
// it asked for; the closing `[DONE]` is held back until the request is logged. Events are split by
// eventsource-parser, the one SSE parser of the gateway; a chunk of whole events that needs none
// of that is forwarded as the text it came in (the usual case), others are written back event by
// event. Only events that can carry usage are parsed as JSON: a content chunk is recognised by
// its text, never turned into objects that would be thrown away.
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

export interface StreamUsage {
  promptTokens: number | null;
  completionTokens: number;
  /** True when the numbers came from the upstream's own usage chunk. */
  exact: boolean;
  firstChunkAt: number | null;
  finished: boolean;
}

/** A usage object (not `"usage":null`, which OpenAI sends on every chunk when usage is asked for). */
const CARRIES_USAGE = /"usage"\s*:\s*\{/;
/** A non-empty `content` (chat delta) or `text` (completions) string: a generated token. */
const CARRIES_TEXT = /"(?:content|text)"\s*:\s*"[^"]/g;
/** The end of an SSE event: a blank line, in any of the three line endings. */
const endsWithEvent = (text: string) => text.endsWith('\n\n') || text.endsWith('\r\n\r\n') || text.endsWith('\r\r');

export class SseRelay {
  private readonly parser: EventSourceParser;
  /**
   * What to send to the client from the current push, event by event (comments as their text):
   * written back only when the push cannot go as it came, so the common push builds no text.
   */
  private out: Array<EventSourceMessage | string> = [];
  /** Whether the current push's events may go as the text they came in. */
  private verbatim = true;
  /** The parser holds the start of an event from an earlier push. */
  private partial = false;
  private started = false;
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
        if (this.usage.finished) {
          this.held += rewritten(event);
          this.verbatim = false;
        } else if (this.inspect(event.data)) {
          if (this.usage.finished) {
            this.held += rewritten(event);
            this.verbatim = false;
          } else this.out.push(event);
        } else this.verbatim = false;
      },
      onComment: (comment) => {
        if (!this.usage.finished) this.out.push(`:${comment}\n\n`);
        else this.verbatim = false;
      },
    });
  }

  /** Takes upstream text; returns what to send to the client now (possibly ''). */
  push(chunk: string): string {
    // The first chunk may open with a byte-order mark, which the parser drops: written back then.
    this.verbatim = !this.partial && (this.started || chunk.charCodeAt(0) !== 0xfeff);
    this.started = true;
    this.parser.feed(chunk);
    const whole = endsWithEvent(chunk);
    let out = chunk;
    if (!this.verbatim || !whole) {
      out = '';
      for (const e of this.out) out += typeof e === 'string' ? e : rewritten(e);
    }
    this.partial = !whole;
    if (this.out.length > 0) this.out = [];
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
    if (CARRIES_USAGE.test(data)) {
      let parsed: { usage?: { prompt_tokens?: number; completion_tokens?: number } | null; choices?: unknown[] };
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
        return this.clientWantsUsage || (parsed.choices?.length ?? 0) > 0;
      }
    }
    // A content chunk is one token in vLLM's stream (one per choice that carries text).
    if (!this.usage.exact) this.usage.completionTokens += textFieldsIn(data);
    return true;
  }
}

/**
 * How many non-empty `content`/`text` strings an event carries: CARRIES_TEXT's matches, counted
 * with `test` (a global regex's `match` builds an array of them, 5 % of what relaying a paced
 * token allocated).
 */
function textFieldsIn(data: string): number {
  CARRIES_TEXT.lastIndex = 0;
  let n = 0;
  while (CARRIES_TEXT.test(data)) n++;
  return n;
}

/** An event written back as it came (vLLM and OpenAI send one `data:` line per event). */
function rewritten(event: EventSourceMessage): string {
  const data = event.data.includes('\n') ? event.data.split('\n').join('\ndata: ') : event.data;
  return `${event.event ? `event: ${event.event}\n` : ''}${event.id ? `id: ${event.id}\n` : ''}data: ${data}\n\n`;
}
