// Docker reachability as the core sees it, with the reason when it is not reachable.
import { Button } from './Button';
import { Card } from './Card';
import { Facts } from './Facts';
import { DockerIcon, RefreshIcon } from './icons';
import { Notice } from './Notice';
import { Badge } from './Status';
import type { DockerStatus } from '../lib/types';

interface DockerCardProps {
  docker: DockerStatus;
  checking: boolean;
  checkError: string | null;
  onCheck: () => void;
  testId: string;
}

export function DockerCard({ docker, checking, checkError, onCheck, testId }: DockerCardProps) {
  return (
    <Card
      title="Docker"
      subtitle="The engine that runs vLLM containers"
      icon={<DockerIcon />}
      testId={testId}
      actions={
        <>
          <Badge tone={docker.reachable ? 'ok' : 'danger'} testId={`${testId}-state`}>
            {docker.reachable ? 'Reachable' : 'Unreachable'}
          </Badge>
          <Button
            size="sm"
            variant="ghost"
            icon={<RefreshIcon />}
            busy={checking}
            onClick={onCheck}
            testId={`${testId}-recheck`}
            aria-label="Check Docker again"
            title="Check again"
          />
        </>
      }
    >
      {!docker.reachable && (
        <Notice tone="warn" title="Switchyard cannot reach Docker" testId={`${testId}-problem`}>
          {docker.problem ?? 'No reason was given.'}
        </Notice>
      )}
      {checkError && (
        <Notice tone="danger" title="The check failed" testId={`${testId}-check-error`}>
          {checkError}
        </Notice>
      )}
      <Facts
        items={[
          { label: 'Endpoint', value: docker.endpoint, mono: true, testId: `${testId}-endpoint` },
          { label: 'Engine version', value: docker.version ?? '—', testId: `${testId}-version` },
          { label: 'API version', value: docker.apiVersion ?? '—' },
          {
            label: 'NVIDIA runtime',
            value: docker.reachable
              ? docker.nvidiaRuntime
                ? 'Available'
                : 'Not found (GPU containers cannot start)'
              : '—',
            testId: `${testId}-nvidia`,
          },
        ]}
      />
    </Card>
  );
}
