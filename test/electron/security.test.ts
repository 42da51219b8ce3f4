// The desktop shell's security settings, asserted on what the code really registers: the window's
// options (through a fake BrowserWindow), the session's CSP header and permission handlers, the
// web-contents guards (window.open, navigation, redirects, <webview>) and the IPC bridge's sender
// check in front of the core's dispatch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames, ipcCallChannel, ipcEventChannel, type BridgeReply } from '../../shared/contract';
import type { GatewayStatus, Host } from '../../shared/schemas';
import type { Handlers } from '../../electron/core/api/dispatch';
import { EventBus } from '../../electron/core/events';
import { registerIpcBridge } from '../../electron/main/ipc';
import {
  applySessionGuards,
  CONTENT_SECURITY_POLICY,
  guardWebContents,
  isAllowedExternalUrl,
  isTrustedSender,
  secureWebPreferences,
  type GuardedContents,
  type GuardedSession,
} from '../../electron/main/security';
import { FakeIpcMain, FakeSession, FakeWebContents, fakeEvent, subFrame, topFrame } from './fakes';

const electron = vi.hoisted(() => {
  const windows: Array<{ options: Record<string, unknown>; loaded: string[] }> = [];
  class BrowserWindow {
    readonly loaded: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this);
    }
    once() {
      return this;
    }
    show() {}
    loadFile(file: string) {
      this.loaded.push(file);
      return Promise.resolve();
    }
  }
  return { windows, module: { BrowserWindow, nativeTheme: { shouldUseDarkColors: true } } };
});
vi.mock('electron', () => electron.module);

const ROOT = join(__dirname, '..', '..');
const RENDERER_FILE = join(ROOT, 'out', 'renderer', 'index.html');
const RENDERER_URL = pathToFileURL(RENDERER_FILE).href;

describe('window options', () => {
  it('creates the main window sandboxed, context-isolated, without Node, webSecurity untouched', async () => {
    const { createMainWindow, rendererUrlOf } = await import('../../electron/main/window');
    electron.windows.length = 0;
    createMainWindow({ preloadPath: '/app/out/preload/index.js', rendererFile: RENDERER_FILE });

    expect(electron.windows).toHaveLength(1);
    const [window] = electron.windows;
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.preload).toBe('/app/out/preload/index.js');
    expect(prefs).not.toHaveProperty('webSecurity');
    expect(window.options.show).toBe(false);
    expect(window.loaded).toEqual([RENDERER_FILE]);
    expect(rendererUrlOf(RENDERER_FILE)).toBe(RENDERER_URL);
  });

  it('never weakens the preferences whatever the preload path', () => {
    const prefs = secureWebPreferences('/elsewhere/preload.js');
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(Object.values(prefs)).not.toContain(undefined);
  });
});

