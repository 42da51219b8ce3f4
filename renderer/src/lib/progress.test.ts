import { describe, expect, it } from 'vitest';
import { mergeProgress } from './progress';
import type { DeploymentProgress, LifecyclePhase } from './types';

const report = (phase: LifecyclePhase, at: string, name = 'd'): DeploymentProgress => ({
  name,
  phase,
  fraction: null,
  detail: null,
  reason: null,
  evidence: null,
  restarts: 0,
  at,
  logged: {
    kvCacheTokens: null,
    maxConcurrency: null,
    availableKvGib: null,
    weightsGib: null,
    maxModelLen: null,
    suggestedMaxModelLen: null,
  },
});

describe('mergeProgress', () => {
  it('keeps the newest report per deployment, whatever order they arrive in', () => {
    let s = mergeProgress({}, report('loading', '2025-03-14T12:00:02Z'));
    s = mergeProgress(s, report('starting', '2025-03-14T12:00:01Z'));
    s = mergeProgress(s, report('pending', '2025-03-14T12:00:00Z', 'other'));
    expect(s.d.report.phase).toBe('loading');
    expect(s.other.report.phase).toBe('pending');
    expect(mergeProgress(s, report('compiling', '2025-03-14T12:00:02Z')).d.report.phase).toBe('compiling');
  });

  it('remembers the phase a start failed in, and keeps it through later failed reports', () => {
    let s = mergeProgress({}, report('loading', '2025-03-14T12:00:01Z'));
    s = mergeProgress(s, report('failed', '2025-03-14T12:00:02Z'));
    expect(s.d.failedIn).toBe('loading');
    s = mergeProgress(s, report('failed', '2025-03-14T12:00:03Z'));
    expect(s.d.failedIn).toBe('loading');
    s = mergeProgress(s, report('starting', '2025-03-14T12:00:04Z'));
    expect(s.d.failedIn).toBeNull();
  });

  it('knows no failing phase for a failure it did not watch, or one after ready', () => {
    expect(mergeProgress({}, report('failed', '2025-03-14T12:00:00Z')).d.failedIn).toBeNull();
    const ready = mergeProgress({}, report('ready', '2025-03-14T12:00:00Z'));
    expect(mergeProgress(ready, report('failed', '2025-03-14T12:00:01Z')).d.failedIn).toBeNull();
  });
});
