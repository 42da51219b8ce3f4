// Routing: model groups — the names clients ask for — with their strategy, targets and fallback
// chains. The visual editor with live health comes with the router.
import { useEffect } from 'react';
import { Card } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { RoutingIcon } from '../../components/icons';
import { LoadState } from '../../components/LoadState';
import { Page, PageHeader } from '../../components/PageHeader';
import { Planned } from '../../components/Planned';
import { actions, useAppPick } from '../../store';
import { ModelGroupCard } from './ModelGroupCard';

export function RoutingPage() {
  const { modelGroups } = useAppPick((s) => ({ modelGroups: s.modelGroups }));

  useEffect(() => {
    void actions().loadModelGroups();
  }, []);

  return (
    <Page testId="page-routing">
      <PageHeader title="Routing" description="A model group is the model name clients ask the gateway for; it spreads requests over its targets and falls back along a chain when they fail." />
      <div className="stack">
        <LoadState value={modelGroups} onRetry={() => void actions().loadModelGroups()} testId="routing">
          {(groups) =>
            groups.length === 0 ? (
              <Card>
                <EmptyState icon={<RoutingIcon size={28} />} title="No model groups yet" testId="routing-empty">
                  A model group is created for each deployment when it becomes ready, under its served model name.
                  You can also bring your existing routing with a LiteLLM <code>config.yaml</code> (<code>switchyard serve --config</code>).
                </EmptyState>
              </Card>
            ) : (
              <div className="grid-2" data-testid="model-groups">
                {groups.map((group) => <ModelGroupCard key={group.name} group={group} />)}
              </div>
            )
          }
        </LoadState>
        <Planned
          testId="routing-planned"
          items={[
            'A visual editor of model groups, their targets, weights and fallback chains.',
            'Live health on the graph: which targets are ready, cooling down or failing.',
            'Adding endpoints (OpenAI, Anthropic, Ollama, any OpenAI-compatible server) and wiring them into groups from here.',
          ]}
        />
      </div>
    </Page>
  );
}
