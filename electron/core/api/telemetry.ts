// telemetry.*: the engines' scraped samples (telemetry/scraper.ts stores them; the live ones also
// arrive as `telemetry.samples` events).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';

const MINUTE_MS = 60_000;

export function telemetryHandlers(ctx: CoreContext): Pick<Handlers, 'telemetry.recent'> {
  return {
    'telemetry.recent': ({ target, minutes }) => {
      const now = ctx.clock.now();
      // `to` is exclusive in the repo: one past now keeps a sample taken this very millisecond.
      return ctx.store.deploymentSamples.range(target, now - minutes * MINUTE_MS, now + 1);
    },
  };
}