describe('Content-Security-Policy', () => {
  it('is added to every response, keeping the other headers', () => {
    const session = new FakeSession();
    applySessionGuards(session as unknown as GuardedSession, RENDERER_URL);
    const headers = session.respond(RENDERER_URL, { 'X-Served-By': ['disk'] });
    expect(headers?.['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers?.['X-Served-By']).toEqual(['disk']);
    // A response trying to bring its own looser policy under the same name does not keep it.
    const overridden = session.respond('https://example.com/', { 'Content-Security-Policy': ['script-src *'] });
    expect(overridden?.['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('allows scripts only from the app: no inline, no eval, no remote origin', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...sources] = d.trim().split(/\s+/);
        return [name, sources] as const;
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/);
  });

  it('is the same policy as the <meta> tag of renderer/index.html', () => {
    const html = readFileSync(join(ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/);
    expect(meta, 'renderer/index.html has no CSP <meta> tag').not.toBeNull();
    const normalise = (policy: string) =>
      policy
        .split(';')
        .map((d) => d.trim().replace(/\s+/g, ' '))
        .filter(Boolean)
        .sort();
    expect(normalise(meta![1])).toEqual(normalise(CONTENT_SECURITY_POLICY));
  });
});

describe('permissions', () => {
  let session: FakeSession;
  beforeEach(() => {
    session = new FakeSession();
    applySessionGuards(session as unknown as GuardedSession, RENDERER_URL);
  });

  it('denies requests and checks by default, even from our own page', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'display-capture',
      'midiSysex',
      'openExternal',
      'clipboard-read',
      'unknown',
    ]) {
      expect(session.request(permission, RENDERER_URL), permission).toBe(false);
      expect(session.check(permission, RENDERER_URL), permission).toBe(false);
    }
    expect(session.devicePermissionHandler?.({ deviceType: 'usb', origin: 'file://' })).toBe(false);
  });

  it('grants clipboard writes only to our renderer top frame', () => {
    expect(session.request('clipboard-sanitized-write', `${RENDERER_URL}#/deployments`)).toBe(true);
    expect(session.check('clipboard-sanitized-write', RENDERER_URL)).toBe(true);
    expect(session.request('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(session.request('clipboard-sanitized-write', RENDERER_URL, false)).toBe(false);
    expect(session.check('clipboard-sanitized-write', 'file:///tmp/other.html')).toBe(false);
  });
});

describe('web contents guards', () => {
  let contents: FakeWebContents;
  let opened: string[];
  beforeEach(() => {
    contents = new FakeWebContents(topFrame(RENDERER_URL));
    opened = [];
    guardWebContents(contents as unknown as GuardedContents, {
      rendererUrl: RENDERER_URL,
      openExternal: (url) => void opened.push(url),
    });
  });

  it('denies every new window, sending only allowlisted https links to the browser', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(contents.open('https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct')).toEqual({ action: 'deny' });
    expect(contents.open('https://evil.example/phish')).toEqual({ action: 'deny' });
    expect(contents.open('http://huggingface.co/insecure')).toEqual({ action: 'deny' });
    expect(contents.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(contents.open('https://user:pw@github.com/')).toEqual({ action: 'deny' });
    expect(contents.open(RENDERER_URL)).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct']);
  });

  it('prevents navigation away from the renderer page', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-navigate', 'https://docs.vllm.ai/en/latest/')).toBe(true);
    expect(opened).toEqual(['https://docs.vllm.ai/en/latest/']);
    // Reloading our own page (any route) stays allowed.
    expect(contents.navigate('will-navigate', `${RENDERER_URL}#/settings`)).toBe(false);
  });

  it('prevents redirects away and every <webview>', () => {
    expect(contents.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    const attach = fakeEvent({});
    contents.emit('will-attach-webview', attach, {}, { src: 'https://evil.example/' });
    expect(attach.defaultPrevented).toBe(true);
  });

  it('allowlists only https without credentials or ports', () => {
    expect(isAllowedExternalUrl('https://github.com/vllm-project/vllm')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com:8443/')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });
});

describe('IPC sender check', () => {
  it('trusts only the top frame of our renderer file', () => {
    expect(isTrustedSender(topFrame(RENDERER_URL), RENDERER_URL)).toBe(true);
    expect(isTrustedSender(topFrame(`${RENDERER_URL}?x=1#/keys`), RENDERER_URL)).toBe(true);
    expect(isTrustedSender(subFrame(RENDERER_URL), RENDERER_URL)).toBe(false);
    expect(isTrustedSender(topFrame('https://evil.example/index.html'), RENDERER_URL)).toBe(false);
    expect(isTrustedSender(topFrame('file:///tmp/index.html'), RENDERER_URL)).toBe(false);
    expect(isTrustedSender(topFrame('file://remote-host/share/out/renderer/index.html'), RENDERER_URL)).toBe(false);
    expect(isTrustedSender(null, RENDERER_URL)).toBe(false);
    const disposed = {
      parent: null,
      get url(): string {
        throw new Error('Render frame was disposed');
      },
    };
    expect(isTrustedSender(disposed, RENDERER_URL)).toBe(false);
  });

  it('compares paths case-insensitively on Windows only', () => {
    const ours = 'file:///C:/Program%20Files/Switchyard/resources/app.asar/out/renderer/index.html';
    const chromium = 'file:///c:/Program%20Files/Switchyard/resources/app.asar/out/renderer/index.html';
    expect(isTrustedSender(topFrame(chromium), ours, 'win32')).toBe(true);
    expect(isTrustedSender(topFrame(chromium), ours, 'linux')).toBe(false);
  });
});

describe('IPC bridge', () => {
  const host: Host = {
    id: 'h1',
    name: 'gpu-box',
    endpoint: 'ssh://me@gpu-box',
    tlsCertDir: null,
    vramBudgetGib: null,
    createdAt: '2025-01-01T00:00:00.000Z',
  };
  let ipcMain: FakeIpcMain;
  let events: EventBus;
  let received: Array<{ name: string; input: unknown }>;
  let ours: FakeWebContents;
  let foreign: FakeWebContents;
  let gone: FakeWebContents;
  let dispose: () => void;

  beforeEach(() => {
    ipcMain = new FakeIpcMain();
    events = new EventBus();
    received = [];
    // Every handler records its (already validated) input; hosts.add answers like the real one.
    const handlers = new Proxy(
      {},
      {
        get: (_target, name: string) => (input: unknown) => {
          received.push({ name, input });
          return name === 'hosts.add' ? host : [];
        },
      },
    ) as Handlers;
    ours = new FakeWebContents(topFrame(RENDERER_URL));
    foreign = new FakeWebContents(topFrame('https://evil.example/'));
    gone = new FakeWebContents(topFrame(RENDERER_URL));
    gone.destroyed = true;
    dispose = registerIpcBridge({
      ipcMain,
      handlers,
      events,
      rendererUrl: RENDERER_URL,
      recipients: () => [ours, foreign, gone],
    });
  });

  it('registers exactly one handler per contract call', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(callNames.map((n) => ipcCallChannel(n)).sort());
    expect(ipcMain.handlers.has('switchyard:call:hosts.add')).toBe(true);
  });

  it('refuses a call from a foreign frame without running the handler', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const frame of [
      topFrame('https://evil.example/'),
      subFrame(RENDERER_URL),
      topFrame('file:///tmp/x.html'),
      null,
    ]) {
      const reply = (await ipcMain.invoke(ipcCallChannel('hosts.add'), frame, {
        name: 'x',
        endpoint: 'tcp://x:2376',
      })) as BridgeReply<Host>;
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('unauthorized');
    }
    expect(received).toEqual([]);
  });

  it('passes our calls through dispatch: validated input to the handler, its result back', async () => {
    const reply = await ipcMain.invoke(ipcCallChannel('hosts.add'), topFrame(`${RENDERER_URL}#/hosts`), {
      name: '  gpu-box  ',
      endpoint: 'ssh://me@gpu-box',
    });
    expect(reply).toEqual({ ok: true, result: host });
    // zod's trim ran: the handler got the parsed input, not the raw one.
    expect(received).toEqual([{ name: 'hosts.add', input: { name: 'gpu-box', endpoint: 'ssh://me@gpu-box' } }]);
  });

  it('answers bad input with the zod message naming each field', async () => {
    const reply = (await ipcMain.invoke(ipcCallChannel('hosts.add'), topFrame(RENDERER_URL), {
      name: 42,
      endpoint: 'http://nope',
    })) as BridgeReply<Host>;
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid_input');
    expect(reply.error.fields?.map((f) => f.path).sort()).toEqual(['endpoint', 'name']);
    expect(reply.error.message).toMatch(/name: .*expected string/i);
    expect(reply.error.message).toContain('endpoint: an endpoint such as unix:///var/run/docker.sock');
    const extra = (await ipcMain.invoke(ipcCallChannel('requests.recent'), topFrame(RENDERER_URL), {
      limit: 10,
      sneaky: true,
    })) as BridgeReply<unknown>;
    expect(extra.ok).toBe(false);
    expect(received).toEqual([]);
  });

  it('pushes core events to our window only', () => {
    const status: GatewayStatus = {
      state: 'up',
      url: 'http://127.0.0.1:4000',
      pid: 42,
      restarts: 0,
      lastExit: null,
      since: '2025-01-01T00:00:00.000Z',
    };
    events.emit('gateway.status', status);
    expect(ours.sent).toEqual([{ channel: ipcEventChannel('gateway.status'), args: [status] }]);
    expect(ours.sent[0].channel).toBe('switchyard:event:gateway.status');
    expect(foreign.sent).toEqual([]);
    expect(gone.sent).toEqual([]);
  });

  it('undoes everything on dispose', () => {
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    events.emit('keys.changed', { count: 1 });
    expect(ours.sent).toEqual([]);
  });
});
