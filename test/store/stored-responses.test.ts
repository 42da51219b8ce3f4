// Stored responses (POST /v1/responses with store: true) on a real SQLite file: batches of many
// rows, read back from memory before their commit and from the file after it, and pruned by age.
import { describe, expect, it } from 'vitest';
import { useTempStores } from '../support/temp-store';

const { openStore } = useTempStores('stored-responses');

const row = (i: number) => ({
  id: `resp_${String(i).padStart(32, '0')}`,
  keyId: i % 3 === 0 ? null : `key-${i % 3}`,
  createdAt: 1_000 + i,
  input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: `turn ${i} “ü”` }] }],
  response: { id: `resp_${i}`, object: 'response', output: [{ type: 'message', text: 'x'.repeat(i) }] },
});

describe('stored responses', () => {
  it('writes batches of any size (past one INSERT statement’s rows) and reads every row back as it was put', () => {
    const store = openStore();
    // 1, a statement's worth, one more, and several statements with a remainder.
    for (const size of [1, 32, 33, 101]) {
      const rows = Array.from({ length: size }, (_, i) => row(size * 1_000 + i));
      for (const r of rows) store.responses.put(r);
      // Before the commit: from memory.
      expect(store.responses.get(rows[size - 1].id)?.response).toEqual(rows[size - 1].response);
      store.responses.flush();
      for (const r of rows) {
        const got = store.responses.get(r.id);
        expect(got).toEqual({ id: r.id, keyId: r.keyId, createdAt: r.createdAt, input: r.input, response: r.response });
      }
    }
    const count = store.db.prepare('SELECT count(*) AS n FROM stored_responses').get() as { n: number };
    expect(count.n).toBe(1 + 32 + 33 + 101);
  });

  it('keeps the newest of a response put twice in one batch, and deletes and prunes what is written or queued', () => {
    const store = openStore();
    store.responses.put(row(1));
    store.responses.put({ ...row(1), response: { replaced: true } });
    store.responses.put(row(2));
    store.responses.flush();
    expect(store.responses.get(row(1).id)?.response).toEqual({ replaced: true });
    expect(store.responses.delete(row(2).id)).toBe(true);
    expect(store.responses.get(row(2).id)).toBeNull();
    store.responses.put(row(500));
    store.responses.flush();
    expect(store.responses.deleteOlderThan(1_000 + 100)).toBe(1);
    expect(store.responses.get(row(1).id)).toBeNull();
    expect(store.responses.get(row(500).id)).not.toBeNull();
  });
});
