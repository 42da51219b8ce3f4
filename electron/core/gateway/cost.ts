// Cost of a request in USD from its token counts and the target's per-token prices. What a request
// may cost at most, before it is sent, is worst-case.ts's.
import type { Target } from './routing/table';

export const costUsd = (
  t: Pick<Target, 'inputCostPerToken' | 'outputCostPerToken'>,
  promptTokens: number,
  completionTokens: number,
) => promptTokens * t.inputCostPerToken + completionTokens * t.outputCostPerToken;
