// Bringing a deployment up and watching it come up: pull (when the image is missing) → create →
// start → follow the engine's log → probe /health → ready, or failed with the reason in plain
// words and the log line that proves it. Every step reports a DeploymentProgress. A start that
// fails is made final (restart policy set to "no", container stopped) so Docker does not loop a
// broken engine; once ready, crashes are Docker's restart policy's to handle.
import type Docker from 'dockerode';
import type { DeploymentProgress, LifecyclePhase } from '../../../shared/deployment-schemas';
import { explainDockerFailure } from './docker-errors';
import { findContainer } from './containers';
import { LogLineSplitter } from './log-stream';
import type { DeploymentPlan } from './plan';
import { initialPullProgress, readPullEvent, type PullEvent } from './pull-progress';
import {
  failureOnExit,
  initialStartupState,
  readStartupLine,
  type StartupFailure,
  type StartupLogState,
} from './startup-log';

export interface LifecycleDeps {
  docker: Docker;
  /** True when GET <baseUrl>/health answers 200. Absent (remote engines): Docker's health status decides. */
  probeHealth?: (baseUrl: string) => Promise<boolean>;
  now?: () => number;
  /** How often readiness is checked (ms). */
  pollMs?: number;
  /** How long a start may take before it is reported as failed (ms); vLLM downloads can be long. */
  readyTimeoutMs?: number;
}

export type ProgressListener = (progress: DeploymentProgress) => void;

export async function httpHealthProbe(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer().catch(() => undefined);
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Builds a progress report; `startup` carries vLLM's logged figures once seen. */
export function progressOf(
  name: string,
  phase: LifecyclePhase,
  at: number,
  extra: {
    fraction?: number | null;
    detail?: string | null;
    failure?: StartupFailure | null;
    startup?: StartupLogState;
    restarts?: number;
  } = {},
): DeploymentProgress {
  const l = extra.startup?.logged;
  return {
    name,
    phase,
    fraction: extra.fraction ?? null,
    detail: extra.detail ?? null,
    reason: extra.failure?.reason ?? null,
    evidence: extra.failure?.evidence ?? null,
    logged: {
      kvCacheTokens: l?.kvCacheTokens ?? null,
      maxConcurrency: l?.maxConcurrency ?? null,
      availableKvGib: l?.availableKvGib ?? null,
      weightsGib: l?.weightsGib ?? null,
      maxModelLen: l?.maxModelLen ?? null,
      suggestedMaxModelLen: extra.failure?.suggestedMaxModelLen ?? l?.suggestedMaxModelLen ?? null,
    },
    restarts: extra.restarts ?? 0,
    at: new Date(at).toISOString(),
  };
}

async function imagePresent(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

/** Pulls with per-layer progress; resolves null on success, else the failure in plain words. */
async function pullImage(
  docker: Docker,
  image: string,
  report: (fraction: number, detail: string) => void,
): Promise<StartupFailure | null> {
  let progress = initialPullProgress();
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : progress.error ? reject(new Error(progress.error)) : resolve()),
        (event: PullEvent) => {
          progress = readPullEvent(progress, event);
          if (!progress.error) report(progress.fraction, progress.detail);
        },
      );
    });
    return null;
  } catch (err) {
    const f = explainDockerFailure(err, { image });
    return { kind: 'engine-error', reason: f.message, evidence: f.cause };
  }
}

async function createVolumes(docker: Docker, plan: DeploymentPlan): Promise<void> {
  const { Volumes } = await docker.listVolumes();
  const existing = new Set((Volumes ?? []).map((v) => v.Name));
  for (const v of plan.volumes) {
    if (!existing.has(v.name)) await docker.createVolume({ Name: v.name, Labels: v.labels });
  }
}

export interface DeployOptions {
  signal?: AbortSignal;
  /** Extra labels (tests mark their containers with them). */
  extraLabels?: Record<string, string>;
}

