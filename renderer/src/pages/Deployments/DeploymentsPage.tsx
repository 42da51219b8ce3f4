// Deployments: one card per vLLM deployment with its live start progress, failure reason, KV
// figures, lifecycle buttons and log. Progress is the core's: reloaded when the page opens and
// kept live by push events, so leaving and coming back (or restarting the app) loses nothing.
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { DeploymentsIcon, RefreshIcon } from '../../components/icons';
import { LoadState } from '../../components/LoadState';
import { Notice } from '../../components/Notice';
import { Page, PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../lib/errors';
import { readPredictions } from '../../lib/predictions';
import type { ReconcileReport } from '../../lib/types';
import { actions, useAppPick } from '../../store';
import { DeploymentCard } from './DeploymentCard';
import { ReconcileCard } from './ReconcileCard';

export function DeploymentsPage() {
  const { deployments, hosts, progress } = useAppPick((s) => ({
    deployments: s.deployments,
    hosts: s.hosts.data,
    progress: s.progress,
  }));

  useEffect(() => {
    void actions()
      .loadDeployments()
      .then(() => actions().loadAllProgress());
    void actions().loadHosts();
  }, []);

  const hostNames = new Map((hosts ?? []).map((h) => [h.id, h.name]));
  const ids = (deployments.data ?? []).map((d) => d.id).join(',');
  // Read again when the set of deployments changes (a new one brings its estimate).
  const predictions = useMemo(() => readPredictions(), [ids]);

  const [report, setReport] = useState<ReconcileReport | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);
  const reconcile = async () => {
    setChecking(true);
    setCheckError(null);
    try {
      setReport(await actions().reconcile());
    } catch (err) {
      setCheckError(errorMessage(err));
    } finally {
      setChecking(false);
    }
  };

  return (
    <Page testId="page-deployments">
      <PageHeader
        title="Deployments"
        actions={
          <Button
            icon={<RefreshIcon />}
            busy={checking}
            onClick={() => void reconcile()}
            testId="deployments-reconcile"
            title="Match deployments with the containers Docker runs"
          >
            Check against Docker
          </Button>
        }
        description="vLLM engines in Docker containers, each served by the gateway under its model name. Docker is the truth for what runs; this page updates live."
      />
      <div className="stack">
        {checkError && (
          <Notice tone="danger" title="Could not check against Docker" testId="deployments-reconcile-error">
            {checkError}
          </Notice>
        )}
        {report && <ReconcileCard report={report} onDismiss={() => setReport(null)} />}
        <LoadState value={deployments} onRetry={() => void actions().loadDeployments()} testId="deployments">
          {(list) =>
            list.length === 0 ? (
              <Card testId="deployments-list">
                <EmptyState
                  icon={<DeploymentsIcon size={28} />}
                  title="No deployments yet"
                  testId="deployments-empty"
                  action={
                    <Link className="btn btn-primary" to="/deploy">
                      Go to Deploy
                    </Link>
                  }
                >
                  When you deploy a model it appears here, with its progress from pulling the image to ready.
                </EmptyState>
              </Card>
            ) : (
              <div className="stack" data-testid="deployments-list">
                {list.map((d) => (
                  <DeploymentCard
                    key={d.id}
                    deployment={d}
                    progress={progress[d.name]}
                    prediction={predictions[d.id] ?? null}
                    hostName={hostNames.get(d.hostId) ?? d.hostId}
                  />
                ))}
              </div>
            )
          }
        </LoadState>
      </div>
    </Page>
  );
}
