// A replica's mirror: a private SQLite store in a throw-away folder, holding only what the gateway
// reads keys, budgets and limits from (virtual keys by hash, teams, users, the master key's hash),
// replaced whole by each snapshot from the instance. It lets a replica run the very gateway code
// `serve` runs (KeyDirectory, GatewayRuntime) without a second way to look keys up. Nothing in it
// outlives the replica: the instance's store stays the one source of truth.
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../store';
import { MIRRORED_TABLES, type ReplicaSnapshot } from './replica-wire';

export class MirrorStore {
  readonly store: Store;
  private readonly columns = new Map<string, Set<string>>();

  private constructor(private readonly dir: string) {
    this.store = Store.open(dir);
    for (const table of MIRRORED_TABLES) {
      const info = this.store.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
      this.columns.set(table, new Set(info.map((c) => c.name)));
    }
  }

  /** A fresh, empty mirror in a new folder under the system's temp dir. */
  static create(): MirrorStore {
    return new MirrorStore(mkdtempSync(join(tmpdir(), 'switchyard-replica-')));
  }

  /**
   * Replaces the mirrored tables with the snapshot's rows, in one transaction (a request sees the
   * old keys or the new, never half). Throws when the instance runs another schema version, since
   * the rows' columns would not match this build's.
   */
  apply(snapshot: ReplicaSnapshot): void {
    if (snapshot.schemaVersion !== this.store.schemaVersion)
      throw new Error(
        `The instance's store is at schema version ${snapshot.schemaVersion} and this replica's build at ${this.store.schemaVersion}: run the same Switchyard version on both.`,
      );
    const db = this.store.db;
    // Rows arrive table by table; references between them hold on the instance already.
    db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        for (const table of MIRRORED_TABLES) db.prepare(`DELETE FROM ${table}`).run();
        this.insertRows(db, 'teams', snapshot.teams);
        this.insertRows(db, 'users', snapshot.users);
        this.insertRows(db, 'virtual_keys', snapshot.keys);
        this.store.settings.setPrivate('masterKeyHash', snapshot.masterKeyHash ?? '');
        this.store.settings.update({ allowLinkLocalProviders: snapshot.allowLinkLocalProviders });
      })();
    } finally {
      db.pragma('foreign_keys = ON');
    }
  }

  close(): void {
    this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private insertRows(db: Database.Database, table: (typeof MIRRORED_TABLES)[number], rows: ReplicaSnapshot['keys']) {
    const known = this.columns.get(table)!;
    for (const row of rows) {
      // Column names come from the wire: only this build's own columns of the table are written.
      const names = Object.keys(row).filter((name) => known.has(name));
      if (names.length === 0) continue;
      db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(
        ...names.map((n) => row[n]),
      );
    }
  }
}
