// One change notice. The core and the gateway process share the SQLite file, but the gateway
// serves from what it loaded into memory (routing table, key hashes, budgets, prices). So every
// write to that state is announced once, by the domain module that made it, as one typed Change;
// this is the one place that turns a change into a gateway reload and the UI's push event. No
// handler tells the gateway anything itself.
import type { Settings } from '../../shared/schemas';
import type { EventBus } from './events';
import type { Store } from './store';

export type Change =
  /** Model groups, their targets, aliases or fallbacks (routing.apply, a LiteLLM import). */
  | { kind: 'routing' }
  /** Providers (the endpoints table): targets, their keys and prices. */
  | { kind: 'providers' }
  /**
   * Virtual keys. `madeBy: 'gateway'`: the gateway's own /key/* routes made it and the gateway has
   * reloaded already; only the UI is told.
   */
  | { kind: 'keys'; madeBy?: 'gateway' }
  /** Teams: their budgets and limits, read by the gateway when a key is first used after a reload. */
  | { kind: 'teams' }
  /** The master key (the gateway holds its hash in memory). */
  | { kind: 'master-key' }
  /** Settings as saved (the gateway reads none of them: its address moves by restart, see core.ts). */
  | { kind: 'settings'; settings: Settings }
  /** Deployments: state, port or phase (a ready, stopped or removed engine enters or leaves routing). */
  | { kind: 'deployments' }
  /** Local engines' energy prices (EnergyPricer), which the gateway charges by. */
  | { kind: 'energy-prices' }
  /** The body-capture setting (capture/capture-settings.ts), which the gateway holds in memory. */
  | { kind: 'capture' };

export type ChangeKind = Change['kind'];

/** Whether the gateway process must re-read the store after a change of this kind. */
const GATEWAY_READS: Record<ChangeKind, boolean> = {
  routing: true,
  providers: true,
  keys: true,
  teams: true,
  'master-key': true,
  settings: false,
  deployments: true,
  'energy-prices': true,
  capture: true,
};

export class ChangeNotice {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    /** Tells the gateway process to re-read the store (GatewaySupervisor.reload); nothing where none runs. */
    private readonly reloadGateway: () => void = () => {},
  ) {}

  private readonly gatewayReaders: Array<(change: Change) => void> = [];

  /** Calls `listener` with every change a gateway serves from, its own /key/* changes included (replica/replica-hub.ts). */
  onGatewayChange(listener: (change: Change) => void): () => void {
    this.gatewayReaders.push(listener);
    return () => this.gatewayReaders.splice(this.gatewayReaders.indexOf(listener) >>> 0, 1);
  }

  /** Announces one change: the gateway reloads when it serves from what changed, the UI hears of it. */
  publish(change: Change): void {
    const madeByGateway = change.kind === 'keys' && change.madeBy === 'gateway';
    if (GATEWAY_READS[change.kind] && !madeByGateway) this.reloadGateway();
    if (GATEWAY_READS[change.kind]) for (const listener of this.gatewayReaders) listener(change);
    switch (change.kind) {
      case 'routing':
        this.events.emit('routing.changed', { groups: this.store.modelGroups.count() });
        break;
      case 'keys':
        this.events.emit('keys.changed', { count: this.store.keys.count() });
        break;
      case 'settings':
        this.events.emit('settings.changed', change.settings);
        break;
      case 'deployments':
        this.events.emit('deployments.changed', this.store.deployments.list());
        break;
      // Providers, teams, the master key and energy prices have no push event: their pages read
      // them again after their own calls.
    }
  }
}
