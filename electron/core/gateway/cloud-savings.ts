// Cloud-equivalent savings: for each local deployment over a time range, the tokens it served, what
// they were charged (their energy price, request_logs.cost_usd) and what the same tokens would have
// cost at the list price of the cloud model its spec names as `cloudEquivalent`. Read-only query
// for the Spend page; the price arithmetic is the gateway's own (cost.ts, pricing.ts).
import type { Store } from '../store';
import { costUsd } from './cost';
import { cloudPriceByName } from './pricing';

export interface DeploymentSavings {
  deployment: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** What these tokens were charged (energy), USD. */
  energyUsd: number;
  /** The spec's `cloudEquivalent`, as written; null when it names none. */
  cloudEquivalent: string | null;
  /** The same tokens at the cloud-equivalent's list price, USD; null when none is named or the table does not know it. */
  cloudUsd: number | null;
  /** cloudUsd − energyUsd (negative when the cloud would have been cheaper); null with cloudUsd. */
  savingUsd: number | null;
}

/**
 * One entry per current deployment that served requests in [fromMs, toMs), by name. Raw request
 * rows are read, so the range reaches back only as far as the retention setting keeps them.
 */
export function cloudEquivalentSavings(store: Store, fromMs: number, toMs: number): DeploymentSavings[] {
  // request_logs.deployment also names endpoints: keep the names that are deployments.
  const deployments = new Set(store.deployments.list().map((d) => d.name));
  return store.requestLog.usageByDeployment(fromMs, toMs)
    .filter((u) => deployments.has(u.deployment))
    .map((u) => {
      const cloudEquivalent = store.deployments.spec(u.deployment)?.cloudEquivalent ?? null;
      const price = cloudEquivalent ? cloudPriceByName(cloudEquivalent) : null;
      const cloudUsd = price ? costUsd(price, u.promptTokens, u.completionTokens) : null;
      return {
        deployment: u.deployment, requests: u.requests, promptTokens: u.promptTokens, completionTokens: u.completionTokens,
        energyUsd: u.costUsd, cloudEquivalent, cloudUsd, savingUsd: cloudUsd === null ? null : cloudUsd - u.costUsd,
      };
    });
}
