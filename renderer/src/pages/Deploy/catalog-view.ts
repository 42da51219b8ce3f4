// How the catalog reads on the Deploy page: filtered by task and by words of the id or name,
// with sizes and context lengths written short.
import type { CatalogModel, CatalogTask } from '../../lib/types';

export type TaskFilter = CatalogTask | 'all';

export const TASK_FILTERS: { value: TaskFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'chat', label: 'Chat' },
  { value: 'code', label: 'Code' },
  { value: 'embed', label: 'Embedding' },
  { value: 'rerank', label: 'Rerank' },
];

/** Models of the task whose id or name contains every word of the query (any case). */
export function filterCatalog(models: readonly CatalogModel[], query: string, task: TaskFilter): CatalogModel[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return models.filter((m) => {
    if (task !== 'all' && m.task !== task) return false;
    const text = `${m.id} ${m.name}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** 0.6 → "0.6B", 671 → "671B", 0.023 → "23M"; MoE models add their active parameters. */
export function formatParameters(m: Pick<CatalogModel, 'parametersB' | 'activeParametersB'>): string {
  const one = (b: number) => (b < 1 ? `${Math.round(b * 1000)}M` : `${Number(b.toFixed(1))}B`);
  return m.activeParametersB ? `${one(m.parametersB)} (${one(m.activeParametersB)} active)` : one(m.parametersB);
}

/** Context length in tokens: 40960 → "40k", 131072 → "128k", 512 → "512". */
export function formatContext(tokens: number): string {
  if (tokens < 1024) return String(tokens);
  return `${Math.round(tokens / 1024)}k`;
}

export const TASK_LABEL: Record<CatalogTask, string> = {
  chat: 'Chat',
  code: 'Code',
  embed: 'Embedding',
  rerank: 'Rerank',
};
