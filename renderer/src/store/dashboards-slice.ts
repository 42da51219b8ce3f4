// The Overview, Spend and Performance dashboards: each one's report from the core and the query
// behind it (range, grouping, target). Pages on screen "watch" their dashboard; live updates (the
// `telemetry.samples` event, and a slow timer on the page) call `refreshDashboards`, which
// re-queries the watched ones at most once per LIVE_REFRESH_MS each. Only the newest answer to a
// dashboard's query is kept, so a slow stale answer never replaces a newer one.
import type { StateCreator } from 'zustand';
import { ApiCallError, type Api } from '../api/client';
import { resolveRange } from '../components/charts/time-range';
import { errorMessage } from '../lib/errors';
import type { AppState, DashboardName, DashboardsSlice } from './state';

export type { DashboardName, SpendQuery, PerformanceQuery, DashboardsSlice } from './state';
import { idle, loaded } from './loadable';

/** The least time between two live refreshes of one dashboard, ms. */
export const LIVE_REFRESH_MS = 4_000;

/** The watched dashboards due a refresh at `now`. Pure. */
export function dueDashboards(
  watched: Partial<Record<DashboardName, number>>,
  startedAt: Partial<Record<DashboardName, number>>,
  now: number,
  minGapMs = LIVE_REFRESH_MS,
): DashboardName[] {
  return (Object.keys(watched) as DashboardName[]).filter(
    (name) => (watched[name] ?? 0) > 0 && now - (startedAt[name] ?? -Infinity) >= minGapMs,
  );
}

type ReportKey = 'overviewTiles' | 'spendReport' | 'performanceReport';

export const createDashboardsSlice =
  (api: Api): StateCreator<AppState, [], [], DashboardsSlice> =>
  (set, get) => {
    // Per dashboard: the newest query's number (older answers are dropped) and when it began.
    const sequence: Record<DashboardName, number> = { overview: 0, spend: 0, performance: 0 };
    const startedAt: Partial<Record<DashboardName, number>> = {};

    async function query<K extends ReportKey>(
      name: DashboardName,
      key: K,
      fetch: () => Promise<NonNullable<AppState[K]['data']>>,
    ): Promise<void> {
      const mine = ++sequence[name];
      startedAt[name] = Date.now();
      set({ [key]: { ...get()[key], loading: true } } as Partial<AppState>);
      try {
        const data = await fetch();
        if (mine === sequence[name]) set({ [key]: loaded(data) } as Partial<AppState>);
      } catch (err) {
        if (mine !== sequence[name]) return;
        set({
          [key]: {
            ...get()[key],
            loading: false,
            error: errorMessage(err),
            errorCode: err instanceof ApiCallError ? err.code : null,
          },
        } as Partial<AppState>);
      }
    }

    const loaders: Record<DashboardName, () => Promise<void>> = {
      overview: () => query('overview', 'overviewTiles', () => api.call('dashboards.overview')),
      spend: () => {
        const { range, groupBy } = get().spendQuery;
        return query('spend', 'spendReport', () =>
          api.call('dashboards.spend', { range: resolveRange(range, Date.now()), groupBy }),
        );
      },
      performance: () => {
        const { range, target } = get().performanceQuery;
        return query('performance', 'performanceReport', () =>
          api.call('dashboards.performance', { range: resolveRange(range, Date.now()), ...(target ? { target } : {}) }),
        );
      },
    };

    return {
      overviewTiles: idle(),
      spendReport: idle(),
      spendQuery: { range: { preset: '1h' }, groupBy: 'modelGroup' },
      performanceReport: idle(),
      performanceQuery: { range: { preset: '1h' }, target: null },
      watchedDashboards: {},
      loadOverview: loaders.overview,
      loadSpend: loaders.spend,
      loadPerformance: loaders.performance,
      setSpendQuery: (patch) => {
        set({ spendQuery: { ...get().spendQuery, ...patch } });
        void loaders.spend();
      },
      setPerformanceQuery: (patch) => {
        set({ performanceQuery: { ...get().performanceQuery, ...patch } });
        void loaders.performance();
      },
      exportSpendCsv: () => {
        const { range, groupBy } = get().spendQuery;
        return api.call('dashboards.spendCsv', { range: resolveRange(range, Date.now()), groupBy });
      },
      watchDashboard: (name) => {
        set({ watchedDashboards: { ...get().watchedDashboards, [name]: (get().watchedDashboards[name] ?? 0) + 1 } });
        void loaders[name]();
        return () => {
          const count = (get().watchedDashboards[name] ?? 1) - 1;
          const { [name]: _gone, ...rest } = get().watchedDashboards;
          set({ watchedDashboards: count > 0 ? { ...rest, [name]: count } : rest });
        };
      },
      refreshDashboards: (now = Date.now()) => {
        for (const name of dueDashboards(get().watchedDashboards, startedAt, now)) void loaders[name]();
      },
    };
  };