/** Runs the whole start of a new deployment; resolves with the final progress (ready or failed). */
export async function deploy(
  deps: LifecycleDeps,
  plan: DeploymentPlan,
  onProgress: ProgressListener,
  options: DeployOptions = {},
): Promise<DeploymentProgress> {
  const now = deps.now ?? Date.now;
  const emit = (phase: LifecyclePhase, extra: Parameters<typeof progressOf>[3] = {}) => {
    const p = progressOf(plan.name, phase, now(), extra);
    onProgress(p);
    return p;
  };
  const failed = (failure: StartupFailure) => emit('failed', { failure });
  emit('pending', { detail: `deploying ${plan.image}` });

  if (!(await imagePresent(deps.docker, plan.image))) {
    emit('pulling', { fraction: 0, detail: `pulling ${plan.image}` });
    // Docker reports each layer many times a second: pass on at most four reports a second.
    let lastReport = 0;
    const failure = await pullImage(deps.docker, plan.image, (fraction, detail) => {
      if (now() - lastReport < 250 && fraction < 1) return;
      lastReport = now();
      emit('pulling', { fraction, detail });
    });
    if (failure)
      return failed({
        ...failure,
        reason: `The image ${plan.image} is not on this host and could not be pulled. ${failure.reason}`,
      });
  }

  emit('creating', { detail: plan.containerName });
  let container: Docker.Container;
  try {
    await createVolumes(deps.docker, plan);
    // A redeploy replaces the previous container of the same deployment (ours, by label).
    await findContainer(deps.docker, plan.name).then(
      ({ container: old }) => old.remove({ force: true }),
      () => undefined,
    );
    container = await deps.docker.createContainer({
      ...plan.create,
      Labels: { ...plan.create.Labels, ...options.extraLabels },
    });
  } catch (err) {
    const f = explainDockerFailure(err, { image: plan.image, port: plan.hostPort, name: plan.containerName });
    return failed({ kind: 'engine-error', reason: f.message, evidence: `POST /containers/create refused: ${f.cause}` });
  }

  emit('starting', { detail: 'starting the container' });
  try {
    await container.start();
  } catch (err) {
    const f = explainDockerFailure(err, { image: plan.image, port: plan.hostPort, name: plan.containerName });
    return failed({
      kind: 'engine-error',
      reason: f.message,
      evidence: `POST /containers/${plan.containerName}/start refused: ${f.cause}`,
    });
  }
  return waitUntilReady(deps, { name: plan.name, baseUrl: plan.baseUrl, container }, onProgress, {
    signal: options.signal,
  });
}

export interface WaitTarget {
  name: string;
  baseUrl: string;
  container: Docker.Container;
}

/**
 * Follows a started container's log from its start and probes readiness until it is ready,
 * fails, exits, times out or `signal` aborts. Also how progress is recovered after an app restart.
 */
