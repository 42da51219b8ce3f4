// The desktop shell's entry point. Glue only: one instance per data folder, the core started in
// this process with its gateway in a utility process, one secure window wired to the core over
// IPC, a tray showing the gateway's state, and a quit that closes the core before exiting.
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Notification,
  safeStorage,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { join, resolve } from 'node:path';
import { startCore, type Core } from '../core/core';
import { notifyBudgetAlerts } from './budget-notifications';
import { utilityProcessLauncher } from './gateway-launcher';
import { registerIpcBridge } from './ipc';
import { Keychain } from './keychain';
import { applySessionGuards, guardWebContents } from './security';
import { StatusTray } from './tray';
import { createMainWindow, rendererUrlOf } from './window';

const rendererFile = join(__dirname, '../renderer/index.html');
const rendererUrl = rendererUrlOf(rendererFile);
const preloadPath = join(__dirname, '../preload/index.js');
const gatewayEntry = join(__dirname, 'gateway.js');
// Packaged: electron-builder's extraResources; from a checkout: the repository's resources/.
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
const iconsDir = join(resourcesDir, 'icons');

const SHUTDOWN_TIMEOUT_MS = 10_000;

// The data folder is Electron's userData folder too (one profile per data folder), and is the
// same folder `switchyard serve` uses by default: <appData>/Switchyard, or $SWITCHYARD_DATA_DIR.
app.setName('Switchyard');
app.setPath(
  'userData',
  process.env.SWITCHYARD_DATA_DIR
    ? resolve(process.env.SWITCHYARD_DATA_DIR)
    : join(app.getPath('appData'), 'Switchyard'),
);

// The Electron-ABI build of better-sqlite3 (the one in node_modules is built for Node, for the
// CLI and tests). `npm start` passes its own; a packaged app carries it in its resources.
if (app.isPackaged && !process.env.SWITCHYARD_SQLITE_BINDING) {
  process.env.SWITCHYARD_SQLITE_BINDING = join(process.resourcesPath, 'native', 'better_sqlite3.node');
}

// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Switchyard owns this data folder; it was told to show its window (second-instance).
  app.quit();
} else {
  runDesktopShell();
}

function runDesktopShell(): void {
  let core: Core | null = null;
  let window: BrowserWindow | null = null;
  let tray: StatusTray | null = null;
  let disposeIpc: (() => void) | null = null;
  let _shutdown: Promise<void> | null = null;
  let shutDown = false;

  const showWindow = () => {
    if (!core) return;
    if (!window || window.isDestroyed()) {
      window = createMainWindow({ preloadPath, rendererFile, iconPath: join(iconsDir, 'icon.png') });
      window.on('closed', () => {
        window = null;
      });
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, { rendererUrl, openExternal: (url) => shell.openExternal(url) });
  });
  app.on('second-instance', showWindow);
  // macOS: clicking the dock icon with no window open.
  app.on('activate', showWindow);
  // macOS apps (and their gateway) stay up with no window; elsewhere closing the window quits.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('before-quit', (event) => {
    if (shutDown) return;
    event.preventDefault();
    _shutdown ??= closeEverything().finally(() => {
      shutDown = true;
      app.quit();
    });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  async function closeEverything(): Promise<void> {
    disposeIpc?.();
    tray?.destroy();
    tray = null;
    if (!core) return;
    const closing = core
      .close()
      .catch((err: unknown) => console.error(`[shell] closing the core failed: ${String(err)}`));
    const timeout = new Promise<void>((done) => setTimeout(done, SHUTDOWN_TIMEOUT_MS).unref());
    await Promise.race([closing, timeout]);
  }

  async function start(): Promise<void> {
    applySessionGuards(session.defaultSession, rendererUrl);

    // The secrets' data key (secret.key) sealed by the OS keychain where it offers real encryption;
    // else it stays a key file readable only by this user (mode 0600), as in headless mode.
    const keychain = new Keychain(safeStorage);
    const keychainStatus = keychain.status();
    if (!keychainStatus.available)
      console.warn(`[shell] secret.key not sealed by the OS keychain: ${keychainStatus.reason}`);
    core = await startCore({
      dataDir: app.getPath('userData'),
      shell: 'desktop',
      keyWrapper: keychainStatus.available ? keychain.keyWrapper() : undefined,
      launchGateway: utilityProcessLauncher(gatewayEntry, (modulePath, args, options) =>
        utilityProcess.fork(modulePath, args, options),
      ),
      log: (line) => console.log(`[core] ${line}`),
    });

    disposeIpc = registerIpcBridge({
      ipcMain,
      handlers: core.handlers,
      events: core.events,
      rendererUrl,
      recipients: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
    });

    try {
      tray = new StatusTray(iconsDir, core.gateway.current(), { open: showWindow, quit: () => app.quit() });
      core.events.on('gateway.status', (status) => tray?.update(status));
    } catch (err) {
      // Some Linux desktops have no tray; the window still works.
      console.warn(`[shell] no tray icon: ${String(err)}`);
    }

    notifyBudgetAlerts(
      core.events,
      (options) => new Notification(options),
      showWindow,
      () => Notification.isSupported(),
    );

    showWindow();
    if (core.generatedMasterKey) await showMasterKeyOnce(core.generatedMasterKey);
  }

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`[shell] Switchyard could not start: ${message}`);
      dialog.showErrorBox('Switchyard could not start', message);
      shutDown = true;
      const closing = core ? core.close().catch(() => undefined) : Promise.resolve();
      void closing.finally(() => app.exit(1));
    });

  async function showMasterKeyOnce(masterKey: string): Promise<void> {
    const { response } = await dialog.showMessageBox({
      type: 'info',
      title: 'Your master key',
      message: 'Switchyard generated a master key for its gateway.',
      detail: `${masterKey}\n\nIt is shown only this once and stored only as a hash. Use it as the bearer token for the gateway's admin routes; you can rotate it in Settings.`,
      buttons: ['Copy and close', 'Close'],
      defaultId: 0,
      cancelId: 1,
    });
    if (response === 0) clipboard.writeText(masterKey);
  }
}
