// One attempt at one target: encode the common request for it (its outbound provider), send it,
// and classify what came back for the router (routing/router.ts) by kind, never by message text.
import type { GatewayRuntime } from '../runtime';
import { isContextLengthError, type SendResult } from '../routing/router';
import type { RoutedGroup, Target } from '../routing/table';
import { sendUpstream, type UpstreamResponse, upstreamFailureKind } from '../upstream';
import type { CommonRequest } from './inbound';
import { type OutgoingRequest, providerFor } from './outbound';

export type Sent = { response: UpstreamResponse; text: string | null; startedAt: number; native: boolean };

/** Tokens left for the answer below a context, kept back for the estimate's error. */
const CONTEXT_MARGIN = 0.05;

/**
 * A translated request's max tokens, lowered to what fits the target's context after the prompt:
 * agents ask for more than a small self-hosted model's context holds (Claude Code sends 32,000
 * with a 33,600-token prompt), which vLLM refuses outright. Only ever lowered, so the budget
 * reservation (made from the unclamped request) still covers what is sent.
 */
export function clampedToContext(request: CommonRequest, t: Target, promptLikely: number): CommonRequest {
  const asked = request.body.max_tokens;
  if (!request.vllmExtras || t.maxModelLen == null || typeof asked !== 'number') return request;
  const room = Math.floor((t.maxModelLen - promptLikely) * (1 - CONTEXT_MARGIN));
  if (asked <= room || room < 1) return request;
  return { ...request, body: { ...request.body, max_tokens: room } };
}

export function targetSender(
  rt: GatewayRuntime,
  request: CommonRequest,
  requestId: string,
  promptLikely: number,
): (t: Target, g: RoutedGroup) => Promise<SendResult<Sent>> {
  return async (t, g) => {
    const provider = providerFor(t);
    const refusal = provider.refuses(request.targetRoute, t);
    if (refusal) {
      return {
        ok: false,
        kind: 'client',
        status: 400,
        reason: 'not supported',
        body: JSON.stringify({ error: { message: refusal } }),
      };
    }
    const native = request.native?.provider === t.provider;
    // Built before anything is sent: a request that cannot even be encoded is nobody's target failure.
    let outgoing: OutgoingRequest;
    try {
      outgoing = provider.encode(t, clampedToContext(request, t, promptLikely), requestId, native);
    } catch (err) {
      const reason = `the request could not be encoded for ${t.name} (${(err as Error).message}); nothing was sent`;
      return { ok: false, kind: 'gateway', status: 500, reason, body: JSON.stringify({ error: { message: reason } }) };
    }
    rt.loads.begin(t.key);
    const sentAt = rt.clock.now();
    let answered = false;
    try {
      const response = await sendUpstream({
        url: outgoing.url,
        headers: outgoing.headers,
        body: outgoing.body,
        method: 'POST',
        firstByteTimeoutMs: t.timeoutMs ?? g.settings.timeoutMs ?? rt.timeouts.firstByteMs,
        idleTimeoutMs: rt.timeouts.idleMs,
      });
      answered = true;
      if (response.statusCode >= 400) {
        const text = provider.errorText(await response.body.text());
        rt.loads.end(t.key, null);
        const reason = `HTTP ${response.statusCode}`;
        const kind = isContextLengthError(response.statusCode, text) ? 'context-length' : 'status';
        return { ok: false, kind, status: response.statusCode, reason, body: text };
      }
      // A non-streamed body is read here, so a connection that breaks mid-body is still retried.
      let text = request.stream ? null : await response.body.text();
      if (text != null && !native) text = provider.decode(text, request.model, Math.floor(rt.clock.now() / 1000));
      if (!request.stream) rt.loads.end(t.key, rt.clock.now() - sentAt);
      return { ok: true, value: { response, text, startedAt: sentAt, native } };
    } catch (err) {
      rt.loads.end(t.key, null);
      const code = (err as { code?: string }).code ?? 'error';
      const failure = upstreamFailureKind(err);
      // An answer that broke or could not be read is the target's fault; an error before any answer
      // that is neither the network nor a timeout is the gateway's own.
      const kind = failure === 'gateway' && answered ? 'bad-response' : failure;
      const reason =
        kind === 'timeout'
          ? `timed out (${code})`
          : kind === 'network'
            ? `connection failed (${code})`
            : `${code}: ${(err as Error).message}`;
      return { ok: false, kind, status: kind === 'gateway' ? 500 : null, reason };
    }
  };
}
