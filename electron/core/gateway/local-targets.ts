// Local targets: which names in request_logs.deployment ran on local GPUs, and the cloud model each
// stands in for. Local means Switchyard's own deployments (cloud equivalent from the spec) and
// self-hosted vLLM endpoints (provider `hosted_vllm`, cloud equivalent from the endpoint); other
// endpoints (cloud APIs, OpenAI-compatible servers of unknown kind) are not. What a local target's
// requests were charged is its energy (deployments) or its own price (endpoints' overrides): the
// "local" cost. One rule for the Spend page (dashboards/spend.ts) and cloud-savings.ts.
import type { Store } from '../store';
import { costUsd } from './cost';
import { cloudPriceByName, type CloudPrice } from './pricing';

export interface LocalTarget {
  kind: 'deployment' | 'endpoint';
  /** The cloud model named as its equivalent, as written; null when none is. */
  cloudEquivalent: string | null;
  /** That model's list price; null when none is named or the pricing table does not know it. */
  cloudPrice: CloudPrice | null;
}

/** Local targets by name (a deployment wins over an endpoint of the same name). */
export function localTargets(store: Store): Map<string, LocalTarget> {
  const targets = new Map<string, LocalTarget>();
  const add = (name: string, kind: LocalTarget['kind'], cloudEquivalent: string | null) =>
    targets.set(name, {
      kind,
      cloudEquivalent,
      cloudPrice: cloudEquivalent ? cloudPriceByName(cloudEquivalent) : null,
    });
  for (const e of store.endpoints.list())
    if (e.provider === 'hosted_vllm') add(e.name, 'endpoint', e.cloudEquivalent ?? null);
  for (const d of store.deployments.list())
    add(d.name, 'deployment', store.deployments.spec(d.name)?.cloudEquivalent ?? null);
  return targets;
}

/** What `promptTokens` + `completionTokens` would cost at the target's cloud equivalent, USD; null without a price. */
export const cloudCostUsd = (target: LocalTarget, promptTokens: number, completionTokens: number): number | null =>
  target.cloudPrice ? costUsd(target.cloudPrice, promptTokens, completionTokens) : null;
