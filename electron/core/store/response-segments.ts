// Stored responses (POST /v1/responses, store: true) as append-only segment files, not SQLite rows:
// in the bench's store probe a row of the stored_responses table cost 9.3 µs of CPU and 3.2 KB
// written (WAL, checkpoint, B-tree pages), a line appended here 4.6 µs and its own size.
// In `<data dir>/responses/`, segment S is two files: `S.jsonl`, one JSON line per stored response,
// and `S.slots`, 8 bytes for each id S minted (offset and length of its line, u32 little-endian;
// zeros = nothing there, never written or deleted). A response id says where its line is: `resp_`,
// 12 hex digits of the time in ms, 8 of the segment, 8 of its slot, 20 random — so a read is two
// preads, with no index to keep, rebuild at start or share. Each process writes only the segments
// it created (exclusively), so gateway workers sharing a data dir never write one file; any process
// reads any segment, and a line counts only if it opens with the id asked for (a torn or reused
// slot reads as none). A segment takes new ids for SEGMENT_MS or SEGMENT_SLOTS ids, then the next
// one does; it goes whole once its newest line is older than the retention (that line's created_at
// is the data file's mtime), so a response is kept its retention and at most SEGMENT_MS more.
import {
  closeSync,
  fstatSync,
  futimesSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  unlinkSync,
  writeSync,
  writevSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock';
import { msHex, randomHex } from '../gateway/dialects/random-id';

/** How long a segment takes new ids. */
const SEGMENT_MS = 3_600_000;
/** Ids one segment may mint (a slots file of at most 512 MiB, sparse where nothing was stored). */
const SEGMENT_SLOTS = 2 ** 26;
/** Offsets and lengths are u32: a segment takes no new ids past this size (2 GiB of headroom left). */
const SEGMENT_BYTES = 2 ** 31;
const SLOT_BYTES = 8;
/** Lines are encoded into chunks of this size as they are made (a longer line gets a buffer of its own). */
const CHUNK_BYTES = 256 * 1024;
/** Chunks kept for the next batch once one is written: memory already touched, so no page faults. */
const KEPT_CHUNKS = 4;
/** Buffers one writev takes (Linux's IOV_MAX). */
const IOV_MAX = 1024;
const U32 = 2 ** 32;
const ID = /^resp_[0-9a-f]{12}([0-9a-f]{8})([0-9a-f]{8})[0-9a-f]{20}$/;

/**
 * A line to append, the record of one stored response, and its place. Its bytes are encoded when
 * it is made (ResponseSegments.line), so a line waiting to be written holds no string on the JS
 * heap, only a view of an encoding chunk, which is reused once append has written its batch.
 */
export interface SegmentLine {
  id: string;
  segment: string;
  slot: number;
  createdAt: number;
  /** The line's UTF-8, opening with `{"id":"<id>"` and ending in a newline. */
  bytes: Buffer;
}

/** Where a minted id's line goes; null for an id this store's segments did not mint. */
export function slotOf(id: string): { segment: string; slot: number } | null {
  const m = ID.exec(id);
  return m ? { segment: m[1], slot: Number.parseInt(m[2], 16) } : null;
}

/** A segment this process writes. */
interface Writer {
  name: string;
  data: number;
  slots: number;
  /** Bytes in the data file: the offset of the next line. */
  size: number;
  nextSlot: number;
  openedAt: number;
  /** The newest created_at written, ms: the data file's mtime. */
  newest: number;
}

export class ResponseSegments {
  /** The segment minting ids now, and earlier ones of this process still open for late lines. */
  private current: Writer | null = null;
  private readonly writers = new Map<string, Writer>();
  /** The encoding chunks of the lines made since the last append: `chunks[chunkAt]` is filling (none at -1). */
  private readonly chunks: Buffer[] = [];
  private chunkAt = -1;
  private chunkUsed = CHUNK_BYTES;

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {}

  /** A new response id, with the segment and slot its line will have. */
  mint(): string {
    const now = this.clock.now();
    let w = this.current;
    if (!w || now - w.openedAt >= SEGMENT_MS || w.nextSlot >= SEGMENT_SLOTS || w.size >= SEGMENT_BYTES) {
      w = this.current = this.create(now);
    }
    const slot = w.nextSlot++;
    return `resp_${msHex(now)}${w.name}${slot.toString(16).padStart(8, '0')}${randomHex(10)}`;
  }

  /**
   * The line of a response to be stored under `id` (one this store minted, else it throws): the
   * text of `parts` joined, encoded now (a part already UTF-8 is copied). Its bytes are good until
   * the next append, which must take every line made since the one before (a line left out is dropped).
   */
  line(id: string, createdAt: number, parts: ReadonlyArray<string | Buffer>): SegmentLine {
    const at = slotOf(id);
    if (!at) throw new Error(`${id} is not an id of this store: a response to be stored takes its id from newId()`);
    // UTF-8 takes at most 3 bytes for each UTF-16 unit: room is checked before encoding, not measured.
    let most = 0;
    for (const part of parts) most += typeof part === 'string' ? part.length * 3 : part.length;
    if (most > CHUNK_BYTES - this.chunkUsed) {
      if (most > CHUNK_BYTES) {
        return {
          id,
          ...at,
          createdAt,
          bytes: Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))),
        };
      }
      if (++this.chunkAt === this.chunks.length) this.chunks.push(Buffer.allocUnsafe(CHUNK_BYTES));
      this.chunkUsed = 0;
    }
    const chunk = this.chunks[this.chunkAt];
    const start = this.chunkUsed;
    for (const part of parts) {
      this.chunkUsed += typeof part === 'string' ? chunk.write(part, this.chunkUsed) : part.copy(chunk, this.chunkUsed);
    }
    return { id, ...at, createdAt, bytes: chunk.subarray(start, this.chunkUsed) };
  }

  /** Appends the lines (of ids this process minted) and then their slots: a slot never points past its line's end. */
  append(lines: readonly SegmentLine[]): void {
    try {
      this.appendBySegment(lines);
    } finally {
      // Every line made so far is written (or dropped): their chunks take the next batch.
      this.chunks.length = Math.min(this.chunks.length, KEPT_CHUNKS);
      this.chunkAt = -1;
      this.chunkUsed = CHUNK_BYTES;
    }
  }

  private appendBySegment(lines: readonly SegmentLine[]): void {
    const bySegment = new Map<string, SegmentLine[]>();
    for (const line of lines) {
      const group = bySegment.get(line.segment);
      if (group) group.push(line);
      else bySegment.set(line.segment, [line]);
    }
    for (const [name, group] of bySegment) this.appendTo(this.writerOf(name), group);
  }

  private appendTo(w: Writer, group: SegmentLine[]): void {
    const total = group.reduce((n, g) => n + g.bytes.length, 0);
    let written = 0;
    for (let i = 0; i < group.length; i += IOV_MAX) {
      const buffers = group.slice(i, i + IOV_MAX).map((g) => g.bytes);
      const took = writevSync(w.data, buffers);
      written += took;
      if (took < buffers.reduce((n, b) => n + b.length, 0)) break; // a short write: the disk is full
    }
    const end = w.size + written;
    // [slot, offset, length] of each line written whole (past a short write, a full disk, its slot stays empty).
    const placed: Array<[number, number, number]> = [];
    let offset = w.size;
    group.forEach((g) => {
      const length = g.bytes.length;
      if (offset + length <= end && offset + length < U32) placed.push([g.slot, offset, length]);
      offset += length;
      w.newest = Math.max(w.newest, g.createdAt);
    });
    w.size = end;
    // Slots in order, one pwrite for each run of neighbours (a response that ended late breaks a run).
    placed.sort((x, y) => x[0] - y[0]);
    for (let start = 0; start < placed.length; ) {
      let stop = start + 1;
      while (stop < placed.length && placed[stop][0] === placed[stop - 1][0] + 1) stop++;
      const run = Buffer.alloc((stop - start) * SLOT_BYTES);
      for (let i = start; i < stop; i++) {
        run.writeUInt32LE(placed[i][1], (i - start) * SLOT_BYTES);
        run.writeUInt32LE(placed[i][2], (i - start) * SLOT_BYTES + 4);
      }
      writeSync(w.slots, run, 0, run.length, placed[start][0] * SLOT_BYTES);
      start = stop;
    }
    futimesSync(w.data, w.newest / 1000, w.newest / 1000);
    if (written < total) {
      throw new Error(`stored responses: ${w.name}.jsonl took ${written} of ${total} bytes (is the disk full?)`);
    }
  }

  /** The line stored for `id`, or null (never stored, deleted, pruned, or not a minted id). */
  read(id: string): string | null {
    const at = slotOf(id);
    if (!at) return null;
    return this.withFiles(at.segment, 'r', (data, slots) => {
      const slot = Buffer.alloc(SLOT_BYTES);
      if (readSync(slots, slot, 0, SLOT_BYTES, at.slot * SLOT_BYTES) < SLOT_BYTES) return null;
      const length = slot.readUInt32LE(4);
      if (length === 0) return null;
      const line = Buffer.alloc(length);
      if (readSync(data, line, 0, length, slot.readUInt32LE(0)) < length) return null;
      const text = line.toString('utf8');
      return text.startsWith(`{"id":"${id}"`) ? text : null;
    });
  }

  /** Empties `id`'s slot; false when nothing was stored there. */
  erase(id: string): boolean {
    if (this.read(id) === null) return false;
    const at = slotOf(id)!;
    const erased = this.withFiles(at.segment, 'r+', (_data, slots) => {
      writeSync(slots, Buffer.alloc(SLOT_BYTES), 0, SLOT_BYTES, at.slot * SLOT_BYTES);
      return true;
    });
    return erased === true;
  }

  /** Removes the segments (not one taking ids now) whose newest line is older than `before`; returns how many lines went. */
  pruneOlderThan(before: number): number {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return 0; // no segment yet
    }
    let lines = 0;
    for (const file of names) {
      const name = /^([0-9a-f]{8})\.jsonl$/.exec(file)?.[1];
      if (!name || name === this.current?.name) continue;
      const data = join(this.dir, file);
      const newest = statSync(data, { throwIfNoEntry: false })?.mtimeMs;
      // Rounded: the ms set as the mtime comes back through seconds and nanoseconds.
      if (newest === undefined || Math.round(newest) >= before) continue;
      lines += this.withFiles(name, 'r', (_data, slots) => countSlots(slots)) ?? 0;
      this.closeWriter(name);
      unlinkSync(data);
      unlinkSync(join(this.dir, `${name}.slots`));
    }
    return lines;
  }

  close(): void {
    for (const name of [...this.writers.keys()]) this.closeWriter(name);
    this.current = null;
  }

  private create(now: number): Writer {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // Earlier segments of this process stay open for lines of ids they minted; older ones reopen if needed.
    for (const name of [...this.writers.keys()]) if (name !== this.current?.name) this.closeWriter(name);
    for (;;) {
      const name = randomHex(4);
      let slots: number;
      try {
        slots = openSync(join(this.dir, `${name}.slots`), 'wx+', 0o600);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue; // another process's segment
        throw e;
      }
      const data = openSync(join(this.dir, `${name}.jsonl`), 'ax+', 0o600);
      const w: Writer = { name, data, slots, size: 0, nextSlot: 0, openedAt: now, newest: 0 };
      this.writers.set(name, w);
      return w;
    }
  }

  /** This process's writer of segment `name`, reopened if it was closed (a line that came late). */
  private writerOf(name: string): Writer {
    let w = this.writers.get(name);
    if (!w) {
      const data = openSync(join(this.dir, `${name}.jsonl`), 'a+');
      const slots = openSync(join(this.dir, `${name}.slots`), 'r+');
      const size = fstatSync(data).size;
      w = { name, data, slots, size, nextSlot: SEGMENT_SLOTS, openedAt: 0, newest: fstatSync(data).mtimeMs };
      this.writers.set(name, w);
    }
    return w;
  }

  private closeWriter(name: string): void {
    const w = this.writers.get(name);
    if (!w) return;
    this.writers.delete(name);
    closeSync(w.data);
    closeSync(w.slots);
  }

  /** Runs `use` on segment `name`'s files (this process's open ones, else opened for it); null when they are gone. */
  private withFiles<T>(name: string, flags: 'r' | 'r+', use: (data: number, slots: number) => T): T | null {
    const w = this.writers.get(name);
    if (w) return use(w.data, w.slots);
    let data: number | null = null;
    let slots: number | null = null;
    try {
      data = openSync(join(this.dir, `${name}.jsonl`), 'r');
      slots = openSync(join(this.dir, `${name}.slots`), flags);
      return use(data, slots);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    } finally {
      if (data !== null) closeSync(data);
      if (slots !== null) closeSync(slots);
    }
  }
}

/** Slots of a slots file that point at a line. */
function countSlots(slots: number): number {
  const chunk = Buffer.alloc(64 * 1024);
  let count = 0;
  for (let position = 0; ; position += chunk.length) {
    const got = readSync(slots, chunk, 0, chunk.length, position);
    for (let i = 4; i + 4 <= got; i += SLOT_BYTES) if (chunk.readUInt32LE(i) !== 0) count++;
    if (got < chunk.length) return count;
  }
}
