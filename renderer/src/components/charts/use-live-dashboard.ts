// Keeps a dashboard live while its page is on screen: watched (so each scrape round's
// `telemetry.samples` event refreshes it, throttled in the slice), plus a slow timer for the
// times no engine is scraped (e.g. only cloud traffic moves the spend).
import { useEffect } from 'react';
import { actions } from '../../store';
import type { DashboardName } from '../../store/dashboards-slice';

export const SLOW_REFRESH_MS = 10_000;

export function useLiveDashboard(name: DashboardName): void {
  useEffect(() => {
    const unwatch = actions().watchDashboard(name);
    const timer = setInterval(() => actions().refreshDashboards(), SLOW_REFRESH_MS);
    return () => {
      clearInterval(timer);
      unwatch();
    };
  }, [name]);
}
