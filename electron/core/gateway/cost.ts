// Cost of a request in USD from its token counts and the target's per-token prices.
import type { Target } from './routing/table';

/** When neither the client nor the target bounds the output, a reservation assumes this many. */
export const DEFAULT_OUTPUT_CAP_TOKENS = 4096;

export const costUsd = (
  t: Pick<Target, 'inputCostPerToken' | 'outputCostPerToken'>,
  promptTokens: number,
  completionTokens: number,
) => promptTokens * t.inputCostPerToken + completionTokens * t.outputCostPerToken;

/** The most output tokens a request to `t` can produce. */
export function outputCap(
  t: Pick<Target, 'maxModelLen'>,
  requested: number | null,
  promptLikelyTokens: number,
): number {
  if (requested != null) return requested;
  if (t.maxModelLen != null) return Math.max(1, t.maxModelLen - promptLikelyTokens);
  return DEFAULT_OUTPUT_CAP_TOKENS;
}

/** Worst-case cost of a request to `t`, the amount a budget reservation holds. */
export function worstCaseUsd(
  t: Target,
  promptUpperBound: number,
  requested: number | null,
  promptLikely: number,
  hasOutput: boolean,
): number {
  return costUsd(t, promptUpperBound, hasOutput ? outputCap(t, requested, promptLikely) : 0);
}
