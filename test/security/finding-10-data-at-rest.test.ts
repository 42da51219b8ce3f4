// Finding 10: the data dir was 0755 and switchyard.db (+ -wal, -shm) 0644, so any user of the
// machine could read keys' hashes, spend and request logs. Checked on real files: a fresh data
// dir even under umask 000, and one an older Switchyard left open to everyone, fixed at open.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restrictDataDir } from '../../electron/core/data-dir';
import { loadDataKey } from '../../electron/core/secrets';
import { Store } from '../../electron/core/store';

const mode = (path: string) => statSync(path).mode & 0o777;
/** The stored responses' segment files, as paths in the data dir. */
const segments = (dir: string) => readdirSync(join(dir, 'responses')).map((name) => join('responses', name));
const open: Store[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

/** A store with something written, so -wal and -shm exist while it is open. */
function openWithWrites(dir: string): Store {
  const store = Store.open(dir);
  open.push(store);
  store.keys.create({ alias: 'a', models: [] });
  // A stored response, so the responses folder and a segment's two files exist.
  const id = store.responses.newId();
  store.responses.put({ id, keyId: null, createdAt: Date.now(), input: [], response: { id } });
  store.responses.flush();
  return store;
}

describe.skipIf(process.platform === 'win32')('finding 10: the data dir is private to its owner', () => {
  it('a fresh data dir is 0700 and its database files 0600, whatever the umask', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'switchyard-finding10-')), 'data');
    const previous = process.umask(0o000);
    try {
      openWithWrites(dir);
      loadDataKey(dir);
    } finally {
      process.umask(previous);
    }
    expect(mode(dir)).toBe(0o700);
    for (const file of ['switchyard.db', 'switchyard.db-wal', 'switchyard.db-shm', 'secret.key', ...segments(dir)])
      expect(mode(join(dir, file)).toString(8), file).toBe('600');
    expect(mode(join(dir, 'responses'))).toBe(0o700);
    expect(segments(dir)).toHaveLength(2);
  });

  it('a data dir left 0755 with 0644 files is fixed when it is opened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-finding10-'));
    const first = openWithWrites(dir);
    loadDataKey(dir);
    writeFileSync(join(dir, 'instance.json'), '{}\n');
    const files = [
      'switchyard.db',
      'switchyard.db-wal',
      'switchyard.db-shm',
      'secret.key',
      'instance.json',
      ...segments(dir),
    ];
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'responses'), 0o755);
    for (const file of files) chmodSync(join(dir, file), 0o644);
    expect(mode(join(dir, 'switchyard.db-wal'))).toBe(0o644);

    openWithWrites(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'responses'))).toBe(0o700);
    for (const file of files) expect(mode(join(dir, file)).toString(8), file).toBe('600');
    expect(first.keys.list()).toHaveLength(2);
  });

  it('leaves what a link points at alone, and other files in the dir untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-finding10-'));
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'switchyard-elsewhere-')), 'shared.json');
    writeFileSync(elsewhere, '{}');
    chmodSync(elsewhere, 0o644);
    symlinkSync(elsewhere, join(dir, 'instance.json'));
    mkdirSync(join(dir, 'Cache'));
    chmodSync(join(dir, 'Cache'), 0o755);
    restrictDataDir(dir);
    expect(mode(elsewhere)).toBe(0o644);
    expect(mode(join(dir, 'Cache'))).toBe(0o755);
    expect(mode(dir)).toBe(0o700);
  });
});
