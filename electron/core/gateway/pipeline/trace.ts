// What the request log records of one request beyond its row (shared/contract-capture.ts
// RequestTrace): each attempt the router sent (target, step of the chain, outcome and message,
// duration, the cooldown it caused), the latency split, the reservation and the headers sent back.
// It rides in the row's INSERT as one JSON column, in its stored form: no statement of its own.
import type { AttemptStep, RequestTrace, TraceAttempt } from '../../../../shared/contract-capture';
import { storedTrace, type TraceRowColumns } from '../../capture/stored-trace';
import type { Clock } from '../../clock';
import type { SendResult } from '../routing/router';
import type { RoutedGroup, Target } from '../routing/table';

/** A failure message kept in the trace: the reason, then the start of the target's answer. */
const MESSAGE_CHARS = 300;

export class TraceRecorder {
  private readonly attempts: TraceAttempt[] = [];
  private readonly skipped: string[] = [];
  private servedSentAt: number | null = null;
  /** The headers the answer (or the error) carried; set by the pipeline. */
  headers: Record<string, string> = {};

  constructor(
    private readonly clock: Clock,
    private readonly startedAt: number,
    private readonly first: RoutedGroup,
    /** The prompt's likely tokens: a first group none of whose targets fits it goes to the context-window fallbacks. */
    private readonly promptLikely: number,
  ) {}

  /** `send`, timed and recorded attempt by attempt. */
  observe<R>(
    send: (t: Target, g: RoutedGroup) => Promise<SendResult<R>>,
  ): (t: Target, g: RoutedGroup) => Promise<SendResult<R>> {
    return async (t, g) => {
      const sentAt = this.clock.now();
      const step = this.stepOf(g);
      if (this.attempts.length === 0 && g.name !== this.first.name)
        this.skipped.push(
          `${this.first.name}: nothing sent — ${
            this.tooLong()
              ? `the prompt (~${this.promptLikely} tokens) is longer than every target's context`
              : 'every target was cooling down or unavailable'
          }`,
        );
      const result = await send(t, g);
      const status = result.ok ? null : result.status;
      this.attempts.push({
        target: t.name,
        group: g.name,
        step,
        outcome: result.ok ? 'ok' : result.kind,
        status,
        message: result.ok ? null : failureMessage(result.reason, result.body),
        startMs: sentAt - this.startedAt,
        durationMs: this.clock.now() - sentAt,
        cooldownMs: null,
      });
      if (result.ok) this.servedSentAt = sentAt;
      return result;
    };
  }

  /** The router's cooldown report (dispatch's onCooldown): on that target's latest attempt. */
  readonly cooledDown = (target: Target, cooldownMs: number): void => {
    for (let i = this.attempts.length - 1; i >= 0; i--) {
      if (this.attempts[i].target === target.name) {
        this.attempts[i].cooldownMs = cooldownMs;
        return;
      }
    }
  };

  private stepOf(g: RoutedGroup): AttemptStep {
    if (g.name === this.first.name) return this.attempts.some((a) => a.group === g.name) ? 'retry' : 'first';
    return this.tooLong() && this.first.contextWindowFallbacks.includes(g.name)
      ? 'context-window-fallback'
      : 'fallback';
  }

  private tooLong(): boolean {
    return (
      this.attempts.some((a) => a.outcome === 'context-length') ||
      (this.first.targets.length > 0 &&
        this.first.targets.every((t) => t.maxModelLen != null && this.promptLikely >= t.maxModelLen))
    );
  }

  /** The JSON stored on the row, less what the row's columns say (capture/stored-trace.ts). */
  serialize(o: {
    row: TraceRowColumns;
    latencyMs: number;
    ttftMs: number | null;
    reservedUsd: number;
    reservedTokens: number;
    message: string | null;
  }): string {
    const firstSent = this.attempts[0]?.startMs ?? null;
    const servedAfter = this.servedSentAt === null ? null : this.servedSentAt - this.startedAt;
    const trace: RequestTrace = {
      attempts: this.attempts,
      skipped: this.skipped,
      queuedMs: firstSent,
      upstreamTtftMs: o.ttftMs !== null && servedAfter !== null ? Math.max(0, o.ttftMs - servedAfter) : null,
      generationMs: o.ttftMs !== null ? Math.max(0, o.latencyMs - o.ttftMs) : null,
      reservedUsd: o.reservedUsd,
      reservedTokens: o.reservedTokens,
      message: o.message,
      headers: switchyardHeaders(this.headers),
    };
    return storedTrace(trace, o.row);
  }
}

/** Only the x-switchyard-* headers are kept (the row holds the request id; x-litellm-* repeat them). */
function switchyardHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name in headers) if (name.startsWith('x-switchyard-')) kept[name] = headers[name];
  return kept;
}

function failureMessage(reason: string, body: string | undefined): string {
  if (!body) return reason;
  let text = body;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const inner = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    if (typeof inner === 'string') text = inner;
  } catch {}
  const line = `${reason}: ${text.replace(/\s+/g, ' ').trim()}`;
  return line.length > MESSAGE_CHARS ? `${line.slice(0, MESSAGE_CHARS - 1)}…` : line;
}
