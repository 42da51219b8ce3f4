import { describe, expect, it } from 'vitest';
import { explainDockerFailure } from './docker-errors';

describe('explainDockerFailure', () => {
  it("names the resource limit a runtime may not raise (Podman's rootful default) and how to set it", () => {
    const podman = (type: number) => ({
      json: {
        message: `runc: runc create failed: unable to start container process: error during container init: error setting rlimits for ready process: error setting rlimit type ${type}: operation not permitted: OCI permission denied`,
      },
    });
    const nofile = explainDockerFailure(podman(7));
    expect(nofile.message).toMatch(/^The engine refused to start the container: .*limit of open files \(nofile\)/);
    expect(nofile.message).toContain('default_ulimits');
    expect(nofile.cause).toContain('rlimit type 7');
    expect(explainDockerFailure(podman(6)).message).toContain('limit of processes (nproc)');
    expect(explainDockerFailure(podman(8)).message).toContain('limit of resource 8');
    expect(explainDockerFailure({ json: { message: 'something else' } }).message).toBe(
      'Docker refused: something else',
    );
  });
});
