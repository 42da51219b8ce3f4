// Providers as the admin API changes them: external OpenAI-compatible servers and cloud providers
// (the `endpoints` table). API keys go in encrypted with the SecretBox and never come back out. A
// cloud equivalent must name a model of the pricing table (gateway/pricing.ts).
import type { CallParsedInput } from '../../../shared/contract';
import type { Provider, ProviderTestResult } from '../../../shared/contract-access';
import type { ChangeNotice } from '../changes';
import type { Clock } from '../clock';
import { ApiError } from '../errors';
import { cloudPriceByName } from '../gateway/pricing';
import { testConnection } from '../providers/connection-test';
import type { SecretBox } from '../secrets';
import type { Store } from '../store';
import type { Endpoint } from '../store/endpoints';

export interface ProvidersDeps {
  store: Store;
  changes: ChangeNotice;
  secrets: SecretBox;
}

/** A cloud equivalent as given, checked against the pricing table; null/undefined pass through. */
function knownCloudEquivalent<T extends string | null | undefined>(name: T): T {
  if (name == null || cloudPriceByName(name)) return name;
  throw new ApiError(
    'invalid_input',
    `The pricing table has no cloud model "${name}": give one as provider/model, e.g. openai/gpt-4o-mini. The Providers page lists them; so does providers.cloudModels (resources/pricing/cloud-models.json).`,
    [{ path: 'cloudEquivalent', message: 'not a model of the cloud pricing table, e.g. openai/gpt-4o-mini' }],
  );
}

/** Model groups that route to each endpoint. */
function usedBy(store: Store): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const g of store.modelGroups.list()) {
    for (const t of g.targets) if (t.kind === 'endpoint') map.set(t.ref, [...(map.get(t.ref) ?? []), g.name]);
  }
  return map;
}

function providerView(e: Endpoint, groups: Map<string, string[]>): Provider {
  return {
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
  };
}

/** The stored provider by name; not_found names the field. */
export function findProvider(store: Store, name: string): Endpoint {
  const found = store.endpoints.get(name);
  if (!found)
    throw new ApiError('not_found', `No provider named "${name}".`, [{ path: 'name', message: 'no such provider' }]);
  return found;
}

function save({ store, changes }: ProvidersDeps, e: Endpoint): Provider {
  store.endpoints.upsert(e);
  changes.publish({ kind: 'providers' });
  return providerView(store.endpoints.get(e.name)!, usedBy(store));
}

const encrypt = (secrets: SecretBox, key: string | null | undefined) => (key ? secrets.encrypt(key) : null);

export function listProviders({ store }: Pick<ProvidersDeps, 'store'>): Provider[] {
  const groups = usedBy(store);
  return store.endpoints.list().map((e) => providerView(e, groups));
}

export function addProvider(deps: ProvidersDeps, input: CallParsedInput<'providers.add'>): Provider {
  if (deps.store.endpoints.get(input.name)) {
    throw new ApiError(
      'conflict',
      `A provider named "${input.name}" exists already: choose another name, or edit that one.`,
      [{ path: 'name', message: 'already taken' }],
    );
  }
  return save(deps, {
    name: input.name,
    provider: input.kind,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    model: input.model,
    apiKeyCipher: encrypt(deps.secrets, input.apiKey),
    maxModelLen: input.maxModelLen ?? null,
    inputCostPerToken: input.inputCostPerToken ?? null,
    outputCostPerToken: input.outputCostPerToken ?? null,
    rpmLimit: null,
    tpmLimit: null,
    timeoutMs: null,
    cloudEquivalent: knownCloudEquivalent(input.cloudEquivalent) ?? null,
  });
}

export function updateProvider(deps: ProvidersDeps, input: CallParsedInput<'providers.update'>): Provider {
  const before = findProvider(deps.store, input.name);
  const pick = <K extends keyof typeof input>(k: K, fallback: unknown) =>
    input[k] === undefined ? fallback : input[k];
  return save(deps, {
    ...before,
    provider: input.kind ?? before.provider,
    baseUrl: input.baseUrl?.replace(/\/+$/, '') ?? before.baseUrl,
    model: input.model ?? before.model,
    apiKeyCipher: input.apiKey === undefined ? before.apiKeyCipher : encrypt(deps.secrets, input.apiKey),
    maxModelLen: pick('maxModelLen', before.maxModelLen) as number | null,
    inputCostPerToken: pick('inputCostPerToken', before.inputCostPerToken) as number | null,
    outputCostPerToken: pick('outputCostPerToken', before.outputCostPerToken) as number | null,
    cloudEquivalent: knownCloudEquivalent(pick('cloudEquivalent', before.cloudEquivalent ?? null) as string | null),
  });
}

/** Removes a provider no model group routes to (take it out of them on the Routing page first). */
export function removeProvider({ store, changes }: ProvidersDeps, name: string): boolean {
  findProvider(store, name);
  const groups = usedBy(store).get(name) ?? [];
  if (groups.length) {
    throw new ApiError(
      'conflict',
      `"${name}" is a target of the model group${groups.length > 1 ? 's' : ''} ${groups.join(', ')}: take it out of them on the Routing page first.`,
    );
  }
  const removed = store.endpoints.remove(name);
  changes.publish({ kind: 'providers' });
  return removed;
}

/** "Test connection": a stored provider by name (its key decrypted here), or one not saved yet. */
export async function testProvider(
  { store, secrets, clock }: Pick<ProvidersDeps, 'store' | 'secrets'> & { clock: Clock },
  input: CallParsedInput<'providers.test'>,
): Promise<ProviderTestResult> {
  if (input.name) {
    const e = findProvider(store, input.name);
    let apiKey: string | null = null;
    try {
      apiKey = e.apiKeyCipher ? secrets.decrypt(e.apiKeyCipher) : null;
    } catch (err) {
      return { ok: false, models: [], reason: (err as Error).message, latencyMs: 0 };
    }
    return testConnection({ kind: e.provider, baseUrl: e.baseUrl, apiKey }, clock);
  }
  return testConnection(
    { kind: input.kind ?? 'openai-compatible', baseUrl: input.baseUrl!, apiKey: input.apiKey ?? null },
    clock,
  );
}
