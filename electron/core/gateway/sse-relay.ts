// Relays an upstream SSE stream to the client event by event (never buffering more than one
// event), counting usage on the way: the usage chunk when the upstream sends one, else one token
// per content chunk. When the client did not ask for usage, the usage chunk we asked for on its
// behalf is dropped so the client sees exactly what it asked for.

export interface StreamUsage {
  promptTokens: number | null;
  completionTokens: number;
  /** True when the numbers came from the upstream's own usage chunk. */
  exact: boolean;
  firstChunkAt: number | null;
  finished: boolean;
}

export class SseRelay {
  private pending = '';
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
  ) {}

  /** Takes raw bytes from upstream; returns what to send to the client now (possibly ''). */
  push(chunk: string): string {
    this.pending += chunk;
    let out = '';
    let boundary: number;
    while ((boundary = this.pending.search(/\r?\n\r?\n/)) !== -1) {
      const sep = this.pending.slice(boundary).match(/^\r?\n\r?\n/)![0];
      const event = this.pending.slice(0, boundary + sep.length);
      this.pending = this.pending.slice(boundary + sep.length);
      if (this.usage.finished) this.held += event;
      else if (this.inspect(event)) {
        if (this.usage.finished) this.held += event;
        else out += event;
      }
    }
    return out;
  }

  /** What is left at the end: an unterminated last event and the held `[DONE]`. */
  end(): string {
    const rest = this.pending + this.held;
    this.pending = '';
    this.held = '';
    return rest;
  }

  /** Returns false for events to drop. */
  private inspect(event: string): boolean {
    const data = event
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trimStart())
      .join('\n');
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
