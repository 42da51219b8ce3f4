// The model catalog: search by words, filter by task, pick one to fill the form. Any Hugging Face
// id can still be typed into the form's model field.
import { useState } from 'react';
import { Card } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { ModelIcon, SearchIcon } from '../../components/icons';
import { LoadState } from '../../components/LoadState';
import { Segmented } from '../../components/Segmented';
import type { CatalogModel } from '../../lib/types';
import { actions, useAppPick } from '../../store';
import {
  filterCatalog,
  formatContext,
  formatParameters,
  TASK_FILTERS,
  TASK_LABEL,
  type TaskFilter,
} from './catalog-view';

export function CatalogCard({ selected, onPick }: { selected: string; onPick: (model: CatalogModel) => void }) {
  const { catalog } = useAppPick((s) => ({ catalog: s.catalog }));
  const [query, setQuery] = useState('');
  const [task, setTask] = useState<TaskFilter>('all');

  return (
    <Card
      title="Pick a model"
      subtitle="Popular open models with the engine arguments we recommend; or type any Hugging Face id below"
      icon={<ModelIcon />}
      testId="deploy-catalog"
    >
      <div className="catalog-tools">
        <label className="search-box">
          <SearchIcon />
          <input
            className="input"
            type="search"
            placeholder="Search models, e.g. qwen 8b"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="deploy-catalog-search"
            aria-label="Search the catalog"
            spellCheck={false}
          />
        </label>
        <Segmented label="Task" value={task} options={TASK_FILTERS} onChange={setTask} testId="deploy-catalog-task" />
      </div>
      <LoadState value={catalog} onRetry={() => void actions().loadCatalog()} testId="deploy-catalog">
        {(models) => {
          const shown = filterCatalog(models, query, task);
          if (shown.length === 0) {
            return (
              <EmptyState title="No catalog model matches" testId="deploy-catalog-empty">
                Try fewer words, another task, or type the Hugging Face id into the Model field.
              </EmptyState>
            );
          }
          return (
            <ul className="catalog-grid" data-testid="deploy-catalog-list">
              {shown.map((m) => (
                <li key={m.id}>
                  <button
                    type="button"
                    className={`catalog-item${m.id === selected ? ' is-selected' : ''}`}
                    aria-pressed={m.id === selected}
                    data-testid={`catalog-model-${m.id}`}
                    onClick={() => onPick(m)}
                    title={m.notes}
                  >
                    <span className="catalog-name">{m.name}</span>
                    <span className="catalog-id mono">{m.id}</span>
                    <span className="catalog-tags">
                      <span className={`tag tag-${m.task}`}>{TASK_LABEL[m.task]}</span>
                      <span className="tag">{formatParameters(m)}</span>
                      <span className="tag" title={`${m.contextLength.toLocaleString('en-US')} tokens of context`}>
                        {formatContext(m.contextLength)} ctx
                      </span>
                      {m.gated && (
                        <span
                          className="tag tag-gated"
                          title="Gated on Hugging Face: needs a token of an account that accepted the licence"
                        >
                          Gated
                        </span>
                      )}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          );
        }}
      </LoadState>
    </Card>
  );
}
