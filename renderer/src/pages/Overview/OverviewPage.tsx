// Overview: the real state of this instance — gateway, Docker, storage, counts, next steps.
import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { LoadState } from '../../components/LoadState';
import { Page, PageHeader } from '../../components/PageHeader';
import { RefreshIcon } from '../../components/icons';
import { actions, useAppPick } from '../../store';
import { CountsRow } from './CountsRow';
import { DockerCard } from '../../components/DockerCard';
import { GatewayCard } from './GatewayCard';
import { InstanceCard } from './InstanceCard';
import { NextStepsCard } from './NextStepsCard';
import { nextSteps } from './next-steps';

export function OverviewPage() {
  const { system, gateway, dockerCheck } = useAppPick((s) => ({ system: s.system, gateway: s.gateway, dockerCheck: s.dockerCheck }));

  useEffect(() => {
    void actions().loadSystem();
  }, []);

  return (
    <Page testId="page-overview">
      <PageHeader
        title="Overview"
        description="This Switchyard instance at a glance."
        actions={<Button icon={<RefreshIcon />} busy={system.loading} onClick={() => void actions().loadSystem()} testId="overview-refresh">Refresh</Button>}
      />
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
