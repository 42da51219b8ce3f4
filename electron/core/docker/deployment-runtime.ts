// What the deployment service's parts share (reconcile.ts, engine-reactions.ts, host-health.ts):
// the store, the engine of each host, the start watches and the one way progress is reported.
import type Docker from 'dockerode';
import type { Deployment, Host } from '../../../shared/schemas';
import type { DeploymentProgress } from '../../../shared/deployment-schemas';
import type { Store } from '../store';
import type { LifecycleDeps } from './lifecycle';

export type WatchRun = (signal: AbortSignal, report: (p: DeploymentProgress) => void) => Promise<DeploymentProgress>;

export interface DeploymentRuntime {
  readonly store: Store;
  /** Stops and removals we asked for: their die/destroy events are not crashes. */
  readonly expected: Set<string>;
  now(): number;
  docker(host: Host): Docker;
  lifecycle(host: Host): LifecycleDeps;
  /** Watches a start (replacing any watch of that deployment) until ready or failed. */
  watch(name: string, run: WatchRun): void;
  isWatching(name: string): boolean;
  /** Ends the watch of a deployment, if any. */
  unwatch(name: string): void;
  /** Saves and announces a progress report (deployments.progress; a state change reaches the gateway). */
  report(p: DeploymentProgress): void;
  failedOnError(name: string, err: unknown): DeploymentProgress;
  baseUrl(row: Deployment): string;
  log(line: string): void;
}

export const isLocalHost = (host: Host) => /^(unix|npipe):/.test(host.endpoint);
