// Stored responses of the OpenAI Responses route (store: true): what each turn was asked and what
// it answered, so a later request's previous_response_id continues it and GET /v1/responses/{id}
// returns it. Kept for `responses.retentionDays` (default 30), pruned by retention.ts. They are
// lines of append-only segment files (response-segments.ts), each response's id minted here says
// where; rows of the stored_responses table (from before the segments) are still read, deleted
// and pruned. Writes are grouped: what is put within FLUSH_MS is appended at once, a response not
// yet written is read from memory, and the store's close writes what is left.
import type Database from 'better-sqlite3';
import type { Clock } from '../clock';
import { ResponseSegments, type SegmentLine } from './response-segments';

/** The segment files' folder in the data dir. */
export const RESPONSES_DIR = 'responses';
export const RESPONSES_RETENTION_SETTING = 'responses.retentionDays';
export const DEFAULT_RESPONSES_RETENTION_DAYS = 30;

export interface StoredResponse {
  id: string;
  keyId: string | null;
  createdAt: number;
  input: Array<Record<string, unknown>>;
  response: Record<string, unknown>;
  /** `response` as JSON (text, or its UTF-8) when the caller already has it (the body it sent), so it is not made twice. */
  responseJson?: string | Buffer;
}

/** How long a stored response may wait in memory to be written, ms. */
const FLUSH_MS = 50;
/** This many waiting are written at once, whatever the time. */
const FLUSH_ROWS = 512;

type Row = { id: string; key_id: string | null; created_at: number; input: string; response: string };

const storedOf = (line: string): StoredResponse => {
  const row = JSON.parse(line) as {
    id: string;
    key_id: string | null;
    created_at: number;
    input: StoredResponse['input'];
    response: StoredResponse['response'];
  };
  return { id: row.id, keyId: row.key_id, createdAt: row.created_at, input: row.input, response: row.response };
};

const storedOfRow = (row: Row): StoredResponse => ({
  id: row.id,
  keyId: row.key_id,
  createdAt: row.created_at,
  input: JSON.parse(row.input),
  response: JSON.parse(row.response),
});

export class ResponsesRepo {
  private readonly segments: ResponseSegments;
  private readonly byId: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly prune: Database.Statement;
  private readonly setting: Database.Statement;
  private readonly pending = new Map<string, SegmentLine>();
  private timer: NodeJS.Timeout | null = null;

  /** `dir`: where the segment files go (`<data dir>/responses`, made when the first id is minted). */
  constructor(db: Database.Database, dir: string, clock: Clock) {
    this.segments = new ResponseSegments(dir, clock);
    this.byId = db.prepare(`SELECT * FROM stored_responses WHERE id = ?`);
    this.remove = db.prepare(`DELETE FROM stored_responses WHERE id = ?`);
    this.prune = db.prepare(`DELETE FROM stored_responses WHERE created_at < ?`);
    this.setting = db.prepare(`SELECT value FROM settings WHERE key = ?`);
  }

  /** The id of a response that will be stored: only ids minted here can be put. */
  newId(): string {
    return this.segments.mint();
  }

  put(r: StoredResponse): void {
    const line = this.segments.line(r.id, r.createdAt, [
      `{"id":${JSON.stringify(r.id)},"key_id":${JSON.stringify(r.keyId)},"created_at":${r.createdAt},"input":${JSON.stringify(r.input)},"response":`,
      r.responseJson ?? JSON.stringify(r.response),
      '}\n',
    ]);
    // The line's bytes only wait, so the objects it was made from are not kept alive.
    this.pending.set(r.id, line);
    if (this.pending.size >= FLUSH_ROWS) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      // Nothing is lost by not waiting for it: the store's close flushes.
      this.timer.unref();
    }
  }

  /** Writes what is waiting (also at close). A write that fails is logged: those responses are not kept. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const lines = [...this.pending.values()];
    this.pending.clear();
    try {
      this.segments.append(lines);
    } catch (e) {
      console.error(`[store] ${lines.length} stored responses were not written: ${(e as Error).message}`);
    }
  }

  get(id: string): StoredResponse | null {
    const waiting = this.pending.get(id);
    const line = waiting ? waiting.bytes.toString('utf8') : this.segments.read(id);
    if (line !== null) return storedOf(line);
    const row = this.byId.get(id) as Row | undefined;
    return row ? storedOfRow(row) : null;
  }

  delete(id: string): boolean {
    const queued = this.pending.delete(id);
    return this.segments.erase(id) || this.remove.run(id).changes > 0 || queued;
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
    return this.segments.pruneOlderThan(before) + this.prune.run(before).changes;
  }

  /** Writes what is waiting and closes the segment files. */
  close(): void {
    this.flush();
    this.segments.close();
  }
}