export async function waitUntilReady(
  deps: LifecycleDeps,
  target: WaitTarget,
  onProgress: ProgressListener,
  options: { signal?: AbortSignal; restarts?: number } = {},
): Promise<DeploymentProgress> {
  const now = deps.now ?? Date.now;
  const { container, name } = target;
  const info = await container.inspect();
  const startedSec = Math.floor(new Date(info.State.StartedAt).getTime() / 1000);
  let state = initialStartupState();
  let lastKey = '';
  const report = () => {
    // The log may say "startup complete" before /health is checked: still the last step until then.
    const p = progressOf(name, state.phase === 'ready' ? 'compiling' : state.phase, now(), {
      fraction: state.fraction,
      detail: state.phase === 'ready' ? 'checking /health' : state.detail,
      startup: state,
      restarts: options.restarts,
    });
    const key = `${p.phase}|${p.fraction}|${p.detail}`;
    if (key !== lastKey) {
      lastKey = key;
      onProgress(p);
    }
  };
  report();

  const logStream = (await container.logs({
    follow: true,
    stdout: true,
    stderr: true,
    since: startedSec,
  })) as unknown as NodeJS.ReadableStream & { destroy?: () => void };
  const splitter = new LogLineSplitter(!info.Config.Tty);
  let onFatal: (() => void) | null = null;
  logStream.on('data', (chunk: Buffer) => {
    for (const line of splitter.push(chunk)) {
      const before = state.phase;
      state = readStartupLine(state, line.text);
      if (state.phase === 'failed' && before !== 'failed') onFatal?.();
    }
    if (state.phase !== 'failed') report();
  });
  logStream.on('error', () => undefined);

  const deadline = now() + (deps.readyTimeoutMs ?? 30 * 60_000);
  const pollMs = deps.pollMs ?? 1_000;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        onFatal = null;
        resolve();
      }, ms);
      onFatal = () => {
        clearTimeout(t);
        resolve();
      };
    });

  const finishFailed = async (failure: StartupFailure) => {
    // Make the failure final: no restart loop of an engine that cannot start.
    await container.update({ RestartPolicy: { Name: 'no', MaximumRetryCount: 0 } }).catch(() => undefined);
    await container.stop({ t: 5 }).catch(() => undefined);
    const p = progressOf(name, 'failed', now(), { failure, startup: state, restarts: options.restarts });
    onProgress(p);
    return p;
  };

  try {
    for (;;) {
      if (options.signal?.aborted)
        return progressOf(name, state.phase === 'ready' ? 'compiling' : state.phase, now(), {
          fraction: state.fraction,
          detail: state.detail,
          startup: state,
        });
      const current = await container.inspect();
      if (state.phase === 'failed' && state.failure) {
        // Give the engine a moment to exit by itself so its last lines reach the log.
        await waitForExit(container, 10_000);
        return finishFailed(state.failure);
      }
      if (!current.State.Running && !current.State.Restarting) {
        await new Promise((r) => setTimeout(r, 200)); // let the last log frames arrive
        for (const line of splitter.flush()) state = readStartupLine(state, line.text);
        return finishFailed(failureOnExit(state, current.State.ExitCode, current.State.OOMKilled));
      }
      const healthy = deps.probeHealth
        ? await deps.probeHealth(target.baseUrl)
        : current.State.Health?.Status === 'healthy';
      if (healthy && current.State.Running) {
        state = { ...state, phase: 'ready', fraction: 1, detail: 'serving', serverUp: true };
        const p = progressOf(name, 'ready', now(), {
          fraction: 1,
          detail: `serving at ${target.baseUrl}`,
          startup: state,
          restarts: options.restarts,
        });
        onProgress(p);
        return p;
      }
      if (now() > deadline) {
        const p = progressOf(name, 'failed', now(), {
          failure: {
            kind: 'engine-error',
            reason: `The engine did not become ready within ${Math.round((deps.readyTimeoutMs ?? 1_800_000) / 60_000)} minutes (last: ${state.detail ?? state.phase}). It is still running: check its log, or stop it.`,
            evidence: state.detail ?? state.phase,
          },
          startup: state,
        });
        onProgress(p);
        return p;
      }
      await sleep(pollMs);
    }
  } finally {
    onFatal = null;
    logStream.destroy?.();
  }
}

async function waitForExit(container: Docker.Container, ms: number): Promise<void> {
  await Promise.race([
    container.wait({ condition: 'not-running' }).catch(() => undefined),
    new Promise((r) => setTimeout(r, ms).unref()),
  ]);
}

/** Starts a stopped deployment's container and waits until it is ready again. */
export async function startExisting(
  deps: LifecycleDeps,
  name: string,
  baseUrl: string,
  onProgress: ProgressListener,
  options: { signal?: AbortSignal } = {},
): Promise<DeploymentProgress> {
  const now = deps.now ?? Date.now;
  const { container, info } = await findContainer(deps.docker, name);
  onProgress(progressOf(name, 'starting', now(), { detail: 'starting the container' }));
  if (!info.State.Running) {
    try {
      await container.start();
    } catch (err) {
      const f = explainDockerFailure(err, { image: info.Config.Image });
      const p = progressOf(name, 'failed', now(), {
        failure: { kind: 'engine-error', reason: f.message, evidence: f.cause },
      });
      onProgress(p);
      return p;
    }
  }
  return waitUntilReady(deps, { name, baseUrl, container }, onProgress, options);
}
