// The window.switchyard surface, derived from the contract: one method per admin call and one
// subscribe method per push event. Each method is bound to its own channel here, so the page can
// never name a channel, and it never sees ipcRenderer or an IpcRendererEvent (whose `sender` is
// ipcRenderer itself). No 'electron' import: the preload passes ipcRenderer in.
import {
  callNames,
  eventNames,
  ipcCallChannel,
  ipcEventChannel,
  type BridgeReply,
  type PreloadBridge,
} from '../../shared/contract';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function buildBridge(ipc: IpcRendererLike): PreloadBridge {
  const calls: Record<string, (input: unknown) => Promise<BridgeReply<unknown>>> = {};
  for (const name of callNames) {
    const channel = ipcCallChannel(name);
    calls[name] = (input) => ipc.invoke(channel, input) as Promise<BridgeReply<unknown>>;
  }

  const events: Record<string, (listener: (payload: unknown) => void) => () => void> = {};
  for (const name of eventNames) {
    const channel = ipcEventChannel(name);
    events[name] = (listener) => {
      if (typeof listener !== 'function') throw new TypeError(`switchyard.events['${name}'] takes a function`);
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    };
  }

  return Object.freeze({ calls: Object.freeze(calls), events: Object.freeze(events) }) as unknown as PreloadBridge;
}
