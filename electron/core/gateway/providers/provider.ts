// What an outbound provider adapter is: one per kind of target. Each encodes the pipeline's
// common form for its target and turns the target's answer (body, stream, error) back into the
// common form, an OpenAI-shaped chat answer.
import type { CommonRequest, TargetRoute } from '../pipeline/inbound';
import type { Target } from '../routing/table';

export interface OutgoingRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface OutboundProvider {
  /** Why this target cannot serve the route at all (nothing is sent), or null. */
  refuses(route: TargetRoute, target: Target): string | null;
  /** The request to send; `native` is the client's own body when it goes through unchanged. */
  encode(target: Target, request: CommonRequest, requestId: string, native: boolean): OutgoingRequest;
  /** The target's error body as OpenAI-shaped error text. */
  errorText(text: string): string;
  /** The target's answer as an OpenAI chat.completion text (unchanged for OpenAI-compatible targets). */
  decode(text: string, model: string, nowS: number): string;
  /** Turns the target's stream into OpenAI chat SSE text, or undefined when it already is. */
  streamDecoder(model: string, nowS: number): { push(chunk: string | Uint8Array): string } | undefined;
}
