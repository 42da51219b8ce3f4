// Cloud list prices (resources/pricing/cloud-models.json): what a cloud model costs per token, found
// by provider and model name or one of its aliases (dated snapshots, `-latest` names). Endpoints
// without their own prices are costed from here; local deployments are compared with it
// ("cloud-equivalent"). Pure; the file is validated once, at first use.
import { z } from 'zod';
import raw from '../../../resources/pricing/cloud-models.json';

/** USD per token. */
const UsdPerToken = z.number().min(0).max(0.01);

const PricedModel = z
  .object({
    provider: z.string().min(1),
    model: z.string().min(1),
    aliases: z.array(z.string().min(1)),
    inputCostPerToken: UsdPerToken,
    outputCostPerToken: UsdPerToken,
    cachedInputCostPerToken: UsdPerToken.nullable(),
    source: z.string().url(),
    /** YYYY-MM: when this was the provider's published list price. */
    asOf: z.string().regex(/^\d{4}-\d{2}$/),
    note: z.string().optional(),
  })
  .strict();

const PricingFile = z.object({
  $comment: z.string().optional(),
  version: z.literal(1),
  models: z.array(PricedModel).min(1),
});

export interface CloudPrice {
  provider: string;
  /** The model's canonical name in the table (an alias resolves to it). */
  model: string;
  /** USD per token. */
  inputCostPerToken: number;
  outputCostPerToken: number;
  /** USD per prompt token served from the provider's prompt cache; null where it has none. */
  cachedInputCostPerToken: number | null;
  source: string;
  asOf: string;
}

const norm = (s: string) => s.trim().toLowerCase();
const keyOf = (provider: string, model: string) => `${norm(provider)}/${norm(model)}`;

let index: Map<string, CloudPrice> | null = null;

function table(): Map<string, CloudPrice> {
  if (index) return index;
  const parsed = PricingFile.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `resources/pricing/cloud-models.json is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const built = new Map<string, CloudPrice>();
  for (const m of parsed.data.models) {
    const price: CloudPrice = {
      provider: m.provider,
      model: m.model,
      inputCostPerToken: m.inputCostPerToken,
      outputCostPerToken: m.outputCostPerToken,
      cachedInputCostPerToken: m.cachedInputCostPerToken,
      source: m.source,
      asOf: m.asOf,
    };
    for (const name of [m.model, ...m.aliases]) {
      const key = keyOf(m.provider, name);
      // Two entries answering to one name would make the price depend on file order.
      if (built.has(key)) throw new Error(`resources/pricing/cloud-models.json names ${key} twice`);
      built.set(key, price);
    }
  }
  index = built;
  return built;
}

/**
 * The list price of `model` at `provider` (e.g. 'openai', 'gpt-4o-2024-08-06'), or null when the
 * table does not know it. Case-insensitive; a LiteLLM-style `provider/` prefix on the model is allowed.
 */
export function cloudPrice(provider: string, model: string): CloudPrice | null {
  const p = norm(provider);
  const m = norm(model);
  const bare = m.startsWith(`${p}/`) ? m.slice(p.length + 1) : m;
  return table().get(`${p}/${bare}`) ?? null;
}

/**
 * A price from one name, as a deployment's `cloudEquivalent` gives it: `provider/model`
 * ('anthropic/claude-haiku-4-5') or a bare model name that only one provider lists ('gpt-4o-mini').
 */
export function cloudPriceByName(name: string): CloudPrice | null {
  const n = norm(name);
  const exact = table().get(n);
  if (exact) return exact;
  const found = new Set<CloudPrice>();
  for (const [key, price] of table()) if (key.slice(key.indexOf('/') + 1) === n) found.add(price);
  return found.size === 1 ? [...found][0] : null;
}

/** Every priced model, once each (aliases folded into their model), in file order. */
export function cloudPrices(): CloudPrice[] {
  return [...new Set(table().values())];
}
