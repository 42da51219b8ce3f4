// The store's request-log reader (store/request-log-reads.ts), prepared once per open store and
// shared by the Logs page, its export and the Playground.
import type { Store } from '../store';
import { RequestLogReads } from '../store/request-log-reads';

const readers = new WeakMap<Store, RequestLogReads>();

export function logReads(store: Store): RequestLogReads {
  let reads = readers.get(store);
  if (!reads) {
    reads = new RequestLogReads(store.db);
    readers.set(store, reads);
  }
  return reads;
}
