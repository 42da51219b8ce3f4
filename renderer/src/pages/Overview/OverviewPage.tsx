// Overview: the real state of this instance — live tiles (spend, throughput, requests, KV cache,
// GPUs), then gateway, Docker, storage, counts and next steps.
import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { LoadState } from '../../components/LoadState';
import { Page, PageHeader } from '../../components/PageHeader';
import { RefreshIcon } from '../../components/icons';
import { actions, useAppPick } from '../../store';
import { useLiveDashboard } from '../../components/charts/use-live-dashboard';
import { CountsRow } from './CountsRow';
import { DashboardTiles } from './DashboardTiles';
import { DockerCard } from '../../components/DockerCard';
import { GatewayCard } from './GatewayCard';
import { InstanceCard } from './InstanceCard';
import { NextStepsCard } from './NextStepsCard';
import { nextSteps } from './next-steps';

export function OverviewPage() {
  const { system, gateway, dockerCheck, tiles } = useAppPick((s) => ({
    system: s.system,
    gateway: s.gateway,
    dockerCheck: s.dockerCheck,
    tiles: s.overviewTiles,
  }));
  useLiveDashboard('overview');

  useEffect(() => {
    void actions().loadSystem();
  }, []);

  return (
    <Page testId="page-overview">
      <PageHeader
        title="Overview"
        description="This Switchyard instance at a glance."
        actions={
          <Button
            icon={<RefreshIcon />}
            busy={system.loading}
            onClick={() => {
              void actions().loadSystem();
              void actions().loadOverview();
            }}
            testId="overview-refresh"
          >
            Refresh
          </Button>
        }
      />
      <LoadState value={tiles} onRetry={() => void actions().loadOverview()} testId="overview-tiles">
        {(t) => <DashboardTiles tiles={t} />}
      </LoadState>
      <LoadState value={system} onRetry={() => void actions().loadSystem()} testId="overview">
        {(status) => (
          <>
            <CountsRow counts={status.counts} />
            <div className="grid-2">
              <GatewayCard gateway={gateway ?? status.gateway} />
              <DockerCard
                docker={status.docker}
                checking={dockerCheck.loading}
                checkError={dockerCheck.error}
                onCheck={() => void actions().checkDocker()}
                testId="overview-docker"
              />
            </div>
            {nextSteps(status).every((step) => step.done) ? (
              <InstanceCard status={status} />
            ) : (
              <div className="grid-2">
                <InstanceCard status={status} />
                <NextStepsCard status={status} />
              </div>
            )}
          </>
        )}
      </LoadState>
    </Page>
  );
}
