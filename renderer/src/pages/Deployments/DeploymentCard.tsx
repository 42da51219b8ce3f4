// One deployment: its state and start progress, why it failed (with the log line that proves
// it), vLLM's logged KV figures beside the estimate, its live engine sparklines once ready, the
// lifecycle buttons and its log.
import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Facts } from '../../components/Facts';
import {
  CodeIcon,
  DeploymentsIcon,
  LogsIcon,
  PlayIcon,
  RefreshIcon,
  StopIcon,
  TrashIcon,
} from '../../components/icons';
import { Notice } from '../../components/Notice';
import { Badge } from '../../components/Status';
import { useNow } from '../../components/use-now';
import { errorMessage } from '../../lib/errors';
import { formatRelative } from '../../lib/format';
import type { FitPrediction } from '../../lib/predictions';
import type { ProgressEntry } from '../../lib/progress';
import { deploymentLabel, deploymentTone } from '../../lib/status';
import type { Deployment } from '../../lib/types';
import { actions } from '../../store';
import { hasKvFigures, kvRows } from './kv-view';
import { KvCompare } from './KvCompare';
import { KubernetesExport } from './KubernetesExport';
import { TryItButton } from '../Playground/TryItButton';
import { LogViewer } from './LogViewer';
import { commandsFor, phaseView } from './phase-view';
import { PhaseBar } from './PhaseBar';
import { Sparkline } from './Sparkline';
import { useDeploymentToolCalls } from '../Connect/connect-state';

type Command = 'start' | 'stop' | 'restart' | 'remove';

interface DeploymentCardProps {
  deployment: Deployment;
  progress: ProgressEntry | undefined;
  prediction: FitPrediction | null;
  hostName: string;
}

export function DeploymentCard({ deployment: d, progress, prediction, hostName }: DeploymentCardProps) {
  const now = useNow();
  const [busy, setBusy] = useState<Command | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [logsOpen, setLogsOpen] = useState(false);
  const [k8sOpen, setK8sOpen] = useState(false);
  const view = phaseView(d, progress);
  const can = commandsFor(view.phase);
  const report = progress?.report;
  const reason =
    report?.phase === 'failed' || report?.phase === 'stopped'
      ? report.reason
      : view.phase === 'failed'
        ? d.stateReason
        : null;
  const id = d.name;
  const ready = view.phase === 'ready';
  const tools = useDeploymentToolCalls(d.name);

  // A ready engine is scraped every 5 s: its last 15 minutes load once here, the event adds the rest.
  useEffect(() => {
    if (ready) void actions().loadRecentSamples(d.name);
  }, [d.name, ready]);

  const run = async (command: Command) => {
    // The log viewer stops polling first: a removed container has no log to read.
    if (command === 'remove') setLogsOpen(false);
    setBusy(command);
    setError(null);
    try {
      if (command === 'start') await actions().startDeployment(d.name);
      if (command === 'stop') await actions().stopDeployment(d.name);
      if (command === 'restart') await actions().restartDeployment(d.name);
      if (command === 'remove') await actions().removeDeployment(d.name);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      title={d.name}
      icon={<DeploymentsIcon />}
      testId={`deployment-card-${id}`}
      subtitle={
        <>
          <span className="mono">{d.servedModelName}</span>
          {d.model !== d.servedModelName && <span className="faint"> · {d.model}</span>}
        </>
      }
      actions={
        <Badge tone={deploymentTone(view.phase)} testId={`deployment-state-${id}`}>
          {deploymentLabel(view.phase)}
        </Badge>
      }
    >
      <PhaseBar view={view} testId={`deployment-phase-${id}`} />
      {reason && (
        <Notice
          tone={view.phase === 'failed' ? 'danger' : 'info'}
          title={view.phase === 'failed' ? 'Why it failed' : 'Note'}
          testId={`deployment-reason-${id}`}
        >
          {reason}
          {report?.evidence && (
            <pre className="evidence" data-testid={`deployment-evidence-${id}`}>
              {report.evidence}
            </pre>
          )}
        </Notice>
      )}
      {tools?.state === 'no' && tools.cause !== 'pooling-model' && (
        <Notice tone="warn" title="Agents cannot use it: no tool calls" testId={`deployment-tools-${id}`}>
          {tools.reason}
        </Notice>
      )}
      {error && (
        <Notice tone="danger" title="The command failed" testId={`deployment-error-${id}`}>
          {error}
        </Notice>
      )}
      <div className="deployment-body">
        <Facts
          items={[
            {
              label: 'Endpoint',
              value: d.port ? `http://127.0.0.1:${d.port}/v1` : '—',
              mono: true,
              testId: `deployment-endpoint-${id}`,
            },
            { label: 'Host', value: hostName },
            { label: 'Image', value: d.image, mono: true, testId: `deployment-image-${id}` },
            { label: 'Restarts', value: String(report?.restarts ?? 0) },
            { label: 'Created', value: formatRelative(d.createdAt, now) },
          ]}
        />
        {hasKvFigures(prediction, report?.logged ?? null) && (
          <KvCompare
            rows={kvRows(prediction, report?.logged ?? null)}
            gpuLabel={prediction?.gpuLabel ?? null}
            testId={`deployment-kv-${id}`}
          />
        )}
      </div>
      {ready && <Sparkline name={d.name} testId={`deployment-spark-${id}`} />}
      <div className="deployment-actions">
        {can.start && (
          <Button
            size="sm"
            variant="primary"
            icon={<PlayIcon />}
            busy={busy === 'start'}
            onClick={() => void run('start')}
            testId={`deployment-start-${id}`}
          >
            Start
          </Button>
        )}
        {can.stop && (
          <Button
            size="sm"
            icon={<StopIcon />}
            busy={busy === 'stop'}
            onClick={() => void run('stop')}
            testId={`deployment-stop-${id}`}
          >
            Stop
          </Button>
        )}
        {can.restart && (
          <Button
            size="sm"
            icon={<RefreshIcon />}
            busy={busy === 'restart'}
            onClick={() => void run('restart')}
            testId={`deployment-restart-${id}`}
          >
            Restart
          </Button>
        )}
        {ready && <TryItButton target={d.servedModelName} testId={`deployment-try-${id}`} />}
        <Button
          size="sm"
          variant={logsOpen ? 'secondary' : 'ghost'}
          icon={<LogsIcon />}
          aria-expanded={logsOpen}
          onClick={() => setLogsOpen((o) => !o)}
          testId={`deployment-logs-toggle-${id}`}
        >
          {logsOpen ? 'Hide logs' : 'Logs'}
        </Button>
        <Button
          size="sm"
          variant={k8sOpen ? 'secondary' : 'ghost'}
          icon={<CodeIcon />}
          aria-expanded={k8sOpen}
          onClick={() => setK8sOpen((o) => !o)}
          testId={`deployment-k8s-toggle-${id}`}
        >
          Kubernetes
        </Button>
        <span className="spacer" />
        <ConfirmButton
          label="Remove"
          confirmLabel="Remove deployment"
          icon={<TrashIcon />}
          busy={busy === 'remove'}
          onConfirm={() => run('remove')}
          testId={`deployment-remove-${id}`}
        />
      </div>
      {logsOpen && <LogViewer name={d.name} testId={`deployment-logs-${id}`} />}
      {k8sOpen && <KubernetesExport name={d.name} testId={`deployment-k8s-${id}`} />}
    </Card>
  );
}
