// Deployments: every vLLM deployment with its lifecycle state. Logs, restart and the equivalent
// `docker run` line come with the orchestrator.
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { Card } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { DeploymentsIcon } from '../../components/icons';
import { LoadState } from '../../components/LoadState';
import { Page, PageHeader } from '../../components/PageHeader';
import { Planned } from '../../components/Planned';
import { actions, useAppPick } from '../../store';
import { DeploymentsTable } from './DeploymentsTable';

export function DeploymentsPage() {
  const { deployments, hosts } = useAppPick((s) => ({ deployments: s.deployments, hosts: s.hosts.data }));

  useEffect(() => {
    void actions().loadDeployments();
    void actions().loadHosts();
  }, []);

  const hostNames = new Map((hosts ?? []).map((h) => [h.id, h.name]));

  return (
    <Page testId="page-deployments">
      <PageHeader title="Deployments" description="vLLM engines in Docker containers, each served under its model name. Docker is the truth for what runs; this list updates live." />
      <div className="stack">
        <Card title="All deployments" icon={<DeploymentsIcon />} testId="deployments-list">
          <LoadState value={deployments} onRetry={() => void actions().loadDeployments()} testId="deployments">
            {(list) =>
              list.length === 0 ? (
                <EmptyState icon={<DeploymentsIcon size={28} />} title="No deployments yet" testId="deployments-empty" action={<Link className="btn btn-primary" to="/deploy">Go to Deploy</Link>}>
                  When you deploy a model it appears here, with its progress from pulling the image to ready.
                </EmptyState>
              ) : (
                <DeploymentsTable deployments={list} hostNames={hostNames} />
              )
            }
          </LoadState>
        </Card>
        <Planned
          testId="deployments-planned"
          items={[
            'Live progress per phase: image pull bytes, weight download, loading.',
            'Logs, streamed from the container, with the reason a failed start failed (out of memory, gated model, bad argument).',
            'Start, stop, restart and remove.',
            'The exact plan as an equivalent docker run line and a compose snippet.',
          ]}
        />
      </div>
    </Page>
  );
}
