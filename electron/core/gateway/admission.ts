// Admitting an inference request, on the OpenAI routes and the pass-through alike: its worst case
// (worst-case.ts) is held against the key's and team's rate limits (tokens per minute included)
// and budgets before it is sent; `settle` turns both holds into the real usage when it ends.
import type { Principal } from './auth';
import type { Reservation } from './budget';
import { GatewayError } from './http-io';
import type { Admission, RateLimitStanding } from './limits';
import type { GatewayRuntime } from './runtime';
import { usdPair } from './usd-text';
import type { WorstCase } from './worst-case';

export interface AdmittedRequest {
  /** USD held against the budgets (0 when no budget applies and the worst case is unbounded). */
  reservedUsd: number;
  /** Tokens held against tokens-per-minute limits (0 when none applies). */
  reservedTokens: number;
  /** What the key's limits have left after this request, when the rate-limit state reports it. */
  standing: RateLimitStanding | null;
  /** Releases both holds and records the real usage (idempotent). */
  settle(usage: { tokens: number; costUsd: number }): void;
}

/**
 * What the request held against its budgets, USD at full precision (a rounded figure could fall
 * below the real cost), so a client — and the tests — can compare it with x-switchyard-cost-usd.
 */
export const reservationHeaders = (a: AdmittedRequest): Record<string, string> => ({
  'x-switchyard-reserved-usd': String(a.reservedUsd),
});

/** OpenAI's x-ratelimit-remaining-* / -reset-* (reset as "12s", as OpenAI writes it). */
export function standingHeaders(s: RateLimitStanding | null): Record<string, string> {
  if (!s) return {};
  const h: Record<string, string> = {};
  if (s.remainingRequests != null) h['x-ratelimit-remaining-requests'] = String(s.remainingRequests);
  if (s.remainingTokens != null) h['x-ratelimit-remaining-tokens'] = String(s.remainingTokens);
  if (s.resetRequestsS != null) h['x-ratelimit-reset-requests'] = `${s.resetRequestsS}s`;
  if (s.resetTokensS != null) h['x-ratelimit-reset-tokens'] = `${s.resetTokensS}s`;
  return h;
}

export async function admitRequest(
  rt: GatewayRuntime,
  principal: Principal,
  worst: WorstCase,
): Promise<AdmittedRequest> {
  const scopes = rt.budgetScopes(principal);
  const budgeted = scopes.some((id) => rt.ledger.get(id)?.maxUsd != null);
  if (worst.unbounded && budgeted) {
    throw new GatewayError(
      400,
      'invalid_request_error',
      `This request's cost cannot be bounded before it is sent, so it cannot be held against this key's budget: ${worst.unbounded.reason}. ${worst.unbounded.fix}`,
      'unbounded_cost',
      worst.unbounded.param,
    );
  }
  const admission: Admission = await rt.admit(principal, worst.tokens);
  if (!admission.ok) {
    throw new GatewayError(
      429,
      'rate_limit_exceeded',
      `Rate limit reached (${admission.limit}): ${admission.message} Retry in ${admission.retryAfterS} s.`,
      'rate_limit_exceeded',
      null,
      { 'retry-after': String(admission.retryAfterS) },
    );
  }
  // Unbounded only where no budget applies: nothing to hold then.
  const amountUsd = Number.isFinite(worst.usd) ? worst.usd : 0;
  const reserved = await rt.reserve(scopes, amountUsd);
  if (!reserved.ok) {
    admission.release(0);
    const resets = reserved.resetAt ? ` It resets at ${new Date(reserved.resetAt).toISOString()}.` : '';
    const [remains, upTo] = usdPair(reserved.remainingUsd, reserved.requestedUsd);
    throw new GatewayError(
      429,
      'budget_exceeded',
      `Budget exceeded for ${reserved.scope.replace(':', ' ')}: ${remains} remains and this request could cost up to ${upTo}.${resets}`,
      'budget_exceeded',
    );
  }
  const reservation: Reservation = reserved.reservation;
  return {
    reservedUsd: amountUsd,
    reservedTokens: admission.reservedTokens,
    standing: admission.standing ?? null,
    settle: ({ tokens, costUsd }) => {
      rt.state.settle(reservation, costUsd);
      admission.release(tokens);
    },
  };
}
