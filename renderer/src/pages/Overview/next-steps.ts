// The getting-started checklist on Overview, derived from real instance state: each step is done
// or not according to what the database and Docker say, never by a flag the user ticks.
import type { SystemStatus } from '../../lib/types';

export interface NextStep {
  id: 'docker' | 'host' | 'deploy' | 'key' | 'request';
  title: string;
  detail: string;
  done: boolean;
  /** Where to go to do it. */
  path: string;
}

export function nextSteps(status: SystemStatus): NextStep[] {
  const { counts, docker } = status;
  return [
    {
      id: 'docker',
      title: 'Reach a Docker engine',
      detail: docker.reachable
        ? `Docker ${docker.version ?? ''} at ${docker.endpoint}`.replace('  ', ' ')
        : (docker.problem ?? `Docker is not reachable at ${docker.endpoint}.`),
      done: docker.reachable,
      path: '/hosts',
    },
    {
      id: 'host',
      title: 'Add a host',
      detail:
        counts.hosts > 0
          ? `${counts.hosts} host${counts.hosts === 1 ? '' : 's'} configured.`
          : 'Add the local Docker socket or a remote engine over ssh:// or tcp://.',
      done: counts.hosts > 0,
      path: '/hosts',
    },
    {
      id: 'deploy',
      title: 'Deploy a model',
      detail:
        counts.deployments > 0
          ? `${counts.deployments} deployment${counts.deployments === 1 ? '' : 's'}.`
          : 'Start vLLM in a container; it is served under its model name.',
      done: counts.deployments > 0,
      path: '/deploy',
    },
    {
      id: 'key',
      title: 'Create a virtual key',
      detail:
        counts.keys > 0
          ? `${counts.keys} key${counts.keys === 1 ? '' : 's'}.`
          : 'Give each app or person its own key, with a budget and rate limits.',
      done: counts.keys > 0,
      path: '/keys',
    },
    {
      id: 'request',
      title: 'Send a first request',
      detail:
        counts.requests > 0
          ? `${counts.requests} request${counts.requests === 1 ? '' : 's'} logged.`
          : `Point any OpenAI client at ${status.gateway.url.replace(/\/$/, '')}/v1.`,
      done: counts.requests > 0,
      path: '/spend',
    },
  ];
}
