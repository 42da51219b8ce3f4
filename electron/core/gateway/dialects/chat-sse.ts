// Feeds a target's chat SSE stream (text as it arrives) to a dialect's stream translator and
// returns the client's bytes: eventsource-parser splits the events, `[DONE]` ends the stream,
// an unparsable event or an error object fails it.
import { createParser, type EventSourceParser } from 'eventsource-parser';
import { ChatChunkReader } from './chat-chunk';
import type { ChatChunkBody } from './chat-types';

/** A dialect's stream translator: events in its own format for each chunk, at the end, on failure. */
export interface ChatStreamTranslator<E> {
  push(chunk: ChatChunkBody): E[];
  /** The target finished (`[DONE]`, or the body ended after a finish reason). */
  finish(): E[];
  /** The target failed mid-stream (a broken connection, an error event, a timeout). */
  fail(message: string): E[];
  readonly done: boolean;
  /** Whether a chunk carried a finish reason, so the answer is whole even without `[DONE]`. */
  readonly sawFinishReason: boolean;
}

export class ChatSseTranslation<E> {
  private readonly parser: EventSourceParser;
  private readonly chunks = new ChatChunkReader();
  private out: E[] = [];

  constructor(
    private readonly translator: ChatStreamTranslator<E>,
    private readonly encode: (events: E[]) => string,
  ) {
    this.parser = createParser({
      onEvent: (event) => {
        if (this.translator.done) return;
        if (event.data === '[DONE]') {
          this.take(this.translator.finish());
          return;
        }
        let chunk: ChatChunkBody;
        try {
          chunk = this.chunks.read(event.data);
        } catch {
          this.take(this.translator.fail('The model server sent an event that is not JSON.'));
          return;
        }
        this.take(this.translator.push(chunk));
      },
    });
  }

  /** Takes upstream text; returns what to send to the client now (possibly ''). */
  write(text: string): string {
    this.parser.feed(text);
    return this.flush();
  }

  /**
   * The upstream body ended. Without `[DONE]` the stream still finishes normally when a chunk
   * carried a finish reason (some servers omit `[DONE]`); otherwise it was cut off and fails.
   */
  end(): string {
    if (!this.translator.done) {
      this.out.push(
        ...(this.translator.sawFinishReason
          ? this.translator.finish()
          : this.translator.fail('The model server closed the stream before it finished.')),
      );
    }
    return this.flush();
  }

  /** The upstream failed (timeout, reset): an error event, then the stream ends. */
  fail(message: string): string {
    if (!this.translator.done) this.take(this.translator.fail(message));
    return this.flush();
  }

  private take(events: E[]): void {
    for (const e of events) this.out.push(e);
  }

  private flush(): string {
    if (this.out.length === 0) return '';
    const text = this.encode(this.out);
    this.out = [];
    return text;
  }
}
