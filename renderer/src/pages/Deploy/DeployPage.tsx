// Deploy: the catalog, the form, the fit estimate and live progress arrive with the orchestrator.
// Today it says what it will do and checks the prerequisites that are already real.
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { Card } from '../../components/Card';
import { Notice } from '../../components/Notice';
import { Page, PageHeader } from '../../components/PageHeader';
import { Planned } from '../../components/Planned';
import { actions, useAppPick } from '../../store';

export function DeployPage() {
  const { docker, hosts } = useAppPick((s) => ({ docker: s.system.data?.docker ?? null, hosts: s.hosts.data }));

  useEffect(() => {
    void actions().loadHosts();
  }, []);

  return (
    <Page testId="page-deploy">
      <PageHeader title="Deploy" description="Start a model on vLLM in a Docker container, on this machine or a remote GPU box." />
      <div className="stack">
        <Planned
          title="Deploying from the app is coming next"
          testId="deploy-planned"
          items={[
            'A catalog of models, and any Hugging Face model id.',
            'A form for the host, GPUs, image and engine arguments (max model length, GPU memory utilisation, KV-cache dtype…).',
            'A fit estimate before you start: weights per GPU, KV-cache tokens and how many sequences of your context length fit.',
            'Live progress: image pull, weight download, loading, ready — or the reason it failed.',
          ]}
        />
        <Card title="Before you deploy" testId="deploy-prerequisites">
          {docker && !docker.reachable && (
            <Notice tone="warn" title="Docker is not reachable" testId="deploy-docker-problem">{docker.problem ?? `Nothing answered at ${docker.endpoint}.`}</Notice>
          )}
          {docker?.reachable && !docker.nvidiaRuntime && (
            <Notice tone="info" title="No NVIDIA runtime on the local engine" testId="deploy-no-gpu">
              GPU containers cannot start there; a remote GPU host can still be used.
            </Notice>
          )}
          <p className="muted">
            {hosts === null
              ? 'Checking hosts…'
              : hosts.length === 0
                ? 'No hosts are configured yet. '
                : `${hosts.length} host${hosts.length === 1 ? '' : 's'} configured: ${hosts.map((h) => h.name).join(', ')}. `}
            <Link to="/hosts">Manage hosts</Link>
          </p>
        </Card>
      </div>
    </Page>
  );
}
