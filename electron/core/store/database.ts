// Opens the Switchyard SQLite file: WAL mode, foreign keys on, numbered migrations applied in one
// transaction each. Refuses, with a message a person can act on, a data dir it cannot write, a
// file that is not SQLite, another program's database, or a schema from a newer Switchyard —
// and in every refusal leaves the file untouched.
import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { restrictDataDir } from '../data-dir';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';

/** PRAGMA application_id of every Switchyard database: 'SWYD'. */
export const SWITCHYARD_APPLICATION_ID = 0x53575944;
export const DATABASE_FILE = 'switchyard.db';

export class StoreError extends Error {
  constructor(
    message: string,
    readonly reason: 'data-dir' | 'not-sqlite' | 'foreign-database' | 'newer-schema' | 'io',
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export function ensureDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (!statSync(dataDir).isDirectory()) throw new Error('not a directory');
    accessSync(dataDir, constants.W_OK | constants.R_OK);
    restrictDataDir(dataDir);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new StoreError(
      `Cannot use the data directory ${dataDir} (${why}). Fix its permissions, or choose another with --data-dir or SWITCHYARD_DATA_DIR.`,
      'data-dir',
    );
  }
}

export function openDatabase(dataDir: string): Database.Database {
  ensureDataDir(dataDir);
  const path = join(dataDir, DATABASE_FILE);
  const existed = existsSync(path) && statSync(path).size > 0;
  let db: Database.Database;
  try {
    // Created owner-only before SQLite opens it: SQLite gives -wal and -shm the same mode.
    if (!existsSync(path)) writeFileSync(path, '', { mode: 0o600, flag: 'wx' });
    // The desktop shell runs under Electron's ABI and points at its own build of the native module.
    const nativeBinding = process.env.SWITCHYARD_SQLITE_BINDING;
    db = new Database(path, nativeBinding ? { nativeBinding } : {});
  } catch (err) {
    throw new StoreError(`Cannot open ${path}: ${(err as Error).message}. Check the file's permissions.`, 'io');
  }
  try {
    checkIdentity(db, path, existed);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StoreError(
        `${path} is not a SQLite database (${code}). Switchyard left it untouched: move it aside or choose another --data-dir.`,
        'not-sqlite',
      );
    }
    if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
      throw new StoreError(
        `Cannot write ${path} (${code}). Fix its permissions or choose another --data-dir.`,
        'data-dir',
      );
    }
    throw err;
  }
}

function checkIdentity(db: Database.Database, path: string, existed: boolean): void {
  // The first read is what fails with SQLITE_NOTADB on a file that is not SQLite.
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = (db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number }).n;
  if (applicationId === SWITCHYARD_APPLICATION_ID) {
    if (version > LATEST_SCHEMA_VERSION) {
      throw new StoreError(
        `${path} was written by a newer Switchyard (schema ${version}, this one knows up to ${LATEST_SCHEMA_VERSION}). Upgrade Switchyard; the file was not changed.`,
        'newer-schema',
      );
    }
    return;
  }
  if (existed && (tables > 0 || applicationId !== 0)) {
    throw new StoreError(
      `${path} is a SQLite database, but not Switchyard's (application_id ${applicationId}, ${tables} tables). It was left untouched: move it aside or choose another --data-dir.`,
      'foreign-database',
    );
  }
  db.pragma(`application_id = ${SWITCHYARD_APPLICATION_ID}`);
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
