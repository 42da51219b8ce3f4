// Providers: cloud providers and external OpenAI-compatible servers the gateway can route to,
// with their encrypted API keys, price overrides, cloud equivalents and a connection test.
import { useEffect } from 'react';
import { Card } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { ProvidersIcon } from '../../components/icons';
import { LoadState } from '../../components/LoadState';
import { Page, PageHeader } from '../../components/PageHeader';
import { actions, useAppPick } from '../../store';
import { AddProviderCard } from './AddProviderCard';
import { CloudModelOptions } from './CloudModelOptions';
import { ProviderRow } from './ProviderRow';

export function ProvidersPage() {
  const { providers, shell } = useAppPick((s) => ({ providers: s.providers, shell: s.system.data?.shell ?? null }));

  useEffect(() => {
    void actions().loadProviders();
  }, []);

  const keyStorage =
    shell === 'desktop' ? 'the OS keychain (safeStorage)' : 'a key file readable only by you (secret.key, mode 0600)';
  return (
    <Page testId="page-providers">
      <PageHeader
        title="Providers"
        description={`Cloud providers and OpenAI-compatible servers outside Switchyard. API keys are encrypted at rest with a data key kept in ${keyStorage}.`}
      />
      <CloudModelOptions />
      <div className="stack">
        <AddProviderCard />
        <Card title="Providers and servers" icon={<ProvidersIcon />} testId="providers-list">
          <LoadState value={providers} onRetry={() => void actions().loadProviders()} testId="providers">
            {(list) =>
              list.length === 0 ? (
                <EmptyState icon={<ProvidersIcon size={28} />} title="No providers yet" testId="providers-empty">
                  Add an OpenAI-compatible server (Ollama, LM Studio, llama.cpp, a vLLM elsewhere) or a cloud provider
                  above.
                </EmptyState>
              ) : (
                <div className="table-wrap">
                  <table className="table" data-testid="providers-table">
                    <thead>
                      <tr>
                        <th>Name</th>
                        <th>Base URL</th>
                        <th>Model</th>
                        <th>API key</th>
                        <th>Prices</th>
                        <th>Used by</th>
                        <th aria-label="Actions" />
                      </tr>
                    </thead>
                    <tbody>
                      {list.map((p) => (
                        <ProviderRow key={p.name} provider={p} />
                      ))}
                    </tbody>
                  </table>
                </div>
              )
            }
          </LoadState>
        </Card>
      </div>
    </Page>
  );
}
