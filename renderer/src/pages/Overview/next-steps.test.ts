import { describe, expect, it } from 'vitest';
import type { SystemStatus } from '../../lib/types';
import { nextSteps } from './next-steps';

const status = (over: Partial<SystemStatus['counts']> = {}, reachable = true): SystemStatus => ({
  version: '0.1.0',
  shell: 'headless',
  dataDir: '/tmp/sy',
  databasePath: '/tmp/sy/switchyard.db',
  schemaVersion: 1,
  gateway: {
    state: 'up',
    url: 'http://127.0.0.1:4000',
    pid: 1,
    restarts: 0,
    lastExit: null,
    since: '2025-03-14T12:00:00Z',
  },
  docker: {
    reachable,
    endpoint: 'unix:///var/run/docker.sock',
    version: reachable ? '20.10.24' : null,
    apiVersion: reachable ? '1.41' : null,
    problem: reachable ? null : 'No Docker engine answers at /var/run/docker.sock. Start Docker.',
    nvidiaRuntime: false,
  },
  counts: { hosts: 0, deployments: 0, modelGroups: 0, keys: 0, requests: 0, ...over },
});

describe('nextSteps', () => {
  it('ticks off steps from real counts', () => {
    const steps = nextSteps(status({ hosts: 1, keys: 2 }));
    expect(steps.map((s) => [s.id, s.done])).toEqual([
      ['docker', true],
      ['host', true],
      ['deploy', false],
      ['key', true],
      ['request', false],
    ]);
  });

  it("shows Docker's own reason when it is unreachable", () => {
    const docker = nextSteps(status({}, false)).find((s) => s.id === 'docker')!;
    expect(docker.done).toBe(false);
    expect(docker.detail).toBe('No Docker engine answers at /var/run/docker.sock. Start Docker.');
  });

  it('points a first request at the gateway URL', () => {
    const request = nextSteps(status()).find((s) => s.id === 'request')!;
    expect(request.detail).toContain('http://127.0.0.1:4000/v1');
  });
});
