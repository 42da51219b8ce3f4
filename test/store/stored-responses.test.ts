// Stored responses (POST /v1/responses with store: true) in real segment files of a real data dir:
// batches of many lines, read back from memory before they are written and from the files after,
// by another process's store on the same data dir, after a restart; deleted, pruned by age, and
// what is not a whole line of the id asked for (a torn or reused slot) reads as nothing. Rows of the
// SQLite table from before the segments are still read, deleted and pruned.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { slotOf } from '../../electron/core/store/response-segments';
import type { Store } from '../../electron/core/store';
import { useTempStores } from '../support/temp-store';

const { openStore, tempDir } = useTempStores('stored-responses');

const HOUR = 3_600_000;
const fakeClock = (start: number) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

const turn = (store: Store, i: number, createdAt = 1_000 + i) => ({
  id: store.responses.newId(),
  keyId: i % 3 === 0 ? null : `key-${i % 3}`,
  createdAt,
  input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: `turn ${i} “ü” \u2028 "q"` }] }],
  response: { object: 'response', output: [{ type: 'message', text: 'x'.repeat(i) }] },
});

const segmentFiles = (dir: string) => readdirSync(join(dir, 'responses')).sort();

describe('stored responses', () => {
  it('mints ids of the OpenAI form that say their segment and slot, and refuses to store an id it did not mint', () => {
    const store = openStore();
    const ids = Array.from({ length: 300 }, () => store.responses.newId());
    for (const id of ids) expect(id).toMatch(/^resp_[0-9a-f]{48}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map((id) => slotOf(id)!.slot)).toEqual(ids.map((_, i) => i));
    expect(new Set(ids.map((id) => slotOf(id)!.segment)).size).toBe(1);
    const foreign = { ...turn(store, 1), id: `resp_${'0'.repeat(48)}x` };
    expect(() => store.responses.put(foreign)).toThrow(/newId/);
  });

  it('writes batches of any size and reads every response back as it was put: from memory, from the files, after a restart', () => {
    const dir = tempDir();
    let store = openStore(dir);
    const all: Array<ReturnType<typeof turn>> = [];
    for (const size of [1, 2, 511, 512, 1_300]) {
      const batch = Array.from({ length: size }, (_, i) => turn(store, all.length + i));
      // Put out of order, as responses that end at different times are.
      for (const r of [...batch].reverse()) store.responses.put(r);
      expect(store.responses.get(batch[0].id)).toEqual(batch[0]);
      store.responses.flush();
      all.push(...batch);
    }
    // A line longer than an encoding chunk (256 KiB), of 4-byte characters, between two short ones.
    const long = {
      ...turn(store, 1),
      response: { object: 'response', output: [{ type: 'message', text: '🚂'.repeat(100_000) }] },
    };
    const around = [turn(store, 2), long, turn(store, 3)];
    for (const r of around) store.responses.put(r);
    expect(store.responses.get(long.id)).toEqual(long);
    store.responses.flush();
    all.push(...around);
    for (const r of all) expect(store.responses.get(r.id)).toEqual(r);
    store.close();
    store = openStore(dir);
    for (const r of all) expect(store.responses.get(r.id)).toEqual(r);
    // The next ids come from a segment of this process, not the one it found.
    const next = turn(store, 7);
    expect(slotOf(next.id)!.segment).not.toBe(slotOf(all[0].id)!.segment);
  });

  it('keeps the newest of a response put twice; deletes what is written or waiting', () => {
    const store = openStore();
    const a = turn(store, 1);
    const b = turn(store, 2);
    store.responses.put(a);
    store.responses.put({ ...a, response: { replaced: true } });
    store.responses.put(b);
    store.responses.flush();
    expect(store.responses.get(a.id)?.response).toEqual({ replaced: true });
    store.responses.put({ ...a, response: { again: true } });
    store.responses.flush();
    expect(store.responses.get(a.id)?.response).toEqual({ again: true });
    expect(store.responses.delete(b.id)).toBe(true);
    expect(store.responses.get(b.id)).toBeNull();
    expect(store.responses.delete(b.id)).toBe(false);
    const waiting = turn(store, 3);
    store.responses.put(waiting);
    expect(store.responses.delete(waiting.id)).toBe(true);
    store.responses.flush();
    expect(store.responses.get(waiting.id)).toBeNull();
    expect(store.responses.get(store.responses.newId())).toBeNull();
  });

  it('two stores on one data dir (gateway workers) write segments of their own and read and delete each other’s; a delete is not undone by the writer’s next batch', () => {
    const dir = tempDir();
    const one = openStore(dir);
    const two = openStore(dir);
    const ofOne = Array.from({ length: 5 }, (_, i) => turn(one, i));
    const ofTwo = Array.from({ length: 5 }, (_, i) => turn(two, 10 + i));
    expect(slotOf(ofOne[0].id)!.segment).not.toBe(slotOf(ofTwo[0].id)!.segment);
    for (const r of ofOne.slice(0, 3)) one.responses.put(r);
    for (const r of ofTwo) two.responses.put(r);
    one.responses.flush();
    two.responses.flush();
    for (const r of ofTwo) expect(one.responses.get(r.id)).toEqual(r);
    expect(two.responses.get(ofOne[1].id)).toEqual(ofOne[1]);
    expect(two.responses.delete(ofOne[1].id)).toBe(true);
    // The writer's next batch has the slots on both sides of the deleted one.
    one.responses.put(ofOne[3]);
    one.responses.put(ofOne[4]);
    one.responses.put(ofOne[0]);
    one.responses.flush();
    expect(one.responses.get(ofOne[1].id)).toBeNull();
    for (const r of [ofOne[0], ofOne[2], ofOne[3], ofOne[4]]) expect(two.responses.get(r.id)).toEqual(r);
    expect(segmentFiles(dir)).toHaveLength(4);
  });

  it('reads nothing where a slot points at something other than the whole line of its id', () => {
    const dir = tempDir();
    const store = openStore(dir);
    const a = turn(store, 1);
    const b = turn(store, 2);
    store.responses.put(a);
    store.responses.put(b);
    store.responses.flush();
    const { segment, slot } = slotOf(b.id)!;
    // Same segment and slot, other random part: someone else's id is not read.
    expect(store.responses.get(`${b.id.slice(0, 33)}${'0'.repeat(20)}`)).toBeNull();
    // A slot past the end of the slots file, and one pointing past the data file's end.
    expect(store.responses.get(`${b.id.slice(0, 25)}00ffffff${b.id.slice(33)}`)).toBeNull();
    const slotsFile = join(dir, 'responses', `${segment}.slots`);
    const slots = readFileSync(slotsFile);
    slots.writeUInt32LE(10_000_000, slot * 8);
    writeFileSync(slotsFile, slots);
    expect(store.responses.get(b.id)).toBeNull();
    // Pointing at a's line.
    slots.writeUInt32LE(0, slot * 8);
    writeFileSync(slotsFile, slots);
    expect(store.responses.get(b.id)).toBeNull();
    expect(store.responses.get(a.id)).toEqual(a);
  });

  it('prunes whole segments whose newest response is older than the cutoff, never the one taking ids', () => {
    const clock = fakeClock(1_700_000_000_000);
    const dir = tempDir();
    const store = openStore(dir, clock);
    const old = [turn(store, 1, clock.now()), turn(store, 2, clock.now() + 10)];
    for (const r of old) store.responses.put(r);
    store.responses.flush();
    clock.advance(HOUR);
    const recent = turn(store, 3, clock.now());
    store.responses.put(recent);
    store.responses.flush();
    expect(segmentFiles(dir)).toHaveLength(4);
    // Cut at the older segment's newest response: it is kept (only what is older goes).
    expect(store.responses.deleteOlderThan(old[1].createdAt)).toBe(0);
    expect(store.responses.deleteOlderThan(old[1].createdAt + 1)).toBe(2);
    for (const r of old) expect(store.responses.get(r.id)).toBeNull();
    expect(store.responses.get(recent.id)).toEqual(recent);
    expect(segmentFiles(dir)).toHaveLength(2);
    // The segment taking ids is kept, however old its responses.
    expect(store.responses.deleteOlderThan(clock.now() + HOUR)).toBe(0);
    expect(store.responses.get(recent.id)).toEqual(recent);
    // A response of a pruned segment that ends late is not written, and says so.
    const late = { ...old[0], createdAt: clock.now() };
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    store.responses.put(late);
    store.responses.flush();
    expect(error.mock.calls[0]?.[0]).toMatch(/1 stored responses were not written/);
    error.mockRestore();
    expect(store.responses.get(late.id)).toBeNull();
  });

  it('still reads, deletes and prunes rows of the SQLite table from before the segments', () => {
    const store = openStore();
    const insert = store.db.prepare(
      'INSERT INTO stored_responses (id, key_id, created_at, input, response) VALUES (?, ?, ?, ?, ?)',
    );
    const legacy = (i: number) => ({
      id: `resp_${String(i).padStart(32, '0')}`,
      keyId: null,
      createdAt: i,
      input: [],
      response: { n: i },
    });
    for (const r of [legacy(5), legacy(6), legacy(500)]) {
      insert.run(r.id, r.keyId, r.createdAt, JSON.stringify(r.input), JSON.stringify(r.response));
    }
    expect(store.responses.get(legacy(5).id)).toEqual(legacy(5));
    expect(store.responses.delete(legacy(5).id)).toBe(true);
    expect(store.responses.get(legacy(5).id)).toBeNull();
    expect(store.responses.deleteOlderThan(100)).toBe(1);
    expect(store.responses.get(legacy(6).id)).toBeNull();
    expect(store.responses.get(legacy(500).id)).toEqual(legacy(500));
    expect(existsSync(join(store.path, '..', 'responses'))).toBe(false);
  });
});
