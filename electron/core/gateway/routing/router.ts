// The attempt loop: pick a target by the group's strategy, send, and on a retryable failure try
// again (another target when there is one) with exponential backoff and jitter; then the fallback
// chain, in order. A prompt longer than a target's context goes to the context-window fallbacks.
// Nothing has been sent to the client while this runs, so every failure here is recoverable.
import type { Clock } from '../../clock';
import { isRetryableStatus } from '../upstream';
import type { CooldownTracker } from './cooldown';
import { decisionTraceOn, traceDecision } from './decision-trace';
import { pickTarget, type TargetLoad } from './strategies';
import type { RoutedGroup, RoutingTable, Target } from './table';

export interface AttemptContext {
  table: RoutingTable;
  cooldowns: CooldownTracker;
  load: (t: Target) => TargetLoad;
  clock: Clock;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Asks the app to start a stopped on-demand deployment (idempotent). */
  wake: (target: Target) => void;
}

/**
 * Why a send failed. The target's own failures (an error status, a refused or broken connection,
 * a timeout, an answer that cannot be read) count towards its cooldown and are retried elsewhere;
 * a request that cannot be sent at all (`client`: its own fault, `gateway`: ours) counts against
 * no target, since every target would fail it the same way. `context-length` is a target's 400
 * for a prompt longer than its context (isContextLengthError, applied where the answer is read):
 * the context-window fallbacks are tried, and the target is not cooled down for it.
 */
export type SendFailureKind =
  | 'status'
  | 'context-length'
  | 'network'
  | 'timeout'
  | 'bad-response'
  | 'client'
  | 'gateway';

/** What one send to one target produced. */
export type SendResult<R> =
  | { ok: true; value: R }
  | { ok: false; kind: SendFailureKind; status: number | null; reason: string; body?: string };

export type DispatchOutcome<R> =
  | { kind: 'served'; target: Target; group: RoutedGroup; value: R; attempts: number; fallbackUsed: boolean }
  | { kind: 'rejected'; target: Target; group: RoutedGroup; status: number; body: string; attempts: number }
  | { kind: 'exhausted'; attempts: number; tried: string[]; status: number; waking: string[] };

const BACKOFF_BASE_MS = 50;
const BACKOFF_MAX_MS = 2_000;

export function backoffMs(retry: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (retry - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** vLLM, OpenAI and LiteLLM all phrase it a little differently. */
export function isContextLengthError(status: number, body: string): boolean {
  return (
    status === 400 &&
    /context length|maximum context|context_length_exceeded|max_model_len|too many tokens|prompt is too long/i.test(
      body,
    )
  );
}

export async function dispatch<R>(
  first: RoutedGroup,
  promptLikelyTokens: number,
  send: (target: Target, group: RoutedGroup) => Promise<SendResult<R>>,
  ctx: AttemptContext,
  aborted: () => boolean,
  /** Told when a failure puts a target into cooldown, for how long (ms): the request log's attempt chain. */
  onCooldown?: (target: Target, cooldownMs: number) => void,
): Promise<DispatchOutcome<R>> {
  const tried: string[] = [];
  const waking: string[] = [];
  let attempts = 0;
  let lastStatus = 503;
  const fits = (t: Target) => t.maxModelLen == null || promptLikelyTokens < t.maxModelLen;
  const queue: string[] = [first.name];
  const visited = new Set<string>();
  let contextFallbacksQueued = false;
  const queueContextFallbacks = (group: RoutedGroup) => {
    if (contextFallbacksQueued) return;
    contextFallbacksQueued = true;
    queue.unshift(...group.contextWindowFallbacks);
  };

  while (queue.length > 0) {
    const group = ctx.table.resolve(queue.shift()!);
    if (!group || visited.has(group.name)) continue;
    visited.add(group.name);
    // Only the first group's chain is followed, in order; fallbacks of fallbacks are not (as in LiteLLM).
    if (group === first) queue.push(...first.fallbacks);

    const fitting = group.targets.filter(fits);
    if (fitting.length === 0 && group.targets.length > 0) {
      tried.push(`${group.name}: prompt (~${promptLikelyTokens} tokens) longer than every target's context`);
      lastStatus = 400;
      queueContextFallbacks(group);
      continue;
    }
    const triedHere = new Set<string>();
    for (let retry = 0; retry <= group.settings.numRetries; retry++) {
      if (aborted()) return { kind: 'exhausted', attempts, tried: [...tried, 'client went away'], status: 499, waking };
      const ready = fitting.filter((t) => !t.unavailable && ctx.cooldowns.remainingMs(t.key) === 0);
      if (ready.length === 0) {
        if (retry === 0) {
          for (const t of fitting) {
            const cooling = ctx.cooldowns.remainingMs(t.key);
            if (t.wakeable) {
              ctx.wake(t);
              waking.push(t.name);
              tried.push(`${t.name}: starting (on demand)`);
            } else tried.push(`${t.name}: ${t.unavailable ?? `cooling down for ${Math.ceil(cooling / 1000)} s`}`);
          }
        }
        break;
      }
      const fresh = ready.filter((t) => !triedHere.has(t.key));
      if (retry > 0) await ctx.sleep(backoffMs(retry, ctx.random));
      const offered = fresh.length ? fresh : ready;
      const target = pickTarget(group.strategy, offered, ctx.load, ctx.random);
      if (decisionTraceOn() && offered.length > 1) {
        const left = fitting
          .filter((t) => !offered.includes(t))
          .map((t) => ({
            key: t.key,
            why:
              t.unavailable ?? (triedHere.has(t.key) ? 'tried' : `cooling down ${ctx.cooldowns.remainingMs(t.key)} ms`),
          }));
        const at = ctx.clock.now();
        traceDecision({ at, group: group.name, strategy: group.strategy, retry, left }, offered, ctx.load, target);
      }
      triedHere.add(target.key);
      attempts += 1;
      const result = await send(target, group);
      if (result.ok) {
        ctx.cooldowns.recordSuccess(target.key);
        return { kind: 'served', target, group, value: result.value, attempts, fallbackUsed: group !== first };
      }
      if (result.kind === 'client' || result.kind === 'gateway') {
        const status = result.status ?? (result.kind === 'client' ? 400 : 500);
        return { kind: 'rejected', target, group, status, body: result.body ?? '', attempts };
      }
      if (result.kind === 'context-length') {
        tried.push(`${target.name}: context length exceeded`);
        lastStatus = 400;
        queueContextFallbacks(group);
        break;
      }
      if (result.status != null && !isRetryableStatus(result.status)) {
        return { kind: 'rejected', target, group, status: result.status, body: result.body ?? '', attempts };
      }
      tried.push(`${target.name}: ${result.reason}`);
      lastStatus = result.status === 429 ? 429 : result.kind === 'timeout' ? 504 : 502;
      if (
        ctx.cooldowns.recordFailure(target.key, group.settings.allowedFails, group.settings.cooldownMs, result.reason)
      )
        onCooldown?.(target, group.settings.cooldownMs);
    }
  }
  return { kind: 'exhausted', attempts, tried, status: lastStatus, waking };
}
