// Keys & Budgets: virtual keys (create — shown once — list, revoke). Team budgets come later.
import { useEffect } from 'react';
import { Card } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { KeyIcon } from '../../components/icons';
import { LoadState } from '../../components/LoadState';
import { Page, PageHeader } from '../../components/PageHeader';
import { actions, useAppPick } from '../../store';
import { CreateKeyCard } from './CreateKeyCard';
import { KeysTable } from './KeysTable';

export function KeysPage() {
  const { keys, modelGroups, gatewayUrl } = useAppPick((s) => ({ keys: s.keys, modelGroups: s.modelGroups.data, gatewayUrl: s.gateway?.url ?? null }));

  useEffect(() => {
    void actions().loadKeys();
    void actions().loadModelGroups();
  }, []);

  return (
    <Page testId="page-keys">
      <PageHeader title="Keys & Budgets" description="Virtual keys for the gateway: each with its own allowed models, budget and rate limits. Keys are stored only as a hash." />
      <div className="stack">
        <CreateKeyCard modelGroupNames={(modelGroups ?? []).map((g) => g.name)} gatewayUrl={gatewayUrl} />
        <Card title="Keys" icon={<KeyIcon />} testId="keys-list">
          <LoadState value={keys} onRetry={() => void actions().loadKeys()} testId="keys">
            {(list) =>
              list.length === 0 ? (
                <EmptyState icon={<KeyIcon size={28} />} title="No virtual keys yet" testId="keys-empty">
                  Create one above, or run <code>switchyard keys create --alias NAME</code>. Until then, only the master key can call the gateway.
                </EmptyState>
              ) : (
                <KeysTable keys={list} />
              )
            }
          </LoadState>
        </Card>
      </div>
    </Page>
  );
}
