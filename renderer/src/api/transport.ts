// What carries the api client's calls and events: the preload bridge (IPC) or the headless admin
// API (HTTP). Its own module so the client and each transport share it without importing each other.
import type { BridgeReply, CallName, EventName } from '../../../shared/contract';

export interface Transport {
  call(name: CallName, input: unknown): Promise<BridgeReply<unknown>>;
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
}
