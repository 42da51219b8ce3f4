// The replica's request-log spool on real files: what is appended is read back in order from the
// acknowledged offset, survives reopening (as after SIGKILL), loses only a torn last line (never
// acknowledged to a client), and is emptied once everything is acknowledged.
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogSpool } from '../../electron/core/replica/log-spool';
import type { NewRequestLog } from '../../electron/core/store/request-log';
import { logRow } from '../support/log-row';

const row = (id: string) => logRow({ id });
const ids = (rows: unknown[]) => rows.map((r) => (r as NewRequestLog).id);

describe('LogSpool', () => {
  it('reads rows back in order from the acknowledged offset, across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-spool-'));
    const spool = await LogSpool.open(dir);
    await spool.append([row('a'), row('b')]);
    await spool.append([row('c')]);
    const first = await spool.next(2, 1 << 20);
    expect(ids(first!.rows)).toEqual(['a', 'b']);
    await spool.markShipped(first!.end);
    await spool.close();

    const reopened = await LogSpool.open(dir);
    const rest = await reopened.next(10, 1 << 20);
    expect(ids(rest!.rows)).toEqual(['c']);
    await reopened.markShipped(rest!.end);
    expect(reopened.owed()).toBe(0);
    expect(await reopened.next(10, 1 << 20)).toBeNull();
    expect(statSync(join(dir, 'request-log.spool.jsonl')).size).toBe(0); // emptied once all is acknowledged
    await reopened.close();
  });

  it('cuts a torn last line and restarts from 0 when the offset is past the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-spool-'));
    const spool = await LogSpool.open(dir);
    await spool.append([row('a')]);
    await spool.close();
    appendFileSync(join(dir, 'request-log.spool.jsonl'), '{"id":"torn","at":');
    writeFileSync(join(dir, 'request-log.shipped'), '99999');
    const reopened = await LogSpool.open(dir);
    const batch = await reopened.next(10, 1 << 20);
    expect(ids(batch!.rows)).toEqual(['a']);
    await reopened.append([row('b')]);
    expect(readFileSync(join(dir, 'request-log.spool.jsonl'), 'utf8')).not.toContain('torn');
    expect(ids((await reopened.next(10, 1 << 20))!.rows)).toEqual(['a', 'b']);
    await reopened.close();
  });

  it('reads a row longer than the batch byte size whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-spool-'));
    const spool = await LogSpool.open(dir);
    await spool.append([{ ...row('long'), trace: 'x'.repeat(5_000) }]);
    const batch = await spool.next(10, 100);
    expect(ids(batch!.rows)).toEqual(['long']);
    await spool.close();
  });
});
