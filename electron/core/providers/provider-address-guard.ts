// The admin API's side of the provider address policy (address-policy.ts): adding or changing a
// provider, and "test connection", are refused before any connection when the base URL points at
// a link-local or cloud-metadata address and the allowLinkLocalProviders setting is off.
import type { ProviderTestResult } from '../../../shared/contract-access';
import { ApiError } from '../errors';
import type { Store } from '../store';
import { checkProviderUrl, type Resolve } from './address-policy';

export const linkLocalAllowed = (store: Store): boolean => store.settings.get().allowLinkLocalProviders === true;

/** Throws invalid_input naming baseUrl when the URL is refused; nothing for an absent URL. */
export async function assertProviderAddress(store: Store, baseUrl: string | undefined, resolve?: Resolve) {
  if (!baseUrl) return;
  const check = await checkProviderUrl(baseUrl, { allowLinkLocal: linkLocalAllowed(store), resolve });
  if (!check.ok) throw new ApiError('invalid_input', check.message, [{ path: 'baseUrl', message: check.message }]);
}

/**
 * "Test connection" through the policy: a refused address answers as a failed test (the page
 * shows its reason) without a request; otherwise `run` performs the test.
 */
export async function testThroughPolicy(
  store: Store,
  input: { name?: string; baseUrl?: string },
  run: () => Promise<ProviderTestResult>,
  resolve?: Resolve,
): Promise<ProviderTestResult> {
  const baseUrl = input.baseUrl ?? (input.name ? store.endpoints.get(input.name)?.baseUrl : undefined);
  if (baseUrl) {
    const check = await checkProviderUrl(baseUrl, { allowLinkLocal: linkLocalAllowed(store), resolve });
    if (!check.ok) return { ok: false, models: [], reason: check.message, latencyMs: 0 };
  }
  return run();
}
