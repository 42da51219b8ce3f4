// The renderer's one API client, typed by the shared contract. Underneath it is either the
// Electron preload bridge (IPC) or the headless admin API (HTTP + server-sent events); pages
// cannot tell which.
import type {
  ApiErrorBody,
  BridgeReply,
  CallInput,
  CallName,
  CallResult,
  EventName,
  EventPayload,
  PreloadBridge,
} from '../../../shared/contract';
import { httpTransport } from './http-transport';
import type { Transport } from './transport';

export type { Transport } from './transport';

export class ApiCallError extends Error {
  readonly code: ApiErrorBody['code'];
  readonly fields: ApiErrorBody['fields'];
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiCallError';
    this.code = body.code;
    this.fields = body.fields;
  }
}

declare global {
  interface Window {
    switchyard?: PreloadBridge;
  }
}

function ipcTransport(bridge: PreloadBridge): Transport {
  return {
    call: (name, input) => (bridge.calls[name] as (i: unknown) => Promise<BridgeReply<unknown>>)(input),
    subscribe: (name, listener) => (bridge.events[name] as (l: (p: unknown) => void) => () => void)(listener),
  };
}

export function createApi(transport: Transport) {
  return {
    async call<N extends CallName>(
      name: N,
      ...args: Record<never, never> extends CallInput<N> ? [input?: CallInput<N>] : [input: CallInput<N>]
    ): Promise<CallResult<N>> {
      const reply = await transport.call(name, args[0] ?? {});
      if (!reply.ok) throw new ApiCallError(reply.error);
      return reply.result as CallResult<N>;
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
      return transport.subscribe(name, listener as (p: unknown) => void);
    },
    bridge: (typeof window !== 'undefined' && window.switchyard ? 'ipc' : 'http') as 'ipc' | 'http',
  };
}

export type Api = ReturnType<typeof createApi>;

export const api: Api = createApi(
  typeof window !== 'undefined' && window.switchyard ? ipcTransport(window.switchyard) : httpTransport(),
);
