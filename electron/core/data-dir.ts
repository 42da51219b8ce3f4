// Where data lives: --data-dir, else $SWITCHYARD_DATA_DIR, else the OS app-data folder (the same
// folder Electron's app.getPath('userData') gives, so desktop and headless share it).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function defaultDataDir(): string {
  if (process.env.SWITCHYARD_DATA_DIR) return resolve(process.env.SWITCHYARD_DATA_DIR);
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Switchyard');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Switchyard');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Switchyard');
}
