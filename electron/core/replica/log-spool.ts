// A replica's request-log spool: an append-only file of JSON lines (one NewRequestLog each) and a
// small file holding how many of its bytes the instance has acknowledged. Every row is appended
// and fdatasync'd before the gateway ends the response it belongs to (spooling-writer.ts), so a
// row of a delivered response survives SIGKILL of the replica and a crash of its machine. Rows are
// shipped from the acknowledged offset on; the offset moves only after the instance answered, so a
// row may be shipped twice (lost answer, restart) but the instance keeps it once (log-ingest.ts).
// Once everything is acknowledged the file is emptied, so it holds only what is still owed.
import { existsSync, mkdirSync } from 'node:fs';
import { type FileHandle, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { NewRequestLog } from '../store/request-log';

const SPOOL_FILE = 'request-log.spool.jsonl';
const SHIPPED_FILE = 'request-log.shipped';

export interface SpoolBatch {
  rows: unknown[];
  /** The spool offset just past the batch's last line: hand it to markShipped once it is acknowledged. */
  end: number;
}

export class LogSpool {
  /** Spool file operations that move its end (append, empty) run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly file: FileHandle,
    /** Bytes in the spool file. */
    private size: number,
    /** Bytes of it the instance acknowledged. */
    private shipped: number,
  ) {}

  /** Opens (creating) the spool in `dir`; a torn last line, never acknowledged to a client, is cut off. */
  static async open(dir: string): Promise<LogSpool> {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, SPOOL_FILE);
    const file = await open(path, 'a+');
    const text = await readFile(path);
    let size = text.length;
    // A line without its newline was being written when the replica died: its response never ended.
    if (size > 0 && text[size - 1] !== 0x0a) {
      size = text.lastIndexOf(0x0a) + 1;
      await file.truncate(size);
    }
    const shippedPath = join(dir, SHIPPED_FILE);
    let shipped = existsSync(shippedPath) ? Number((await readFile(shippedPath, 'utf8')).trim()) : 0;
    // Past the end: the file was emptied after everything was shipped and the offset not yet reset.
    if (!Number.isInteger(shipped) || shipped < 0 || shipped > size) shipped = 0;
    return new LogSpool(dir, file, size, shipped);
  }

  /** Appends the rows and waits until they are on disk (fdatasync). */
  append(rows: NewRequestLog[]): Promise<void> {
    const text = Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
    return this.serially(async () => {
      await this.file.appendFile(text);
      await this.file.datasync();
      this.size += text.length;
    });
  }

  /** Bytes spooled and not yet acknowledged. */
  owed(): number {
    return this.size - this.shipped;
  }

  /** The next rows to ship (at most `maxRows` and about `maxBytes`), or null when nothing is owed. */
  async next(maxRows: number, maxBytes: number): Promise<SpoolBatch | null> {
    const from = this.shipped;
    const length = Math.min(this.size - from, maxBytes);
    if (length <= 0) return null;
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.file.read(buffer, 0, length, from);
    const rows: unknown[] = [];
    let at = 0;
    while (rows.length < maxRows) {
      const newline = buffer.indexOf(0x0a, at);
      if (newline < 0 || newline >= bytesRead) break;
      rows.push(JSON.parse(buffer.subarray(at, newline).toString('utf8')));
      at = newline + 1;
    }
    // One row longer than maxBytes: read it whole rather than stall on it.
    if (rows.length === 0) return this.next(maxRows, maxBytes * 2);
    return { rows, end: from + at };
  }

  /** Records that the instance holds everything before `end`; empties the spool when nothing more is owed. */
  markShipped(end: number): Promise<void> {
    return this.serially(async () => {
      this.shipped = Math.max(this.shipped, end);
      if (this.shipped === this.size) {
        await this.file.truncate(0);
        this.size = 0;
        this.shipped = 0;
      }
      await this.writeShipped();
    });
  }

  async close(): Promise<void> {
    await this.queue.catch(() => {});
    await this.file.close();
  }

  /** Writes the acknowledged offset atomically (a new file renamed over the old). */
  private async writeShipped(): Promise<void> {
    const path = join(this.dir, SHIPPED_FILE);
    const next = await open(`${path}.new`, 'w');
    try {
      await next.writeFile(String(this.shipped));
      await next.datasync();
    } finally {
      await next.close();
    }
    await rename(`${path}.new`, path);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }
}
