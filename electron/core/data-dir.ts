// Where data lives: --data-dir, else $SWITCHYARD_DATA_DIR, else the OS app-data folder (the same
// folder Electron's app.getPath('userData') gives, so desktop and headless share it).
import { chmodSync, lstatSync, readdirSync, type Stats, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function defaultDataDir(): string {
  if (process.env.SWITCHYARD_DATA_DIR) return resolve(process.env.SWITCHYARD_DATA_DIR);
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Switchyard');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Switchyard');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Switchyard');
}

/** Files in the data dir that hold keys, spend and logs: owner-only, like the directory. */
const PRIVATE_FILES = ['switchyard.db', 'switchyard.db-wal', 'switchyard.db-shm', 'secret.key', 'instance.json'];
/** Folders of such files (stored responses' segments): 0700, every file in them 0600. */
const PRIVATE_FOLDERS = ['responses'];

/**
 * Makes the data dir readable by its owner only (0700) and its files 0600, including ones an
 * older Switchyard left 0755/0644. SQLite gives -wal and -shm the database file's mode, so a
 * database created 0600 keeps them 0600. POSIX only: Windows has no such mode bits.
 */
export function restrictDataDir(dataDir: string): void {
  if (process.platform === 'win32') return;
  const dirMode = statSync(dataDir).mode & 0o777;
  if (dirMode & 0o077) tighten(dataDir, dirMode & 0o700);
  for (const name of PRIVATE_FILES) restrictFile(join(dataDir, name));
  for (const name of PRIVATE_FOLDERS) restrictFolder(join(dataDir, name));
}

/** 0700 for a folder that exists (not a link) and 0600 for each file in it. */
function restrictFolder(path: string): void {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch {
    return;
  }
  if (!stats.isDirectory()) return;
  if (stats.mode & 0o077) tighten(path, stats.mode & 0o700);
  for (const name of readdirSync(path)) restrictFile(join(path, name));
}

/** 0600 for a file that exists; nothing for one that does not. */
export function restrictFile(path: string): void {
  if (process.platform === 'win32') return;
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch {
    return;
  }
  // A link is left alone: chmod would change whatever it points at.
  if (stats.isFile() && (stats.mode & 0o077) !== 0) tighten(path, stats.mode & 0o600);
}

/** chmod, or a warning where the owner is someone else: the data still opens, as before. */
function tighten(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (err) {
    console.warn(
      `[data] could not make ${path} private to its owner (${(err as NodeJS.ErrnoException).code}): other users may read it; run chmod ${mode.toString(8)} on it.`,
    );
  }
}
