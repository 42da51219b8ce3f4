// Store integration tests on real SQLite files in temp dirs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Store, StoreError } from '../../electron/core/store';
import { useTempStores } from '../support/temp-store';
import { SWITCHYARD_APPLICATION_ID } from '../../electron/core/store/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../electron/core/store/migrations';
import { DEFAULT_SETTINGS } from '../../shared/schemas';

const { tempDir, openStore } = useTempStores('store');

function expectStoreError(fn: () => unknown, reason: StoreError['reason'], message: RegExp) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).reason).toBe(reason);
    expect((err as StoreError).message).toMatch(message);
    return;
  }
  throw new Error('expected a StoreError');
}

describe('Store.open', () => {
  it('has its migrations (gathered from store/schema/) numbered 1, 2, 3… without gaps or repeats', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('creates the database in WAL mode with every migration applied and the local host present', () => {
    const dir = tempDir();
    const store = openStore(dir);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(store.db.pragma('application_id', { simple: true })).toBe(SWITCHYARD_APPLICATION_ID);
    const tables = (
      store.db.prepare(`SELECT name FROM sqlite_master WHERE type='table'`).all() as { name: string }[]
    ).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining(['settings', 'hosts', 'deployments', 'model_groups', 'virtual_keys', 'request_logs']),
    );
    expect(store.hosts.list().map((h) => h.name)).toEqual(['local']);
  });

  it('keeps data across reopen and does not re-run migrations', () => {
    const dir = tempDir();
    const first = openStore(dir);
    first.settings.update({ gatewayPort: 4100, retentionDays: 7 });
    first.hosts.add('gpu-box', 'ssh://me@gpu-box');
    first.close();
    const second = openStore(dir);
    expect(second.settings.get()).toEqual({ ...DEFAULT_SETTINGS, gatewayPort: 4100, retentionDays: 7 });
    expect(second.hosts.list().map((h) => h.name)).toEqual(['local', 'gpu-box']);
  });

  it('refuses a data dir it cannot create, saying what to do', () => {
    const dir = tempDir();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expectStoreError(() => Store.open(join(file, 'data')), 'data-dir', /Cannot use the data directory .*--data-dir/);
  });

  it('refuses a file that is not SQLite and leaves it byte for byte unchanged', () => {
    const dir = tempDir();
    const path = join(dir, 'switchyard.db');
    const content = 'these are my notes, not a database\n'.repeat(200);
    writeFileSync(path, content);
    expectStoreError(() => Store.open(dir), 'not-sqlite', /is not a SQLite database.*left it untouched/);
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it("refuses another program's SQLite database without changing it", () => {
    const dir = tempDir();
    const path = join(dir, 'switchyard.db');
    const other = new Database(path);
    other.exec(
      `CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos (name) VALUES ('cat.jpg');`,
    );
    other.close();
    const before = readFileSync(path);
    expectStoreError(() => Store.open(dir), 'foreign-database', /not Switchyard's/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a database written by a newer Switchyard', () => {
    const dir = tempDir();
    openStore(dir).close();
    const db = new Database(join(dir, 'switchyard.db'));
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    db.close();
    expectStoreError(() => Store.open(dir), 'newer-schema', /newer Switchyard.*Upgrade/);
  });
});

describe('settings', () => {
  it('validates updates against the schema and keeps the old value on a bad one', () => {
    const store = openStore(tempDir());
    expect(() => store.settings.update({ gatewayPort: 70000 })).toThrow();
    expect(store.settings.get().gatewayPort).toBe(DEFAULT_SETTINGS.gatewayPort);
  });

  it('falls back to the default for a stored value that no longer validates', () => {
    const store = openStore(tempDir());
    store.db.prepare(`INSERT INTO settings (key, value) VALUES ('retentionDays', '"forever"')`).run();
    expect(store.settings.get().retentionDays).toBe(DEFAULT_SETTINGS.retentionDays);
  });
});

describe('virtual keys', () => {
  it('stores only a hash and a display prefix, never the key', () => {
    const dir = tempDir();
    const store = openStore(dir);
    const { key, info } = store.keys.create({ alias: 'ci', models: ['chat'], maxBudgetUsd: 5, budgetDuration: '30d' });
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(info.prefix).toBe(`${key.slice(0, 6)}…${key.slice(-4)}`);
    expect(info.maxBudgetUsd).toBe(5);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(join(dir, 'switchyard.db')).toString('latin1');
    expect(bytes.includes(key)).toBe(false);
    expect(store.keys.list().map((k) => k.alias)).toEqual(['ci']);
  });

  it('revokes a key once and keeps its first revocation time', async () => {
    const store = openStore(tempDir());
    const { info } = store.keys.create({ models: [] });
    const first = store.keys.revoke(info.id)!;
    await new Promise((r) => setTimeout(r, 5));
    expect(store.keys.revoke(info.id)!.revokedAt).toBe(first.revokedAt);
    expect(store.keys.count()).toBe(0);
  });
});

describe('request log', () => {
  it('writes a batch in one transaction and reads the newest first', () => {
    const store = openStore(tempDir());
    const row = (i: number) => ({
      id: `r${i}`,
      at: 1_000 + i,
      keyId: null,
      modelGroup: 'chat',
      deployment: 'sim-a',
      status: 200,
      promptTokens: 10,
      completionTokens: 20,
      costUsd: 0.001,
      latencyMs: 12.5,
      ttftMs: 3,
      attempts: 1,
      errorClass: null,
    });
    store.requestLog.insertMany(Array.from({ length: 500 }, (_, i) => row(i)));
    expect(store.requestLog.count()).toBe(500);
    expect(store.requestLog.recent(2).map((r) => r.id)).toEqual(['r499', 'r498']);
    expect(store.requestLog.deleteOlderThan(1_100)).toBe(100);
    expect(store.requestLog.count()).toBe(400);
  });

  it('keeps minute, hour and day rollups that add up to the rows, and survive retention', () => {
    const store = openStore(tempDir());
    const t0 = Date.UTC(2026, 10, 21, 10, 0, 0);
    const row = (i: number, at: number, status = 200) => ({
      id: `q${i}`,
      at,
      keyId: 'k1',
      modelGroup: i % 2 ? 'chat' : 'embed',
      deployment: 'sim',
      status,
      promptTokens: 10,
      completionTokens: 5,
      costUsd: 0.01,
      latencyMs: 100,
      ttftMs: 20,
      attempts: 1,
      errorClass: null,
    });
    store.requestLog.insertMany([
      row(1, t0 + 1_000),
      row(2, t0 + 59_000),
      row(3, t0 + 61_000, 502),
      row(4, t0 + 3_600_000),
    ]);
    const minutes = store.requestLog.rollups('minute', t0, t0 + 86_400_000);
    expect(minutes.map((m) => [m.bucket - t0, m.requests, m.errors])).toEqual([
      [0, 2, 0],
      [60_000, 1, 1],
      [3_600_000, 1, 0],
    ]);
    const [day] = store.requestLog.rollups('day', t0 - 86_400_000, t0 + 86_400_000);
    expect(day).toMatchObject({ requests: 4, errors: 1, promptTokens: 40, completionTokens: 20 });
    expect(day.costUsd).toBeCloseTo(0.04, 10);
    expect(store.requestLog.rollups('hour', t0, t0 + 86_400_000, 'embed').map((h) => h.requests)).toEqual([1, 1]);
    expect(store.requestLog.rollups('hour', t0, t0 + 86_400_000, 'chat').map((h) => h.requests)).toEqual([2]);
    store.requestLog.deleteOlderThan(t0 + 86_400_000);
    expect(store.requestLog.count()).toBe(0);
    expect(store.requestLog.rollups('day', t0 - 86_400_000, t0 + 86_400_000)[0].requests).toBe(4);
  });

  it('counts each batch in the rollups as it lands, and folds rows an older version left unfolded at open', () => {
    const dir = tempDir();
    const store = openStore(dir);
    const t0 = Date.UTC(2026, 10, 21, 10, 0, 0);
    const row = (id: string, at: number) => ({
      id,
      at,
      keyId: null,
      modelGroup: 'chat',
      deployment: 'sim',
      status: 200,
      promptTokens: 7,
      completionTokens: 3,
      costUsd: 0.5,
      latencyMs: 10,
      ttftMs: null,
      attempts: 1,
      errorClass: null,
    });
    const dayTotals = (s: Store) => s.requestLog.rollups('day', t0 - 86_400_000, t0 + 86_400_000)[0];
    store.requestLog.insertMany([row('a', t0), row('b', t0 + 1)]);
    // No fold step between the write and the read: the batch is in every rollup already.
    expect(dayTotals(store)).toMatchObject({ requests: 2, promptTokens: 14, costUsd: 1 });
    expect(store.requestLog.spend.total('minute', t0, t0 + 60_000)).toMatchObject({ requests: 2, costUsd: 1 });
    store.close();

    // As an older version left a file: a row written past the fold mark, then the app stopped.
    const db = new Database(join(dir, 'switchyard.db'));
    db.prepare(
      `INSERT INTO request_logs (id, at, status, prompt_tokens, completion_tokens, cost_usd, latency_ms, attempts, model_group)
       VALUES ('c', ?, 200, 1, 1, 0.25, 5, 1, 'chat')`,
    ).run(t0 + 2);
    db.close();
    const reopened = openStore(dir);
    expect(dayTotals(reopened)).toMatchObject({ requests: 3, promptTokens: 15, costUsd: 1.25 });
    expect(reopened.requestLog.spend.total('hour', t0 - 3_600_000, t0 + 3_600_000)).toMatchObject({
      requests: 3,
      costUsd: 1.25,
    });
  });
});
