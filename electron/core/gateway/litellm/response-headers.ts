// The response headers LiteLLM's clients and dashboards read, beside Switchyard's own
// x-switchyard-*: which deployment answered (x-litellm-model-id, its base URL without secrets),
// what it cost and the key's spend so far, the gateway's own time before the target was asked,
// and the key's rate limits. Built from values the request already holds; the base URL is
// cleaned once per target.
import type { Principal } from '../auth';
import type { Target } from '../routing/table';
import type { GatewayRuntime } from '../runtime';
import { publicBaseUrl } from './models';

const cleanBase = new WeakMap<Target, string>();

function baseOf(t: Target): string {
  let base = cleanBase.get(t);
  if (base === undefined) {
    base = publicBaseUrl(t.baseUrl);
    cleanBase.set(t, base);
  }
  return base;
}

/** Which target served, under LiteLLM's names (the id is the one /model/info lists). */
export function servedByHeaders(
  rt: GatewayRuntime,
  principal: Principal,
  target: Target,
  group: string,
  overheadMs: number,
): Record<string, string> {
  const headers: Record<string, string> = {
    'x-switchyard-served-model': target.upstreamModel,
    'x-litellm-model-id': target.name,
    'x-litellm-model-group': group,
    'x-litellm-model-api-base': baseOf(target),
    'x-litellm-overhead-duration-ms': String(Math.max(0, Math.round(overheadMs))),
  };
  if (principal.keyId) {
    const spent = rt.ledger.get(`key:${principal.keyId}`)?.spentUsd ?? principal.budget.spentUsd;
    headers['x-litellm-key-spend'] = String(spent);
  }
  const { rpm, tpm } = principal.limits;
  if (rpm != null) headers['x-ratelimit-limit-requests'] = String(rpm);
  if (tpm != null) headers['x-ratelimit-limit-tokens'] = String(tpm);
  return headers;
}
