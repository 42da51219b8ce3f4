// Retention: raw request rows, GPU samples and deployment samples older than the `retentionDays`
// setting are deleted at start and every hour after (rollups, when they exist, are kept), stored
// responses older than theirs (responses.retentionDays, 30 by default), and captured bodies older
// than theirs (capture.retentionDays, 7 by default; never kept longer than their log rows).
import { readCaptureSettings } from './capture/capture-settings';
import type { Clock } from './clock';
import type { Store } from './store';
import { requestBodies } from './store/request-bodies';

const EVERY_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Returns how many request rows went. */
export function applyRetention(store: Store, clock: Clock): number {
  const logDays = store.settings.get().retentionDays;
  const before = clock.now() - logDays * DAY_MS;
  store.gpuSamples.deleteOlderThan(before);
  store.deploymentSamples.deleteOlderThan(before);
  // Stored responses (POST /v1/responses with store: true) have their own retention setting.
  store.responses.deleteOlderThan(clock.now() - store.responses.retentionDays() * DAY_MS);
  // So do captured bodies, bounded by the log's: a body never outlives its row.
  const bodyDays = Math.min(logDays, readCaptureSettings(store).retentionDays);
  requestBodies(store.db).deleteOlderThan(clock.now() - bodyDays * DAY_MS);
  return store.requestLog.deleteOlderThan(before);
}

export function startRetention(store: Store, clock: Clock): () => void {
  applyRetention(store, clock);
  const timer = setInterval(() => applyRetention(store, clock), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
