// The deployment as Docker would run it: the equivalent `docker run` line or compose snippet of
// the exact plan the core will create, to copy and run by hand or keep in a repository.
import { useState } from 'react';
import { Card } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { CodeIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { Segmented } from '../../components/Segmented';
import type { DebouncedCall } from '../../components/use-debounced-call';
import type { DeploymentPlanView } from '../../lib/types';

type View = 'docker-run' | 'compose';

/** `message`: why the core could not plan; `hint`: what to do while there is nothing to plan. */
export function PlanCard({
  plan,
  message,
  hint,
}: {
  plan: DebouncedCall<DeploymentPlanView>;
  message: string | null;
  hint: string;
}) {
  const [view, setView] = useState<View>('docker-run');
  const p = plan.data;
  const text = p ? (view === 'docker-run' ? p.dockerRun : p.compose) : '';
  return (
    <Card
      title="Equivalent Docker command"
      subtitle={p ? `Served as ${p.servedModelName} at ${p.baseUrl}` : 'The exact container the Deploy button creates'}
      icon={<CodeIcon />}
      testId="deploy-plan"
      actions={
        <Segmented
          label="Format"
          value={view}
          onChange={setView}
          testId="deploy-plan-view"
          options={[
            { value: 'docker-run', label: 'docker run' },
            { value: 'compose', label: 'Compose' },
          ]}
        />
      }
    >
      {message && (
        <Notice tone="warn" title="No plan yet" testId="deploy-plan-error">
          {message}
        </Notice>
      )}
      {!p && !message && (
        <p className="muted" data-testid="deploy-plan-empty">
          {plan.loading ? 'Planning…' : hint}
        </p>
      )}
      {p && (
        <div className={`code-block${plan.loading ? ' is-stale' : ''}`}>
          <pre className="code" data-testid={`deploy-plan-${view}`}>
            {text}
          </pre>
          <div className="code-copy">
            <CopyButton value={text} testId={`deploy-plan-${view}-copy`} />
          </div>
        </div>
      )}
    </Card>
  );
}
