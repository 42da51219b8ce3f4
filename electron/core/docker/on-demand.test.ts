import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logRow } from '../../../test/support/log-row';
import { DeploymentSpec } from '../../../shared/deployment-schemas';
import { ChangeNotice } from '../changes';
import { EventBus } from '../events';
import { startSimulator } from 'vllm-sim';
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
  const setState = (name: string, state: string) =>
    store.db.prepare(`UPDATE deployments SET state = ? WHERE name = ?`).run(state, name);
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
  const add = (
    name: string,
    state: string,
    extra: Record<string, unknown>,
    lastRequestAgoMs?: number,
    port = 8000 + store.deployments.count(),
  ) => {
    store.deployments.insert(
      DeploymentSpec.parse({ name, model: 'm', gpus: { kind: 'none' }, ...extra }),
      name,
      port,
      NOW,
    );
    setState(name, state);
    if (lastRequestAgoMs != null) {
      store.requestLog.insertMany([
        logRow({ id: `r-${name}`, at: NOW - lastRequestAgoMs, modelGroup: name, deployment: name }),
      ]);
    }
  };
  const events = new EventBus();
  keeper = new OnDemandKeeper(store, service, { now: () => NOW }, () => {}, 3_600_000, new ChangeNotice(store, events));
  return { calls, add, events };
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

describe('OnDemandKeeper with vLLM sleep mode (in-process simulator in dev mode)', () => {
  it('puts an idle engine to sleep instead of stopping it, and wakes it for the next request', async () => {
    const sim = await startSimulator({
      model: 'm',
      devMode: true,
      enableSleepMode: true,
      startupS: 0,
      statsIntervalS: 0,
      accessLog: false,
      log: () => {},
    });
    await sim.ready;
    try {
      const { calls, add, events } = setup(null);
      const changes: string[][] = [];
      events.on('deployments.changed', (list) => changes.push(list.map((d) => `${d.name}:${d.state}`)));
      add(
        'sleepy',
        'ready',
        { onDemand: true, idleTtlS: 30, engineArgs: ['--enable-sleep-mode'], env: { VLLM_SERVER_DEV_MODE: '1' } },
        60_000,
        sim.port,
      );
      const isSleeping = async () =>
        ((await (await fetch(`${sim.url}/is_sleeping`)).json()) as { is_sleeping: boolean }).is_sleeping;

      expect(await keeper.stopIdle()).toEqual(['sleepy']);
      expect(await isSleeping()).toBe(true);
      expect(store.deployments.getByName('sleepy')!.state).toBe('asleep');

      await keeper.wake('sleepy');
      expect(await isSleeping()).toBe(false);
      expect(store.deployments.getByName('sleepy')!.state).toBe('ready');
      expect(calls).toEqual([]); // never stopped or restarted
      expect(changes.map((c) => c[0])).toEqual(['sleepy:asleep', 'sleepy:ready']);

      // An app restart: Docker reports the container running, so reconcile records it ready.
      // The keeper asks the engine and records it asleep again, so the next request wakes it.
      await keeper.stopIdle();
      store.db.prepare(`UPDATE deployments SET state = 'ready' WHERE name = 'sleepy'`).run();
      store.deployments.setProgress({ ...store.deployments.progress('sleepy')!, phase: 'ready' }, Date.now());
      expect(await keeper.adoptSleepState()).toEqual(['sleepy']);
      expect(store.deployments.getByName('sleepy')!.state).toBe('asleep');
      await keeper.wake('sleepy');
      expect(await keeper.adoptSleepState()).toEqual([]);
      expect(store.deployments.getByName('sleepy')!.state).toBe('ready');
    } finally {
      await sim.close();
    }
  });
});
