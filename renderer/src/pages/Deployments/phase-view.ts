// How a deployment's start reads on its card: the phases as steps (done, current, failed, to do),
// the bar within the current phase (pull bytes, checkpoint shards, CUDA graphs), and which
// lifecycle commands make sense in its state.
import type { ProgressEntry } from '../../lib/progress';
import type { Deployment, LifecyclePhase } from '../../lib/types';

export const STEPS: { phase: LifecyclePhase; label: string }[] = [
  { phase: 'pulling', label: 'Pull image' },
  { phase: 'creating', label: 'Create' },
  { phase: 'starting', label: 'Start' },
  { phase: 'downloading', label: 'Download weights' },
  { phase: 'loading', label: 'Load weights' },
  { phase: 'compiling', label: 'Compile & graphs' },
  { phase: 'ready', label: 'Ready' },
];

export type StepStatus = 'done' | 'current' | 'failed' | 'todo';

export interface PhaseView {
  phase: LifecyclePhase;
  steps: { phase: LifecyclePhase; label: string; status: StepStatus }[];
  /** Share of the current phase done (0–1), or null when unknown (an indeterminate bar). */
  fraction: number | null;
  /** e.g. "3/5 shards", "1.2 of 8.4 GB"; null when there is nothing to add. */
  detail: string | null;
  /** True while a start is under way (the bar moves). */
  active: boolean;
}

const index = (phase: LifecyclePhase) => STEPS.findIndex((s) => s.phase === phase);

/** The phase to show: the newest progress report when there is one, else the list's state. */
export function currentPhase(
  deployment: Pick<Deployment, 'state'>,
  progress: ProgressEntry | undefined,
): LifecyclePhase {
  return progress?.report.phase ?? deployment.state;
}

export function phaseView(deployment: Pick<Deployment, 'state'>, progress: ProgressEntry | undefined): PhaseView {
  const phase = currentPhase(deployment, progress);
  const at = phase === 'failed' && progress?.failedIn ? index(progress.failedIn) : index(phase);
  const steps = STEPS.map((s, i) => {
    let status: StepStatus = 'todo';
    if (phase === 'ready') status = 'done';
    else if (at >= 0 && i < at) status = 'done';
    else if (at >= 0 && i === at) status = phase === 'failed' ? 'failed' : 'current';
    return { ...s, status };
  });
  const active = phase === 'pending' || (at >= 0 && phase !== 'ready' && phase !== 'failed');
  const report = progress?.report;
  return {
    phase,
    steps,
    fraction: phase === 'ready' ? 1 : report && report.phase === phase ? report.fraction : null,
    detail: report && report.phase === phase ? report.detail : null,
    active,
  };
}

export function formatPercent(fraction: number): string {
  return `${Math.floor(Math.max(0, Math.min(1, fraction)) * 100)}%`;
}

export interface DeploymentCommands {
  start: boolean;
  stop: boolean;
  restart: boolean;
}

/** Start what is stopped or failed; stop and restart what runs (a failed engine may still be up). */
export function commandsFor(phase: LifecyclePhase): DeploymentCommands {
  if (phase === 'stopped') return { start: true, stop: false, restart: false };
  if (phase === 'failed') return { start: true, stop: true, restart: false };
  return { start: false, stop: true, restart: true };
}
