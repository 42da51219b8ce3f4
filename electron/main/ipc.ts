// The IPC bridge, main side: one ipcMain handler per contract call and every core event pushed to
// our windows. Input checking lives in the core's dispatch (shared with the HTTP bridge); this
// module adds only the desktop's own rule: the call must come from our renderer's top frame.
// Electron is passed in (types only here), so the bridge is tested in plain Node.
import { callNames, ipcCallChannel, ipcEventChannel, type BridgeReply, type CallName } from '../../shared/contract';
import { dispatch, type Handlers } from '../core/api/dispatch';
import type { EventBus } from '../core/events';
import { isTrustedSender, type FrameLike } from './security';

export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
}

/** The part of Electron's ipcMain the bridge uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The part of a WebContents that receives push events. */
export interface EventRecipient {
  isDestroyed(): boolean;
  readonly mainFrame: FrameLike;
  send(channel: string, ...args: unknown[]): void;
}

export interface IpcBridgeOptions {
  ipcMain: IpcMainLike;
  handlers: Handlers;
  events: EventBus;
  /** file:// URL of our renderer page; only its top frame may call. */
  rendererUrl: string;
  /** Where push events go: our windows' web contents. */
  recipients: () => Iterable<EventRecipient>;
}

export function unauthorizedReply(name: CallName): BridgeReply<never> {
  return {
    ok: false,
    error: {
      code: 'unauthorized',
      message: `${name} was refused: admin calls are accepted only from Switchyard's own window. Reload the window if this keeps happening.`,
    },
  };
}

/** Registers every call handler and starts forwarding events. Returns a function that undoes both. */
export function registerIpcBridge({
  ipcMain,
  handlers,
  events,
  rendererUrl,
  recipients,
}: IpcBridgeOptions): () => void {
  for (const name of callNames) {
    ipcMain.handle(ipcCallChannel(name), (event, input) => {
      if (!isTrustedSender(event.senderFrame, rendererUrl)) {
        console.warn(`[ipc] refused ${name} from ${describeFrame(event.senderFrame)}`);
        return unauthorizedReply(name);
      }
      return dispatch(handlers, name, input);
    });
  }

  const unsubscribe = events.onAny((name, payload) => {
    const channel = ipcEventChannel(name);
    for (const contents of recipients()) {
      // A window that has navigated elsewhere (it should not be able to) gets nothing.
      if (!contents.isDestroyed() && isTrustedSender(contents.mainFrame, rendererUrl)) contents.send(channel, payload);
    }
  });

  return () => {
    unsubscribe();
    for (const name of callNames) ipcMain.removeHandler(ipcCallChannel(name));
  };
}

function describeFrame(frame: FrameLike | null): string {
  if (!frame) return 'a frame that no longer exists';
  try {
    return `${frame.parent === null ? 'top frame' : 'sub-frame'} ${frame.url || '(no URL)'}`;
  } catch {
    return 'a disposed frame';
  }
}
