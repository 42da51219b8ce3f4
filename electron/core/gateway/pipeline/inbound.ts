// The inbound side of the request pipeline: one adapter per dialect a client speaks (OpenAI chat,
// completions, embeddings/rerank, Anthropic Messages, OpenAI Responses). Each turns its request
// into the common form (an OpenAI-shaped body for one of the target routes), and the common result
// and stream back into its own wire format; errors on its route are rendered in its own shape.
import type { Principal } from '../auth';
import type { GatewayRuntime } from '../runtime';
import type { Target } from '../routing/table';
import type { WorstCaseRoute } from '../worst-case';

/** The routes a target is asked on (OpenAI's), which the outbound providers speak. */
export type TargetRoute = 'chat/completions' | 'completions' | 'embeddings' | 'rerank';

/** The route a client called, as the request log and /metrics record it. */
export type InboundRoute = TargetRoute | 'messages' | 'responses';

/** A request in the pipeline's common form. */
export interface CommonRequest {
  /** The model group (or alias) the client asked for. */
  model: string;
  stream: boolean;
  targetRoute: TargetRoute;
  /** An OpenAI-shaped body for `targetRoute`; its `model` is replaced per target. */
  body: Record<string, unknown>;
  worstCaseRoute: WorstCaseRoute;
  /**
   * The client's own body, when it may be sent unchanged to a target of the same dialect
   * (an Anthropic Messages request to an Anthropic target).
   */
  native?: {
    provider: 'anthropic';
    body: Record<string, unknown>;
    /** The client's headers that go with its body (its `anthropic-beta` flags). */
    headers?: Record<string, string>;
  };
  /** The translation added fields only vLLM-style servers read (left out for strict targets). */
  vllmExtras: boolean;
  /** What the translation dropped that changes the answer, for the log. */
  warnings: string[];
  answer: AnswerAdapter;
}

/** The tokens to charge for an answer, as the target reported them (or counted). */
export interface Usage {
  prompt: number;
  completion: number;
}

/** A dialect's stream leg: target chat SSE text in, client bytes out, with its own usage count. */
export interface StreamLeg {
  /** What to send before the target answers (Responses' created/in_progress), or ''. */
  begin(): string;
  write(text: string): string;
  end(): string;
  fail(message: string): string;
  /** Tokens so far; prompt null until the target said. */
  usage(): { prompt: number | null; completion: number };
  /** Whether the stream reached its normal end. */
  finished(): boolean;
  /** Called once the stream is over (stored responses). */
  settle?(): void;
  /** What to send when the target has been silent a while (Anthropic's `ping`), or ''. */
  keepAlive?(): string;
}

export interface InboundDialect {
  route: InboundRoute;
  /** Validates the body and turns it into the common form; throws GatewayError (400) naming the field. */
  parse(body: Record<string, unknown>, rt: GatewayRuntime, principal: Principal): CommonRequest;
}

/** How one request's answer goes back to its client, in its dialect. */
export interface AnswerAdapter {
  /**
   * The common result (OpenAI-shaped JSON text from the target) in this dialect's format: text, or
   * its UTF-8 where the dialect needs the bytes too (a stored response), so they are made once.
   */
  respond(text: string, ctx: AnswerContext): { body: string | Buffer; usage: Usage };
  /** A stream leg for translated dialects; null where the target's chat stream is relayed as is. */
  streamLeg(ctx: AnswerContext): StreamLeg | null;
}

export interface AnswerContext {
  rt: GatewayRuntime;
  target: Target;
  startedAt: number;
  promptEstimate: number;
}
