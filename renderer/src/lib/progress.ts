// Start progress per deployment, as the store keeps it: the newest report wins (events and reloads
// can arrive out of order), and when a start fails while we watch, the phase it failed in is kept
// so the phase bar can mark where it stopped (the report itself only says "failed").
import type { DeploymentProgress, LifecyclePhase } from './types';

export interface ProgressEntry {
  report: DeploymentProgress;
  /** The phase the start was in when it failed, when this window saw it; else null. */
  failedIn: LifecyclePhase | null;
}

export type ProgressState = Record<string, ProgressEntry>;

const settled: LifecyclePhase[] = ['failed', 'stopped', 'ready'];

export function mergeProgress(state: ProgressState, report: DeploymentProgress): ProgressState {
  const previous = state[report.name];
  if (previous && Date.parse(previous.report.at) > Date.parse(report.at)) return state;
  let failedIn: LifecyclePhase | null = null;
  if (report.phase === 'failed' && previous) {
    failedIn = settled.includes(previous.report.phase) ? previous.failedIn : previous.report.phase;
  }
  return { ...state, [report.name]: { report, failedIn } };
}
