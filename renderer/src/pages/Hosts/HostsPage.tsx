// Hosts & GPUs: the Docker engines Switchyard deploys to, and this machine's Docker status.
// GPU discovery per host comes with the orchestrator.
import { useEffect } from 'react';
import { Card } from '../../components/Card';
import { DockerCard } from '../../components/DockerCard';
import { EmptyState } from '../../components/EmptyState';
import { HostsIcon } from '../../components/icons';
import { LoadState } from '../../components/LoadState';
import { Page, PageHeader } from '../../components/PageHeader';
import { Planned } from '../../components/Planned';
import { actions, useAppPick } from '../../store';
import { AddHostCard } from './AddHostCard';
import { HostsTable } from './HostsTable';

export function HostsPage() {
  const { hosts, dockerCheck } = useAppPick((s) => ({ hosts: s.hosts, dockerCheck: s.dockerCheck }));

  useEffect(() => {
    void actions().loadHosts();
    void actions().checkDocker();
  }, []);

  return (
    <Page testId="page-hosts">
      <PageHeader title="Hosts & GPUs" description="The Docker engines Switchyard runs models on. Docker itself is the engine: Switchyard installs no agent of its own." />
      <div className="stack">
        {dockerCheck.data ? (
          <DockerCard docker={dockerCheck.data} checking={dockerCheck.loading} checkError={dockerCheck.error} onCheck={() => void actions().checkDocker()} testId="hosts-docker" />
        ) : (
          <LoadState value={dockerCheck} onRetry={() => void actions().checkDocker()} testId="hosts-docker">{() => null}</LoadState>
        )}
        <Card title="Hosts" icon={<HostsIcon />} testId="hosts-list">
          <LoadState value={hosts} onRetry={() => void actions().loadHosts()} testId="hosts">
            {(list) =>
              list.length === 0 ? (
                <EmptyState icon={<HostsIcon size={28} />} title="No hosts yet" testId="hosts-empty">
                  Add this machine's Docker socket (<code>unix:///var/run/docker.sock</code>) or a GPU box over <code>ssh://user@host</code> below.
                </EmptyState>
              ) : (
                <HostsTable hosts={list} />
              )
            }
          </LoadState>
        </Card>
        <AddHostCard />
        <Planned
          title="GPUs — coming next"
          testId="hosts-gpus-planned"
          items={[
            'Each host\'s GPUs found through nvidia-smi, run by Docker with a GPU device request: name, driver, CUDA version, memory.',
            'Live utilisation, memory, power and temperature per GPU.',
            'Free VRAM per GPU, used to place new deployments.',
          ]}
        >
          GPU discovery is not built yet. Until it is, this page shows whether Docker and its NVIDIA runtime are reachable.
        </Planned>
      </div>
    </Page>
  );
}
