// providers.*: external OpenAI-compatible servers and cloud providers (access/providers.ts does the
// work; API keys go in encrypted and never come back out through the API).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { addProvider, listProviders, removeProvider, testProvider, updateProvider } from '../access/providers';
import { cloudPrices } from '../gateway/pricing';
import { assertProviderAddress, testThroughPolicy } from '../providers/provider-address-guard';

type ProviderCalls =
  | 'providers.list'
  | 'providers.add'
  | 'providers.update'
  | 'providers.cloudModels'
  | 'providers.remove'
  | 'providers.test';

export function providersHandlers(ctx: CoreContext): Pick<Handlers, ProviderCalls> {
  return {
    'providers.list': () => listProviders(ctx),
    // Link-local and cloud-metadata base URLs are refused before any connection (address-policy.ts).
    'providers.add': async (input) => {
      await assertProviderAddress(ctx.store, input.baseUrl);
      return addProvider(ctx, input);
    },
    'providers.update': async (input) => {
      await assertProviderAddress(ctx.store, input.baseUrl);
      return updateProvider(ctx, input);
    },
    'providers.cloudModels': () =>
      cloudPrices().map((p) => ({
        name: `${p.provider}/${p.model}`,
        inputCostPerToken: p.inputCostPerToken,
        outputCostPerToken: p.outputCostPerToken,
      })),
    'providers.remove': ({ name }) => ({ removed: removeProvider(ctx, name) }),
    'providers.test': (input) => testThroughPolicy(ctx.store, input, () => testProvider(ctx, input)),
  };
}
