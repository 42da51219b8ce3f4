// The dashboards' report types, from the shared contract (types only: no zod at runtime).
import type { CallResult } from '../../../shared/contract';

export type OverviewTiles = CallResult<'dashboards.overview'>;
export type SpendReport = CallResult<'dashboards.spend'>;
export type SpendGroupBy = SpendReport['groupBy'];
export type PerformanceReport = CallResult<'dashboards.performance'>;
export type PerformancePoint = PerformanceReport['points'][number];
export type GpuSeries = PerformanceReport['gpus'][number];
