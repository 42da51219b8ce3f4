// Settings: the app's editable settings (validated against the shared schema, defaults filled in)
// and a few private values (the master key's hash) that never leave the core.
import type Database from 'better-sqlite3';
import { DEFAULT_SETTINGS, Settings } from '../../../shared/schemas';

const PRIVATE_PREFIX = 'private.';

export class SettingsRepo {
  constructor(private readonly db: Database.Database) {}

  get(): Settings {
    const rows = this.db.prepare(`SELECT key, value FROM settings WHERE key NOT LIKE 'private.%'`).all() as Array<{
      key: string;
      value: string;
    }>;
    const stored: Record<string, unknown> = {};
    for (const row of rows) stored[row.key] = JSON.parse(row.value);
    // A value that no longer validates (hand-edited, older version) falls back to its default.
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const [key, value] of Object.entries(stored)) {
      const field = Settings.shape[key as keyof Settings];
      if (field?.safeParse(value).success) merged[key] = value;
    }
    return Settings.parse(merged);
  }

  update(change: Partial<Settings>): Settings {
    const next = Settings.parse({ ...this.get(), ...change });
    const upsert = this.db.prepare(
      `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    );
    this.db.transaction(() => {
      for (const key of Object.keys(change)) upsert.run(key, JSON.stringify(next[key as keyof Settings]));
    })();
    return next;
  }

  getPrivate(name: string): string | null {
    const row = this.db.prepare(`SELECT value FROM settings WHERE key = ?`).get(PRIVATE_PREFIX + name) as
      | { value: string }
      | undefined;
    return row ? (JSON.parse(row.value) as string) : null;
  }

  setPrivate(name: string, value: string): void {
    this.db
      .prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
      .run(PRIVATE_PREFIX + name, JSON.stringify(value));
  }
}
