// The model catalog (resources/catalog/models.json): popular open models with their size, context
// length, whether Hugging Face gates them, the engine arguments we recommend, and the config.json
// fields the fit estimate needs, so that a fit works offline. Validated once at load.
import { z } from 'zod';
import { CatalogModel } from '../../../shared/deployment-schemas';
import raw from '../../../resources/catalog/models.json';

export { CatalogModel, CatalogTask } from '../../../shared/deployment-schemas';

const CatalogFile = z.object({
  $comment: z.string().optional(),
  version: z.literal(1),
  models: z.array(CatalogModel).min(1),
});

let cached: CatalogModel[] | null = null;

/** Every catalog model, in catalog order. Throws if the bundled file is malformed (a build error). */
export function catalogModels(): CatalogModel[] {
  if (!cached) {
    const parsed = CatalogFile.safeParse(raw);
    if (!parsed.success)
      throw new Error(
        `resources/catalog/models.json is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    cached = parsed.data.models;
  }
  return cached;
}

/** Case-insensitive lookup by id. */
export function findCatalogModel(id: string): CatalogModel | null {
  const wanted = id.toLowerCase();
  return catalogModels().find((m) => m.id.toLowerCase() === wanted) ?? null;
}

/** Models whose id, name or task contains every word of the query. */
export function searchCatalog(query: string): CatalogModel[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return catalogModels().filter((m) => {
    const text = `${m.id} ${m.name} ${m.task}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
