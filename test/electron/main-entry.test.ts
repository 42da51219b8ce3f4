// The built main process (out/main/index.js, exactly what Electron would run) driven end to end
// with a stand-in for the 'electron' module: it takes the single-instance lock, sandboxes every
// renderer, starts the real core on a real data folder with the real gateway bundle in a child
// process, guards the session, opens one window on the built renderer, answers the renderer over
// IPC (and only the renderer), shows the gateway in the tray, and on quit closes the core and the
// gateway before letting the app exit.
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { callNames, ipcCallChannel, type BridgeReply } from '../../shared/contract';
import type { SystemStatus } from '../../shared/schemas';
import { Store } from '../../electron/core/store';
import { FakeIpcMain, FakeSession, FakeWebContents, fakeEvent, topFrame } from './fakes';
import { freePort } from '../support/net';

const ROOT = join(__dirname, '..', '..');
const MAIN_BUNDLE = join(ROOT, 'out', 'main', 'index.js');
const RENDERER_URL = pathToFileURL(join(ROOT, 'out', 'renderer', 'index.html')).href;

/** The parts of Electron the main process uses, recording what it did with them. */
function fakeElectron() {
  const record = {
    appEvents: new EventEmitter(),
    paths: new Map<string, string>([['appData', join(tmpdir(), 'never-used-appData')]]),
    sandboxEnabled: false,
    quitCalls: 0,
    exitCodes: [] as number[],
    windows: [] as FakeWindow[],
    trays: [] as Array<{ tooltip: string }>,
    dialogs: [] as Array<{ detail?: string }>,
    gateways: [] as ChildProcess[],
    gatewayEnvs: [] as Record<string, string>[],
    notifications: [] as Array<{ title: string; body: string }>,
    session: new FakeSession(),
    ipcMain: new FakeIpcMain(),
  };

  class FakeWindow extends EventEmitter {
    readonly loaded: string[] = [];
    readonly webContents: FakeWebContents;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      this.webContents = new FakeWebContents(topFrame(RENDERER_URL));
      record.windows.push(this);
      record.appEvents.emit('web-contents-created', fakeEvent({}), this.webContents);
    }
    loadFile(file: string) {
      this.loaded.push(file);
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    show() {}
    focus() {}
    restore() {}
    static getAllWindows() {
      return record.windows;
    }
  }

  const app = {
    isPackaged: false,
    setName() {},
    setPath: (name: string, path: string) => void record.paths.set(name, path),
    getPath: (name: string) => record.paths.get(name)!,
    getAppPath: () => ROOT,
    enableSandbox: () => void (record.sandboxEnabled = true),
    requestSingleInstanceLock: () => true,
    on: (event: string, listener: (...args: unknown[]) => void) => record.appEvents.on(event, listener),
    whenReady: () => Promise.resolve(),
    quit: () => void (record.quitCalls += 1),
    exit: (code: number) => void record.exitCodes.push(code),
  };

  const module = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: record.ipcMain,
    session: { defaultSession: record.session },
    shell: { openExternal: () => Promise.resolve() },
    clipboard: { writeText() {} },
    nativeTheme: { shouldUseDarkColors: false },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    dialog: {
      showErrorBox: (title: string, message: string) => {
        throw new Error(`startup failed: ${title}: ${message}`);
      },
      showMessageBox: (options: { detail?: string }) => {
        record.dialogs.push(options);
        return Promise.resolve({ response: 1 });
      },
    },
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
    // The OS keychain: "encrypts" by XOR, enough to see that secret.key is not stored bare.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((x) => x ^ 0x5a)),
      decryptString: (sealed: Buffer) => Buffer.from(sealed.map((x) => x ^ 0x5a)).toString('utf8'),
    },
    Notification: Object.assign(
      class {
        constructor(readonly options: { title: string; body: string }) {}
        on() {}
        show() {
          record.notifications.push(this.options);
        }
      },
      { isSupported: () => true },
    ),
    Tray: class {
      tooltip = '';
      constructor() {
        record.trays.push(this);
      }
      on() {}
      setToolTip(text: string) {
        this.tooltip = text;
      }
      setContextMenu() {}
      destroy() {}
    },
    // A utility process is a Node child with a message channel: a forked child is the same thing.
    utilityProcess: {
      fork(modulePath: string, args: string[], options: { env: Record<string, string> }) {
        record.gatewayEnvs.push(options.env);
        const child = fork(modulePath, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
        record.gateways.push(child);
        const signal = child.kill.bind(child);
        return Object.assign(child, {
          kill: () => signal('SIGTERM'),
          postMessage: (message: unknown) => child.send(message as object),
        });
      },
    },
  };
  return { module, record };
}

