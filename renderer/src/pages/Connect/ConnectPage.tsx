// Connect: the exact setup for each client people point at a gateway (Claude Code, Codex CLI, Open
// WebUI, Continue, the OpenAI and Anthropic SDKs, curl) with this gateway's URL, a chosen key and a
// model group, each snippet with a copy button, and "Test it", which has the core send one request
// the way that client does. Agent clients are warned about groups that will not do tool calls.
import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { CodeIcon, KeyIcon, PlusIcon } from '../../components/icons';
import { LoadState } from '../../components/LoadState';
import { Notice } from '../../components/Notice';
import { Page, PageHeader } from '../../components/PageHeader';
import { SecretOnce } from '../../components/SecretOnce';
import { SelectField } from '../../components/SelectField';
import { useNow } from '../../components/use-now';
import { useState } from 'react';
import { CLIENT_INFO, CONNECT_CLIENTS } from '../../../../shared/connect-snippets';
import type { ConnectSetup } from '../../../../shared/contract-connect';
import { actions, useAppPick } from '../../store';
import { ClientPanel } from './ClientPanel';
import { useConnectStore } from './connect-state';
import { chosenGroup, keyLabel, snippetKey, usableKeys } from './connect-view';
import './connect.css';

export function ConnectPage() {
  const setup = useConnectStore((s) => s.setup);
  useEffect(() => {
    void useConnectStore.getState().loadSetup();
    void actions().loadKeys();
    // A key made here is shown once: leaving the page forgets it.
    return () => useConnectStore.getState().forgetCreatedKey();
  }, []);

  return (
    <Page testId="page-connect">
      <PageHeader
        title="Connect"
        description="Point Claude Code, Codex, Open WebUI, Continue, the SDKs or curl at this gateway: copy the setup, then test it with one request sent the way that client sends it."
      />
      <LoadState value={setup} onRetry={() => void useConnectStore.getState().loadSetup()} testId="connect-setup">
        {(data) => <ConnectBody setup={data} />}
      </LoadState>
    </Page>
  );
}

function ConnectBody({ setup }: { setup: ConnectSetup }) {
  const now = useNow();
  const keyList = useAppPick((s) => ({ keys: s.keys.data })).keys;
  const { client, keyId, group, created } = useConnectStore((s) => s);
  const pick = useConnectStore((s) => s.pick);
  const keys = usableKeys(keyList ?? [], now);
  const current = chosenGroup(client, group, setup.groups);
  const key = snippetKey(keyId, keys, created);
  const [createError, setCreateError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const createKey = async () => {
    setCreating(true);
    setCreateError(null);
    setCreateError(await useConnectStore.getState().createKeyFor(client, `${client}`));
    setCreating(false);
  };

  return (
    <div className="stack">
      <Card title="This gateway" icon={<KeyIcon />} testId="connect-settings">
        <div className="connect-settings">
          <div className="field">
            <span className="field-label">Gateway URL</span>
            <div className="connect-url">
              <code className="mono" data-testid="connect-gateway-url">
                {setup.gatewayUrl}
              </code>
              <CopyButton value={setup.gatewayUrl} testId="connect-gateway-url-copy" />
            </div>
          </div>
          <SelectField
            label="Key"
            testId="connect-key"
            value={keyId}
            onChange={(v) => pick({ keyId: v })}
            options={[
              { value: '', label: 'None — paste yours' },
              ...keys.map((k) => ({ value: k.id, label: keyLabel(k) })),
            ]}
          />
          <SelectField
            label="Model group"
            testId="connect-group"
            value={current?.name ?? ''}
            onChange={(v) => pick({ group: v })}
            options={
              setup.groups.length
                ? setup.groups.map((g) => ({ value: g.name, label: g.name }))
                : [{ value: '', label: 'No model groups yet' }]
            }
          />
          <div className="connect-create">
            <Button icon={<PlusIcon />} busy={creating} onClick={() => void createKey()} testId="connect-create-key">
              Create a key for {CLIENT_INFO[client].name}
            </Button>
          </div>
        </div>
        {setup.lanNote && (
          <Notice tone="info" testId="connect-lan-note">
            {setup.lanNote}
          </Notice>
        )}
        {createError && (
          <Notice tone="danger" title="Could not create the key" testId="connect-create-key-error">
            {createError}
          </Notice>
        )}
        {created && (
          <SecretOnce
            title={`Key “${keys.find((k) => k.id === created.id)?.alias ?? client}” created`}
            value={created.key}
            testId="connect-new-key"
            onDismiss={() => useConnectStore.getState().forgetCreatedKey()}
          >
            The snippets below carry it until you hide it or leave this page.
          </SecretOnce>
        )}
      </Card>
      <div className="connect-layout">
        <nav className="connect-clients" aria-label="Clients" data-testid="connect-clients">
          {CONNECT_CLIENTS.map((id) => (
            <button
              key={id}
              type="button"
              className={`connect-client${id === client ? ' is-selected' : ''}`}
              aria-current={id === client ? 'true' : undefined}
              data-testid={`connect-client-${id}`}
              onClick={() => pick({ client: id })}
            >
              <span className="connect-client-name">{CLIENT_INFO[id].name}</span>
              {CLIENT_INFO[id].agent && <span className="tag">agent</span>}
            </button>
          ))}
        </nav>
        {current ? (
          <ClientPanel client={client} group={current} gatewayUrl={setup.gatewayUrl} snippetKey={key} />
        ) : (
          <Card title={CLIENT_INFO[client].name} icon={<CodeIcon />} testId={`connect-panel-${client}`}>
            <Notice tone="info" title="No model groups yet" testId="connect-no-groups">
              Deploy a model or add a provider first: a client asks the gateway for a model group by name.
            </Notice>
          </Card>
        )}
      </div>
    </div>
  );
}
