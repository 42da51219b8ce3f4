import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logRow } from '../../test/support/log-row';
import { applyRetention } from './retention';
import { Store } from './store';

describe('retention', () => {
  it('deletes raw request rows older than retentionDays and keeps the rest', () => {
    const now = Date.UTC(2026, 10, 21);
    const store = Store.open(mkdtempSync(join(tmpdir(), 'sy-retention-')));
    store.settings.update({ retentionDays: 7 });
    const row = (id: string, ageDays: number) =>
      logRow({ id, at: now - ageDays * 86_400_000, modelGroup: 'g', deployment: 'd' });
    store.requestLog.insertMany([row('old', 8), row('edge', 6.9), row('new', 0)]);
    expect(applyRetention(store, { now: () => now })).toBe(1);
    expect(
      store.requestLog
        .recent(10)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['edge', 'new']);
    store.close();
  });
});
