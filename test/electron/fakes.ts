// Minimal, faithful stand-ins for the Electron objects the desktop shell talks to (Electron cannot
// run here). Each records what the code under test registered, so a test can drive it the way
// Electron would: call the handler, emit the event, read the reply.
import { EventEmitter } from 'node:events';
import type { FrameLike } from '../../electron/main/security';

type HeadersListener = (
  details: { url: string; resourceType: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]>; cancel?: boolean }) => void,
) => void;
type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string; isMainFrame: boolean },
) => void;
type PermissionCheckHandler = (
  contents: unknown,
  permission: string,
  origin: string,
  details: { requestingUrl?: string; isMainFrame: boolean },
) => boolean;

export class FakeSession {
  headersListener: HeadersListener | null = null;
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;

  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
  };

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }

  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void {
    this.devicePermissionHandler = handler;
  }

  /** What Electron would do with a response: run the listener and return the headers it set. */
  respond(url: string, responseHeaders: Record<string, string[]> = {}): Record<string, string | string[]> | undefined {
    if (!this.headersListener) throw new Error('no onHeadersReceived listener registered');
    let result: { responseHeaders?: Record<string, string | string[]> } | undefined;
    this.headersListener({ url, resourceType: 'mainFrame', responseHeaders }, (r) => {
      result = r;
    });
    if (!result) throw new Error('the onHeadersReceived listener never called back');
    return result.responseHeaders;
  }

  /** A permission request as Electron makes it; resolves to whether it was granted. */
  request(permission: string, requestingUrl: string, isMainFrame = true): boolean {
    if (!this.permissionRequestHandler) throw new Error('no permission request handler registered');
    let granted: boolean | undefined;
    this.permissionRequestHandler(
      {},
      permission,
      (g) => {
        granted = g;
      },
      { requestingUrl, isMainFrame },
    );
    if (granted === undefined) throw new Error('the permission request handler never answered');
    return granted;
  }

  check(permission: string, requestingUrl: string, isMainFrame = true): boolean {
    if (!this.permissionCheckHandler) throw new Error('no permission check handler registered');
    return this.permissionCheckHandler({}, permission, new URL(requestingUrl).origin, { requestingUrl, isMainFrame });
  }
}

/** An Electron-style event: the listener may call preventDefault(). */
export function fakeEvent<T extends object>(fields: T): T & { preventDefault: () => void; defaultPrevented: boolean } {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  destroyed = false;

  constructor(public mainFrame: FrameLike) {
    super();
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  /** window.open(url) from the page, as Electron routes it. */
  open(url: string): { action: 'allow' | 'deny' } {
    if (!this.windowOpenHandler) throw new Error('no window open handler: Electron would allow the popup');
    return this.windowOpenHandler({ url });
  }

  /** Emits a cancellable navigation event and says whether a listener cancelled it. */
  navigate(eventName: 'will-navigate' | 'will-redirect', url: string): boolean {
    const event = fakeEvent({ url });
    this.emit(eventName, event, url);
    return event.defaultPrevented;
  }
}

type InvokeListener = (event: { senderFrame: FrameLike | null }, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** ipcRenderer.invoke(channel, input) arriving from `senderFrame`. */
  async invoke(channel: string, senderFrame: FrameLike | null, input: unknown): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener({ senderFrame }, input);
  }
}

export const topFrame = (url: string): FrameLike => ({ url, parent: null });
export const subFrame = (url: string): FrameLike => ({ url, parent: topFrame('file:///elsewhere.html') });
