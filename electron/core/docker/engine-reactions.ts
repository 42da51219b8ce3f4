// What a deployment's container doing something on its engine means for the deployment: a die
// that was not asked for is a crash (with the reason read from its log), a start not ours is
// watched until ready, an unhealthy ready engine is wedged, a destroy not ours is a removal.
import type { Host } from '../../../shared/schemas';
import { containerLogs, findContainer } from './containers';
import type { DeploymentRuntime } from './deployment-runtime';
import type { EngineEvent } from './engine-events';
import { progressOf, waitUntilReady } from './lifecycle';
import { failureOnExit, readStartupLog } from './startup-log';

export async function reactToEngineEvent(rt: DeploymentRuntime, host: Host, e: EngineEvent): Promise<void> {
  if (e.type === 'connection') {
    if (e.state === 'disconnected') rt.log(`[docker] ${host.name}: event stream lost (${e.error}); reconnecting`);
    return;
  }
  const row = rt.store.deployments.getByName(e.deployment);
  if (!row || row.hostId !== host.id) return;
  if (e.action === 'die') {
    if (rt.expected.has(e.deployment) || rt.isWatching(e.deployment)) return; // a stop we asked for, or a start being watched
    const lines = await containerLogs(rt.docker(host), e.deployment, 300).catch(() => []);
    const failure = failureOnExit(readStartupLog(lines), e.exitCode ?? -1);
    const restarts = rt.store.deployments.recordExit(e.deployment, failure.reason, rt.now());
    rt.report(
      progressOf(e.deployment, 'failed', rt.now(), {
        failure: { ...failure, reason: `Crashed (exit code ${e.exitCode}): ${failure.reason}` },
        restarts,
      }),
    );
  } else if (e.action === 'start') {
    if (rt.expected.has(e.deployment)) rt.expected.delete(e.deployment);
    if (rt.isWatching(e.deployment)) return;
    // Docker restarted it (restart policy) or someone ran `docker start`: watch it come up.
    const restarts = rt.store.deployments.lastExit(e.deployment)?.restarts ?? 0;
    rt.watch(e.deployment, (signal, report) =>
      findContainer(rt.docker(host), e.deployment).then(({ container }) =>
        waitUntilReady(rt.lifecycle(host), { name: e.deployment, baseUrl: rt.baseUrl(row), container }, report, {
          signal,
          restarts,
        }),
      ),
    );
  } else if (e.action === 'health' && row.state === 'ready' && e.health === 'unhealthy') {
    rt.report(
      progressOf(e.deployment, 'failed', rt.now(), {
        failure: {
          kind: 'engine-error',
          reason: 'The engine is running but /health keeps failing (wedged): restart it.',
          evidence: 'Docker health check: unhealthy',
        },
      }),
    );
  } else if (
    e.action === 'health' &&
    e.health === 'healthy' &&
    row.state === 'failed' &&
    !rt.isWatching(e.deployment)
  ) {
    rt.report(progressOf(e.deployment, 'ready', rt.now(), { fraction: 1, detail: 'healthy again' }));
  } else if (e.action === 'destroy') {
    if (rt.expected.delete(e.deployment)) return;
    rt.report(
      progressOf(e.deployment, 'stopped', rt.now(), {
        failure: {
          kind: 'engine-error',
          reason: 'Its container was removed outside Switchyard: deploy it again.',
          evidence: 'docker event: destroy',
        },
      }),
    );
  }
}
