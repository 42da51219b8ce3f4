// Server-sent events as vLLM streams them: `data: <json>\n\n` per chunk, `data: [DONE]\n\n` last,
// under `text/event-stream; charset=utf-8`. Headers go out with the first chunk, as with FastAPI's
// StreamingResponse (so an error found before the first token can still be a plain JSON error).
import type { ServerResponse } from 'node:http';

export class SseStream {
  private started = false;
  private sent = 0;
  private corked = false;
  private resetting = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly headers: Record<string, string> = {},
    /** Failure injection: drop the connection after this many chunks. */
    private readonly resetAfter: number | null = null,
  ) {}

  get isStarted(): boolean {
    return this.started;
  }

  send(chunk: unknown): void {
    this.write(`data: ${JSON.stringify(chunk)}\n\n`);
  }

  done(): void {
    if (this.resetting) return; // the connection is about to be reset, not ended
    this.write('data: [DONE]\n\n');
    if (!this.res.destroyed) this.res.end();
  }

  private write(text: string): void {
    if (this.res.destroyed || this.resetting) return;
    if (!this.started) {
      this.started = true;
      this.res.writeHead(200, {
        server: 'uvicorn',
        'content-type': 'text/event-stream; charset=utf-8',
        ...this.headers,
      });
    }
    // Chunks written in the same tick leave in one write (instant mode emits many at once).
    if (!this.corked) {
      this.corked = true;
      this.res.cork();
      process.nextTick(() => {
        this.corked = false;
        this.res.uncork();
      });
    }
    this.res.write(text);
    if (this.resetAfter !== null && ++this.sent >= this.resetAfter) {
      // Let the chunks sent so far reach the client, then reset (a RST drops unsent data).
      this.resetting = true;
      this.res.uncork();
      const socket = this.res.socket;
      setTimeout(() => socket?.resetAndDestroy(), 30);
    }
  }
}
