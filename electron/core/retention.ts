// Retention: raw request rows, GPU samples and deployment samples older than the `retentionDays`
// setting are deleted at start and every hour after (rollups, when they exist, are kept), and
// stored responses older than theirs (responses.retentionDays, 30 by default).
import type { Clock } from './clock';
import type { Store } from './store';

const EVERY_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Returns how many request rows went. */
export function applyRetention(store: Store, clock: Clock): number {
  const before = clock.now() - store.settings.get().retentionDays * DAY_MS;
  store.gpuSamples.deleteOlderThan(before);
  store.deploymentSamples.deleteOlderThan(before);
  // Stored responses (POST /v1/responses with store: true) have their own retention setting.
  store.responses.deleteOlderThan(clock.now() - store.responses.retentionDays() * DAY_MS);
  return store.requestLog.deleteOlderThan(before);
}

export function startRetention(store: Store, clock: Clock): () => void {
  applyRetention(store, clock);
  const timer = setInterval(() => applyRetention(store, clock), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
