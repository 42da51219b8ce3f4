// Cloud-equivalent savings: for each local target (deployment or self-hosted vLLM endpoint, as
// local-targets.ts decides) over a time range, the tokens it served, what they were charged
// (request_logs.cost_usd: a deployment's energy price, an endpoint's own price) and what the same
// tokens would have cost at the list price of its cloud equivalent. Read-only query; the price
// arithmetic is the gateway's own (cost.ts, pricing.ts).
import type { Store } from '../store';
import { cloudCostUsd, localTargets, type LocalTarget } from './local-targets';

export interface TargetSavings {
  /** The deployment's or endpoint's name (request_logs.deployment). */
  deployment: string;
  kind: LocalTarget['kind'];
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** What these tokens were charged (energy, or the endpoint's own price), USD. */
  energyUsd: number;
  /** The spec's or endpoint's `cloudEquivalent`, as written; null when it names none. */
  cloudEquivalent: string | null;
  /** The same tokens at the cloud-equivalent's list price, USD; null when none is named or the table does not know it. */
  cloudUsd: number | null;
  /** cloudUsd − energyUsd (negative when the cloud would have been cheaper); null with cloudUsd. */
  savingUsd: number | null;
}

/**
 * One entry per current local target that served requests in [fromMs, toMs), by name. Raw request
 * rows are read, so the range reaches back only as far as the retention setting keeps them.
 */
export function cloudEquivalentSavings(store: Store, fromMs: number, toMs: number): TargetSavings[] {
  const targets = localTargets(store);
  return store.requestLog.usageByDeployment(fromMs, toMs).flatMap((u) => {
    const target = targets.get(u.deployment);
    if (!target) return [];
    const cloudUsd = cloudCostUsd(target, u.promptTokens, u.completionTokens);
    return [
      {
        deployment: u.deployment,
        kind: target.kind,
        requests: u.requests,
        promptTokens: u.promptTokens,
        completionTokens: u.completionTokens,
        energyUsd: u.costUsd,
        cloudEquivalent: target.cloudEquivalent,
        cloudUsd,
        savingUsd: cloudUsd === null ? null : cloudUsd - u.costUsd,
      },
    ];
  });
}
