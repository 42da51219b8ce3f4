import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeploymentSpec } from '../../../shared/deployment-schemas';
import { Store } from '../store';
import { OnDemandKeeper } from './on-demand';

const NOW = Date.UTC(2026, 10, 21, 12);
let store: Store;
let keeper: OnDemandKeeper;
afterEach(() => {
  keeper?.close();
  store?.close();
});

function setup(budgetGib: number | null) {
  store = Store.open(mkdtempSync(join(tmpdir(), 'sy-ondemand-')));
  store.hosts.setVramBudget('local', budgetGib);
  const calls: string[] = [];
  const setState = (name: string, state: string) => store.db.prepare(`UPDATE deployments SET state = ? WHERE name = ?`).run(state, name);
  const service = {
    startDeployment: async (name: string) => {
      calls.push(`start ${name}`);
      setState(name, 'ready');
      return store.deployments.getByName(name)!;
    },
    stopDeployment: async (name: string) => {
      calls.push(`stop ${name}`);
      setState(name, 'stopped');
      return store.deployments.getByName(name)!;
    },
  };
  const add = (name: string, state: string, extra: Record<string, unknown>, lastRequestAgoMs?: number) => {
    store.deployments.insert(DeploymentSpec.parse({ name, model: 'm', gpus: { kind: 'none' }, ...extra }), name, 8000 + store.deployments.count(), NOW);
    setState(name, state);
    if (lastRequestAgoMs != null) {
      store.requestLog.insertMany([{ id: `r-${name}`, at: NOW - lastRequestAgoMs, keyId: null, modelGroup: name, deployment: name, status: 200, promptTokens: 1, completionTokens: 1, costUsd: 0, latencyMs: 1, ttftMs: null, attempts: 1, errorClass: null }]);
    }
  };
  keeper = new OnDemandKeeper(store, service, { now: () => NOW }, () => {}, 3_600_000);
  return { calls, add };
}

describe('OnDemandKeeper', () => {
  it('stops the least recently used on-demand deployment to fit the next one in the VRAM budget', async () => {
    const { calls, add } = setup(100);
    add('old', 'ready', { onDemand: true, vramGib: 40 }, 60_000);
    add('recent', 'ready', { onDemand: true, vramGib: 40 }, 1_000);
    add('pinned', 'ready', { vramGib: 10 }); // not on demand: never evicted
    add('next', 'stopped', { onDemand: true, vramGib: 40 });
    await keeper.wake('next');
    expect(calls).toEqual(['stop old', 'start next']);
  });

  it('does not start what cannot fit even after evicting', async () => {
    const { calls, add } = setup(50);
    add('pinned', 'ready', { vramGib: 30 });
    add('big', 'stopped', { onDemand: true, vramGib: 40 });
    await keeper.wake('big');
    expect(calls).toEqual([]);
  });

  it('starts without evicting when there is room or no budget, and only stopped on-demand deployments', async () => {
    const { calls, add } = setup(null);
    add('a', 'ready', { onDemand: true, vramGib: 80 }, 1_000);
    add('b', 'stopped', { onDemand: true, vramGib: 80 });
    add('c', 'stopped', {});
    await keeper.wake('b');
    await keeper.wake('c');
    await keeper.wake('a');
    expect(calls).toEqual(['start b']);
  });

  it('stops deployments idle past their TTL', async () => {
    const { calls, add } = setup(null);
    add('idle', 'ready', { onDemand: true, idleTtlS: 30 }, 31_000);
    add('busy', 'ready', { onDemand: true, idleTtlS: 30 }, 5_000);
    add('always', 'ready', {}, 3_600_000);
    expect(await keeper.stopIdle()).toEqual(['idle']);
    expect(calls).toEqual(['stop idle']);
  });
});
