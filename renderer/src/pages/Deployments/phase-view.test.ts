import { describe, expect, it } from 'vitest';
import type { ProgressEntry } from '../../lib/progress';
import type { DeploymentProgress, LifecyclePhase } from '../../lib/types';
import { commandsFor, currentPhase, formatPercent, phaseView } from './phase-view';

const report = (phase: LifecyclePhase, over: Partial<DeploymentProgress> = {}): DeploymentProgress => ({
  name: 'd',
  phase,
  fraction: null,
  detail: null,
  reason: null,
  evidence: null,
  restarts: 0,
  at: '2025-03-14T12:00:00Z',
  logged: {
    kvCacheTokens: null,
    maxConcurrency: null,
    availableKvGib: null,
    weightsGib: null,
    maxModelLen: null,
    suggestedMaxModelLen: null,
  },
  ...over,
});
const entry = (
  phase: LifecyclePhase,
  over: Partial<DeploymentProgress> = {},
  failedIn: LifecyclePhase | null = null,
): ProgressEntry => ({ report: report(phase, over), failedIn });
const statuses = (v: ReturnType<typeof phaseView>) => v.steps.map((s) => `${s.phase}:${s.status}`);

describe('phaseView', () => {
  it('marks earlier phases done and the current one with its fraction and detail', () => {
    const v = phaseView({ state: 'loading' }, entry('loading', { fraction: 0.6, detail: '3/5 shards' }));
    expect(statuses(v)).toEqual([
      'pulling:done',
      'creating:done',
      'starting:done',
      'downloading:done',
      'loading:current',
      'compiling:todo',
      'ready:todo',
    ]);
    expect(v).toMatchObject({ phase: 'loading', fraction: 0.6, detail: '3/5 shards', active: true });
  });

  it('shows pull progress in bytes while pulling', () => {
    const v = phaseView({ state: 'pulling' }, entry('pulling', { fraction: 0.25, detail: '1.2 of 4.8 GB' }));
    expect(v.steps[0].status).toBe('current');
    expect(v.detail).toBe('1.2 of 4.8 GB');
  });

  it('is all done when ready, and the bar is full', () => {
    const v = phaseView({ state: 'ready' }, entry('ready', { fraction: 1 }));
    expect(v.steps.every((s) => s.status === 'done')).toBe(true);
    expect(v).toMatchObject({ fraction: 1, active: false });
  });

  it('marks the phase a start failed in, when it was seen', () => {
    const v = phaseView({ state: 'failed' }, entry('failed', { reason: 'CUDA out of memory' }, 'loading'));
    expect(statuses(v).slice(3, 6)).toEqual(['downloading:done', 'loading:failed', 'compiling:todo']);
    expect(v.active).toBe(false);
    expect(phaseView({ state: 'failed' }, entry('failed')).steps.every((s) => s.status === 'todo')).toBe(true);
  });

  it("falls back to the list's state before any progress arrives; pending moves but has no step", () => {
    expect(currentPhase({ state: 'stopped' }, undefined)).toBe('stopped');
    const v = phaseView({ state: 'pending' }, undefined);
    expect(v.steps.every((s) => s.status === 'todo')).toBe(true);
    expect(v).toMatchObject({ active: true, fraction: null, detail: null });
  });

  it('shows a full bar for a ready deployment whose report has not arrived yet', () => {
    expect(phaseView({ state: 'ready' }, undefined)).toMatchObject({ phase: 'ready', fraction: 1, active: false });
  });
});

describe('commandsFor', () => {
  it('starts what is stopped or failed, stops and restarts what runs', () => {
    expect(commandsFor('stopped')).toEqual({ start: true, stop: false, restart: false });
    expect(commandsFor('failed')).toEqual({ start: true, stop: true, restart: false });
    expect(commandsFor('ready')).toEqual({ start: false, stop: true, restart: true });
    expect(commandsFor('loading')).toEqual({ start: false, stop: true, restart: true });
  });
});

it('formats a fraction as a whole percent, never past 100', () => {
  expect(formatPercent(0.456)).toBe('45%');
  expect(formatPercent(1.2)).toBe('100%');
  expect(formatPercent(-1)).toBe('0%');
});
