// Keys & Budgets: virtual keys (create — shown once — list with spend against budget, revoke) and
// teams with their own budgets. Spend arrives from the gateway, so the lists are re-read every few
// seconds while the page is open.
import { useEffect } from 'react';
import { Card } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { KeyIcon } from '../../components/icons';
import { LoadState } from '../../components/LoadState';
import { Page, PageHeader } from '../../components/PageHeader';
import { actions, useAppPick } from '../../store';
import { CreateKeyCard } from './CreateKeyCard';
import { KeysTable } from './KeysTable';
import { TeamsCard } from './TeamsCard';

const REFRESH_MS = 5_000;
const NO_TEAMS: never[] = [];

export function KeysPage() {
  const { keys, teamList, modelGroups, gatewayUrl } = useAppPick((s) => ({
    keys: s.keys,
    teamList: s.teams.data,
    modelGroups: s.modelGroups.data,
    gatewayUrl: s.gateway?.url ?? null,
  }));
  const teams = teamList ?? NO_TEAMS;

  useEffect(() => {
    const refresh = () => {
      void actions().loadKeys();
      void actions().loadTeams();
    };
    refresh();
    void actions().loadModelGroups();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  return (
    <Page testId="page-keys">
      <PageHeader
        title="Keys & Budgets"
        description="Virtual keys for the gateway: each with its own allowed models, budget and rate limits; teams share a budget. Keys are stored only as a hash."
      />
      <div className="stack">
        <CreateKeyCard modelGroupNames={(modelGroups ?? []).map((g) => g.name)} teams={teams} gatewayUrl={gatewayUrl} />
        <Card title="Keys" icon={<KeyIcon />} testId="keys-list">
          <LoadState value={keys} onRetry={() => void actions().loadKeys()} testId="keys">
            {(list) =>
              list.length === 0 ? (
                <EmptyState icon={<KeyIcon size={28} />} title="No virtual keys yet" testId="keys-empty">
                  Create one above, or run <code>switchyard keys create --alias NAME</code>. Until then, only the master
                  key can call the gateway.
                </EmptyState>
              ) : (
                <KeysTable keys={list} teams={teams} />
              )
            }
          </LoadState>
        </Card>
        <TeamsCard teams={teams} />
      </div>
    </Page>
  );
}
