// Hosts & GPUs: the Docker engines Switchyard deploys to (whether each answers, how it is
// reached), adding and removing them, and each host's GPUs.
import { useEffect } from 'react';
import { Card } from '../../components/Card';
import { DockerCard } from '../../components/DockerCard';
import { EmptyState } from '../../components/EmptyState';
import { HostsIcon } from '../../components/icons';
import { LoadState } from '../../components/LoadState';
import { Page, PageHeader } from '../../components/PageHeader';
import { actions, useAppPick } from '../../store';
import { AddHostCard } from './AddHostCard';
import { GpuPanel } from './GpuPanel';
import { HostsTable } from './HostsTable';

/** How often the page re-reads the host list, whose remote hosts carry their last health probe. */
const HEALTH_REFRESH_MS = 3_000;

export function HostsPage() {
  const { hosts, dockerCheck, gpus } = useAppPick((s) => ({
    hosts: s.hosts,
    dockerCheck: s.dockerCheck,
    gpus: s.gpus,
  }));

  useEffect(() => {
    void actions().loadHosts();
    void actions().checkDocker();
    // Remote engines are pinged by the core every 2 s; the list carries each one's last answer.
    const timer = setInterval(() => void actions().loadHosts(), HEALTH_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  return (
    <Page testId="page-hosts">
      <PageHeader
        title="Hosts & GPUs"
        description="The Docker engines Switchyard runs models on, and their GPUs. Docker itself is the engine: Switchyard installs no agent of its own."
      />
      <div className="stack">
        {dockerCheck.data ? (
          <DockerCard
            docker={dockerCheck.data}
            checking={dockerCheck.loading}
            checkError={dockerCheck.error}
            onCheck={() => void actions().checkDocker()}
            testId="hosts-docker"
          />
        ) : (
          <LoadState value={dockerCheck} onRetry={() => void actions().checkDocker()} testId="hosts-docker">
            {() => null}
          </LoadState>
        )}
        <Card title="Hosts" icon={<HostsIcon />} testId="hosts-list">
          <LoadState value={hosts} onRetry={() => void actions().loadHosts()} testId="hosts">
            {(list) =>
              list.length === 0 ? (
                <EmptyState icon={<HostsIcon size={28} />} title="No hosts yet" testId="hosts-empty">
                  Add this machine's Docker socket (<code>unix:///var/run/docker.sock</code>) or a GPU box over{' '}
                  <code>ssh://user@host</code> below.
                </EmptyState>
              ) : (
                <HostsTable hosts={list} docker={dockerCheck.data} checking={dockerCheck.loading} />
              )
            }
          </LoadState>
        </Card>
        {(hosts.data ?? []).map((h) => (
          <GpuPanel key={h.id} host={h} docker={dockerCheck.data} inventory={gpus[h.id]} />
        ))}
        <AddHostCard />
      </div>
    </Page>
  );
}
