// Stored responses of the OpenAI Responses route (store: true): what each turn was asked and what
// it answered, so a later request's previous_response_id continues it and GET /v1/responses/{id}
// returns it. Kept for `responses.retentionDays` (default 30), pruned by retention.ts. Writes are
// group-committed: those queued within FLUSH_MS go in one transaction (a commit per response, or
// per turn of the event loop, was most of what storing cost on the /v1/responses hot path), and a
// response not yet written is read from memory; the store's close writes what is left.
import type Database from 'better-sqlite3';

export const RESPONSES_RETENTION_SETTING = 'responses.retentionDays';
export const DEFAULT_RESPONSES_RETENTION_DAYS = 30;

export interface StoredResponse {
  id: string;
  keyId: string | null;
  createdAt: number;
  input: Array<Record<string, unknown>>;
  response: Record<string, unknown>;
  /** `response` as JSON text when the caller already has it (the body it sent), so it is not made twice. */
  responseJson?: string;
}

/** How long a stored response may wait in memory for its batch's commit, ms. */
const FLUSH_MS = 50;
/** A batch this large is written at once, whatever the time. */
const FLUSH_ROWS = 512;
/** Rows per INSERT statement: one call into SQLite per chunk, not per row. */
const INSERT_CHUNK = 32;
const COLUMNS = 5;

type Row = { id: string; key_id: string | null; created_at: number; input: string; response: string };

/** A row as it waits for its batch: JSON text only, so the objects it was made from are not kept alive. */
const rowOf = (r: StoredResponse): Row => ({
  id: r.id,
  key_id: r.keyId,
  created_at: r.createdAt,
  input: JSON.stringify(r.input),
  response: r.responseJson ?? JSON.stringify(r.response),
});

const storedOf = (row: Row): StoredResponse => ({
  id: row.id,
  keyId: row.key_id,
  createdAt: row.created_at,
  input: JSON.parse(row.input),
  response: JSON.parse(row.response),
});

export class ResponsesRepo {
  /** INSERT statements by how many rows they write (1 … INSERT_CHUNK), prepared when first needed. */
  private readonly inserts = new Map<number, Database.Statement>();
  private readonly byId: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly prune: Database.Statement;
  private readonly setting: Database.Statement;
  private readonly pending = new Map<string, Row>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Database.Database) {
    this.byId = db.prepare(`SELECT * FROM stored_responses WHERE id = ?`);
    this.remove = db.prepare(`DELETE FROM stored_responses WHERE id = ?`);
    this.prune = db.prepare(`DELETE FROM stored_responses WHERE created_at < ?`);
    this.setting = db.prepare(`SELECT value FROM settings WHERE key = ?`);
  }

  put(r: StoredResponse): void {
    this.pending.set(r.id, rowOf(r));
    if (this.pending.size >= FLUSH_ROWS) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      // Nothing is lost by not waiting for it: the store's close flushes.
      this.timer.unref();
    }
  }

  /** Writes what is queued (also at close). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0 || !this.db.open) return;
    const rows = [...this.pending.values()];
    this.pending.clear();
    this.db.transaction(() => {
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        const chunk = Math.min(rows.length - start, INSERT_CHUNK);
        const values: unknown[] = new Array(chunk * COLUMNS);
        for (let i = 0; i < chunk; i++) {
          const r = rows[start + i];
          values[i * COLUMNS] = r.id;
          values[i * COLUMNS + 1] = r.key_id;
          values[i * COLUMNS + 2] = r.created_at;
          values[i * COLUMNS + 3] = r.input;
          values[i * COLUMNS + 4] = r.response;
        }
        this.insertOf(chunk).run(values);
      }
    })();
  }

  private insertOf(rows: number): Database.Statement {
    let statement = this.inserts.get(rows);
    if (!statement) {
      statement = this.db.prepare(
        `INSERT OR REPLACE INTO stored_responses (id, key_id, created_at, input, response) VALUES ${new Array(rows).fill('(?, ?, ?, ?, ?)').join(', ')}`,
      );
      this.inserts.set(rows, statement);
    }
    return statement;
  }

  get(id: string): StoredResponse | null {
    const row = this.pending.get(id) ?? (this.byId.get(id) as Row | undefined);
    return row ? storedOf(row) : null;
  }

  delete(id: string): boolean {
    const queued = this.pending.delete(id);
    return this.remove.run(id).changes > 0 || queued;
  }

  /** Days a stored response is kept (the `responses.retentionDays` setting, else 30). */
  retentionDays(): number {
    const row = this.setting.get(RESPONSES_RETENTION_SETTING) as { value: string } | undefined;
    let days = Number.NaN;
    try {
      if (row) days = Number(JSON.parse(row.value));
    } catch {
      // a hand-edited value that is not JSON: the default applies
    }
    return Number.isFinite(days) && days > 0 ? days : DEFAULT_RESPONSES_RETENTION_DAYS;
  }

  /** Returns how many went. */
  deleteOlderThan(before: number): number {
    return this.prune.run(before).changes;
  }
}
