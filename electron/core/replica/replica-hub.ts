// The instance's side of gateway replicas: the snapshot a replica serves from, built from the same
// store reads the in-process gateway makes, and the change stream that tells every joined replica
// to read it again. Changes come from the one change notice (changes.ts), so a replica hears of
// exactly what makes the in-process gateway reload, the gateway's own /key/* changes included.
import type { ServerResponse } from 'node:http';
import type { ChangeNotice } from '../changes';
import type { SecretBox } from '../secrets';
import type { Store } from '../store';
import { loadRoutingTable } from '../gateway/routing/table';
import type { MIRRORED_TABLES, ReplicaChangeEvent, ReplicaSnapshot } from './replica-wire';

const HEARTBEAT_MS = 5_000;

export class ReplicaHub {
  private version = 0;
  private readonly streams = new Set<ServerResponse>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly secrets: SecretBox,
    changes: ChangeNotice,
  ) {
    this.unsubscribe = changes.onGatewayChange((change) => {
      this.version += 1;
      this.broadcast({ version: this.version, kind: change.kind });
    });
    // A heartbeat keeps idle proxies from cutting the stream and lets a replica notice a dead one.
    this.heartbeat = setInterval(() => this.streams.forEach((res) => res.write(': keep-alive\n\n')), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** The state a replica serves from, read in one transaction (an apply is seen whole or not at all). */
  snapshot(): ReplicaSnapshot {
    return this.store.db.transaction(() => {
      const table = loadRoutingTable(this.store, this.secrets);
      const rows = (name: (typeof MIRRORED_TABLES)[number]) =>
        this.store.db.prepare(`SELECT * FROM ${name}`).all() as Record<string, string | number | null>[];
      return {
        schemaVersion: this.store.schemaVersion,
        version: this.version,
        routing: { groups: table.groups(), aliases: this.store.modelGroups.aliases() },
        keys: rows('virtual_keys'),
        teams: rows('teams'),
        users: rows('users'),
        masterKeyHash: this.store.settings.getPrivate('masterKeyHash'),
        allowLinkLocalProviders: this.store.settings.get().allowLinkLocalProviders === true,
      };
    })();
  }

  /** Holds `res` open as a server-sent event stream of ReplicaChangeEvent, first the current version. */
  follow(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`event: change\ndata: ${JSON.stringify({ version: this.version, kind: 'joined' })}\n\n`);
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
  }

  /** Replicas following the change stream now. */
  followers(): number {
    return this.streams.size;
  }

  close(): void {
    this.unsubscribe();
    clearInterval(this.heartbeat);
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  private broadcast(event: ReplicaChangeEvent): void {
    const frame = `event: change\ndata: ${JSON.stringify(event)}\n\n`;
    for (const res of this.streams) res.write(frame);
  }
}
