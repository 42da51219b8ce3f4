// providers.*: external OpenAI-compatible servers and cloud providers (the `endpoints` table).
// API keys go in encrypted with the SecretBox and never come back out through the API. A cloud
// equivalent must name a model of the pricing table (gateway/pricing.ts).
import type { Provider } from '../../../shared/contract-access';
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { ApiError } from './errors';
import { testConnection } from '../providers/connection-test';
import type { Endpoint } from '../store/endpoints';
import { cloudPriceByName, cloudPrices } from '../gateway/pricing';

type ProviderCalls =
  | 'providers.list'
  | 'providers.add'
  | 'providers.update'
  | 'providers.cloudModels'
  | 'providers.remove'
  | 'providers.test';

/** A cloud equivalent as given, checked against the pricing table; null/undefined pass through. */
function knownCloudEquivalent<T extends string | null | undefined>(name: T): T {
  if (name == null || cloudPriceByName(name)) return name;
  throw new ApiError(
    'invalid_input',
    `The pricing table has no cloud model "${name}": give one as provider/model, e.g. openai/gpt-4o-mini. The Providers page lists them; so does providers.cloudModels (resources/pricing/cloud-models.json).`,
    [{ path: 'cloudEquivalent', message: 'not a model of the cloud pricing table, e.g. openai/gpt-4o-mini' }],
  );
}

export function providersHandlers(ctx: CoreContext): Pick<Handlers, ProviderCalls> {
  const { endpoints, modelGroups } = ctx.store;

  /** Model groups that route to each endpoint. */
  const usedBy = (): Map<string, string[]> => {
    const map = new Map<string, string[]>();
    for (const g of modelGroups.list()) {
      for (const t of g.targets) if (t.kind === 'endpoint') map.set(t.ref, [...(map.get(t.ref) ?? []), g.name]);
    }
    return map;
  };
  const toProvider = (e: Endpoint, groups = usedBy()): Provider => ({
    name: e.name,
    kind: e.provider,
    baseUrl: e.baseUrl,
    model: e.model,
    hasApiKey: e.apiKeyCipher != null,
    maxModelLen: e.maxModelLen,
    inputCostPerToken: e.inputCostPerToken,
    outputCostPerToken: e.outputCostPerToken,
    cloudEquivalent: e.cloudEquivalent ?? null,
    usedBy: groups.get(e.name) ?? [],
  });
  const find = (name: string): Endpoint => {
    const found = endpoints.get(name);
    if (!found)
      throw new ApiError('not_found', `No provider named "${name}".`, [{ path: 'name', message: 'no such provider' }]);
    return found;
  };
  const saved = (e: Endpoint): Provider => {
    endpoints.upsert(e);
    ctx.gateway.reload();
    return toProvider(endpoints.get(e.name)!);
  };
  const encrypt = (key: string | null | undefined) => (key ? ctx.secrets.encrypt(key) : null);

  return {
    'providers.list': () => {
      const groups = usedBy();
      return endpoints.list().map((e) => toProvider(e, groups));
    },
    'providers.add': (input) => {
      if (endpoints.get(input.name)) {
        throw new ApiError(
          'conflict',
          `A provider named "${input.name}" exists already: choose another name, or edit that one.`,
          [{ path: 'name', message: 'already taken' }],
        );
      }
      return saved({
        name: input.name,
        provider: input.kind,
        baseUrl: input.baseUrl.replace(/\/+$/, ''),
        model: input.model,
        apiKeyCipher: encrypt(input.apiKey),
        maxModelLen: input.maxModelLen ?? null,
        inputCostPerToken: input.inputCostPerToken ?? null,
        outputCostPerToken: input.outputCostPerToken ?? null,
        rpmLimit: null,
        tpmLimit: null,
        timeoutMs: null,
        cloudEquivalent: knownCloudEquivalent(input.cloudEquivalent) ?? null,
      });
    },
    'providers.update': (input) => {
      const before = find(input.name);
      const pick = <K extends keyof typeof input>(k: K, fallback: unknown) =>
        input[k] === undefined ? fallback : input[k];
      return saved({
        ...before,
        provider: input.kind ?? before.provider,
        baseUrl: input.baseUrl?.replace(/\/+$/, '') ?? before.baseUrl,
        model: input.model ?? before.model,
        apiKeyCipher: input.apiKey === undefined ? before.apiKeyCipher : encrypt(input.apiKey),
        maxModelLen: pick('maxModelLen', before.maxModelLen) as number | null,
        inputCostPerToken: pick('inputCostPerToken', before.inputCostPerToken) as number | null,
        outputCostPerToken: pick('outputCostPerToken', before.outputCostPerToken) as number | null,
        cloudEquivalent: knownCloudEquivalent(pick('cloudEquivalent', before.cloudEquivalent ?? null) as string | null),
      });
    },
    'providers.cloudModels': () =>
      cloudPrices().map((p) => ({
        name: `${p.provider}/${p.model}`,
        inputCostPerToken: p.inputCostPerToken,
        outputCostPerToken: p.outputCostPerToken,
      })),
    'providers.remove': ({ name }) => {
      find(name);
      const groups = usedBy().get(name) ?? [];
      if (groups.length) {
        throw new ApiError(
          'conflict',
          `"${name}" is a target of the model group${groups.length > 1 ? 's' : ''} ${groups.join(', ')}: take it out of them on the Routing page first.`,
        );
      }
      const removed = endpoints.remove(name);
      ctx.gateway.reload();
      return { removed };
    },
    'providers.test': async (input) => {
      if (input.name) {
        const e = find(input.name);
        let apiKey: string | null = null;
        try {
          apiKey = e.apiKeyCipher ? ctx.secrets.decrypt(e.apiKeyCipher) : null;
        } catch (err) {
          return { ok: false, models: [], reason: (err as Error).message, latencyMs: 0 };
        }
        return testConnection({ kind: e.provider, baseUrl: e.baseUrl, apiKey }, ctx.clock);
      }
      return testConnection(
        { kind: input.kind ?? 'openai-compatible', baseUrl: input.baseUrl!, apiKey: input.apiKey ?? null },
        ctx.clock,
      );
    },
  };
}
