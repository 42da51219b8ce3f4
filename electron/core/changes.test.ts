// The one change notice against a real store and event bus: which changes reload the gateway and
// which push event each one sends, with the figures read from the store at that moment.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract';
import { type Change, ChangeNotice } from './changes';
import { EventBus } from './events';
import { Store } from './store';

let store: Store | null = null;
afterEach(() => store?.close());

function notice() {
  store = Store.open(mkdtempSync(join(tmpdir(), 'switchyard-changes-')));
  const events = new EventBus();
  const heard: Array<[EventName, unknown]> = [];
  events.onAny((name, payload) => heard.push([name, payload]));
  let reloads = 0;
  const changes = new ChangeNotice(store, events, () => void reloads++);
  return { store, changes, heard, reloads: () => reloads };
}

describe('ChangeNotice', () => {
  it('reloads the gateway once per change it serves from, and tells the UI with figures read now', () => {
    const { store, changes, heard, reloads } = notice();
    store.keys.create({ alias: 'a', models: [] });
    changes.publish({ kind: 'keys' });
    expect(reloads()).toBe(1);
    expect(heard).toEqual([['keys.changed', { count: 1 }]]);

    changes.publish({ kind: 'routing' });
    expect(heard.at(-1)).toEqual(['routing.changed', { groups: store.modelGroups.count() }]);
    changes.publish({ kind: 'deployments' });
    expect(heard.at(-1)).toEqual(['deployments.changed', store.deployments.list()]);
    expect(reloads()).toBe(3);

    // Changes without a push event still reach the gateway.
    for (const kind of ['providers', 'teams', 'master-key', 'energy-prices'] as const) changes.publish({ kind });
    expect(reloads()).toBe(7);
    expect(heard).toHaveLength(3);
  });

  it('does not reload the gateway for settings (it reads none) or for keys its own routes changed', () => {
    const { store, changes, heard, reloads } = notice();
    const settings = store.settings.get();
    const both: Change[] = [
      { kind: 'settings', settings },
      { kind: 'keys', madeBy: 'gateway' },
    ];
    for (const change of both) changes.publish(change);
    expect(reloads()).toBe(0);
    expect(heard).toEqual([
      ['settings.changed', settings],
      ['keys.changed', { count: 0 }],
    ]);
  });
});