describe('out/main/index.js with a stand-in Electron', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-desktop-'));
  const signalListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const originalLoad = (Module as unknown as { _load: (...args: unknown[]) => unknown })._load;
  const { module: electron, record } = fakeElectron();

  afterAll(() => {
    (Module as unknown as { _load: unknown })._load = originalLoad;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal))
        if (!signalListeners[signal].includes(listener)) process.off(signal, listener);
    }
    for (const child of record.gateways) if (child.exitCode === null) child.kill('SIGKILL');
    delete process.env.SWITCHYARD_DATA_DIR;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, serves the renderer over IPC, and quits cleanly', async () => {
    expect(existsSync(MAIN_BUNDLE), 'build first: npm run build').toBe(true);
    const gatewayPort = await freePort();
    const seeded = Store.open(dataDir);
    seeded.settings.update({ gatewayPort });
    seeded.close();

    process.env.SWITCHYARD_DATA_DIR = dataDir;
    (Module as unknown as { _load: (...args: unknown[]) => unknown })._load = function load(
      request: unknown,
      ...rest: unknown[]
    ) {
      return request === 'electron' ? electron : originalLoad.call(this, request, ...rest);
    };
    createRequire(MAIN_BUNDLE)(MAIN_BUNDLE);

    // Before 'ready': sandbox forced for all renderers, data folder = Electron profile folder.
    expect(record.sandboxEnabled).toBe(true);
    expect(record.paths.get('userData')).toBe(dataDir);

    // After 'ready': one window on the built renderer, with the secure preferences and the preload.
    await expect.poll(() => record.windows.length, { timeout: 20_000 }).toBe(1);
    const [window] = record.windows;
    expect(window.loaded).toEqual([join(ROOT, 'out', 'renderer', 'index.html')]);
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: join(ROOT, 'out', 'preload', 'index.js'),
    });
    expect(existsSync(window.options.webPreferences.preload as string)).toBe(true);
    // The guards are on the window's contents and the session.
    expect(window.webContents.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(window.webContents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(record.session.respond(RENDERER_URL)?.['Content-Security-Policy']).toBeDefined();
    expect(record.session.request('media', RENDERER_URL)).toBe(false);

    // Every contract call is wired; the renderer gets answers from the real core.
    expect([...record.ipcMain.handlers.keys()].sort()).toEqual(callNames.map(ipcCallChannel).sort());
    const reply = (await record.ipcMain.invoke(
      ipcCallChannel('system.status'),
      window.webContents.mainFrame,
      {},
    )) as BridgeReply<SystemStatus>;
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.result.shell).toBe('desktop');
    expect(reply.result.dataDir).toBe(dataDir);
    expect(reply.result.gateway).toMatchObject({ state: 'up', url: `http://127.0.0.1:${gatewayPort}` });
    const refused = (await record.ipcMain.invoke(
      ipcCallChannel('system.status'),
      topFrame('https://evil.example/'),
      {},
    )) as BridgeReply<unknown>;
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    // The gateway runs in its own process and answers; the tray says so; the new master key was shown once.
    expect(record.gateways).toHaveLength(1);
    expect(record.gateways[0].pid).not.toBe(process.pid);
    expect(await (await fetch(`http://127.0.0.1:${gatewayPort}/health`)).json()).toEqual({ status: 'ok' });
    expect(record.trays[0].tooltip).toBe(`Switchyard — Gateway running at http://127.0.0.1:${gatewayPort}`);
    await expect.poll(() => record.dialogs.length).toBe(1);
    expect(record.dialogs[0].detail).toMatch(/^sk-\S+/);

    // secret.key is sealed by the OS keychain; the gateway process gets the data key handed over.
    expect(readFileSync(join(dataDir, 'secret.key')).subarray(0, 6).toString()).toBe('SYKC1:');
    expect(record.gatewayEnvs[0].SWITCHYARD_SECRET_KEY).toMatch(/^[0-9a-f]{64}$/);
    const added = (await record.ipcMain.invoke(ipcCallChannel('providers.add'), topFrame(RENDERER_URL), {
      name: 'cloud',
      kind: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      apiKey: 'sk-desktop-provider-key',
    })) as BridgeReply<{ hasApiKey: boolean }>;
    expect(added).toMatchObject({ ok: true, result: { hasApiKey: true } });

    // A key that passes its budget: the budget watcher's alert becomes a desktop notification.
    const created = (await record.ipcMain.invoke(ipcCallChannel('keys.create'), topFrame(RENDERER_URL), {
      alias: 'laptop',
      maxBudgetUsd: 1,
    })) as BridgeReply<{ info: { id: string } }>;
    const store = Store.open(dataDir);
    store.keys.update((created as { ok: true; result: { info: { id: string } } }).result.info.id, { spendUsd: 1 });
    store.close();
    await expect
      .poll(() => record.notifications, { timeout: 10_000 })
      .toEqual([
        {
          title: 'Key “laptop”: budget exhausted',
          body: '$1.00 of $1.00 spent. The gateway refuses its requests (429) until the budget is raised.',
        },
      ]);

    // Quit: held back until the core and its gateway are closed, then let through.
    const quit = fakeEvent({});
    record.appEvents.emit('before-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    await expect.poll(() => record.quitCalls, { timeout: 10_000 }).toBe(1);
    expect(record.gateways[0].exitCode ?? record.gateways[0].signalCode).not.toBeNull();
    const second = fakeEvent({});
    record.appEvents.emit('before-quit', second);
    expect(second.defaultPrevented).toBe(false);
    expect(record.exitCodes).toEqual([]);
  });
});
