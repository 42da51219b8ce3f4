import { describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../lib/types';
import { filterCatalog, formatContext, formatParameters } from './catalog-view';

const m = (id: string, name: string, task: CatalogModel['task']): CatalogModel => ({
  id,
  name,
  task,
  parametersB: 1,
  contextLength: 4096,
  gated: false,
  recommendedArgs: [],
  config: {},
});
const models = [
  m('Qwen/Qwen3-0.6B', 'Qwen3 0.6B', 'chat'),
  m('Qwen/Qwen3-Embedding-0.6B', 'Qwen3 Embedding 0.6B', 'embed'),
  m('BAAI/bge-reranker-base', 'BGE reranker', 'rerank'),
];

describe('filterCatalog', () => {
  it('keeps models of the task whose id or name has every word', () => {
    expect(filterCatalog(models, '', 'all')).toHaveLength(3);
    expect(filterCatalog(models, 'QWEN 0.6', 'all').map((x) => x.id)).toEqual([
      'Qwen/Qwen3-0.6B',
      'Qwen/Qwen3-Embedding-0.6B',
    ]);
    expect(filterCatalog(models, 'qwen', 'embed').map((x) => x.id)).toEqual(['Qwen/Qwen3-Embedding-0.6B']);
    expect(filterCatalog(models, 'baai', 'chat')).toEqual([]);
  });
});

describe('formatting', () => {
  it('writes sizes and context lengths short', () => {
    expect(formatParameters({ parametersB: 0.6 })).toBe('600M');
    expect(formatParameters({ parametersB: 0.023 })).toBe('23M');
    expect(formatParameters({ parametersB: 8.2 })).toBe('8.2B');
    expect(formatParameters({ parametersB: 671 })).toBe('671B');
    expect(formatParameters({ parametersB: 30.5, activeParametersB: 3.3 })).toBe('30.5B (3.3B active)');
    expect(formatContext(512)).toBe('512');
    expect(formatContext(40960)).toBe('40k');
    expect(formatContext(131072)).toBe('128k');
  });
});
