// Retention: raw request rows older than the `retentionDays` setting are deleted at start and
// every hour after (rollups, when they exist, are kept).
import type { Clock } from './clock';
import type { Store } from './store';

const EVERY_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function applyRetention(store: Store, clock: Clock): number {
  return store.requestLog.deleteOlderThan(clock.now() - store.settings.get().retentionDays * DAY_MS);
}

export function startRetention(store: Store, clock: Clock): () => void {
  applyRetention(store, clock);
  const timer = setInterval(() => applyRetention(store, clock), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
